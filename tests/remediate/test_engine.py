"""The remediation engine's safety rules: exclusions (property test), blast radius, a failing call
in the middle of a batch, stale resources, resources not in the snapshot, foreign accounts,
automatic mode's attempts, and the audit trail."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from remediating import ACCOUNT, fix, scan, session

from compliance.errors import InputError
from compliance.evaluate import evaluate, select_rules
from compliance.hookspecs import hookimpl
from compliance.model import ConfigurationItem
from compliance.remediate import Auditor, CollectorRecollector, Exclusions, JsonlAuditLog, plan_actions
from compliance.remediate.config import load_config, parse_config
from compliance.remediate.engine import execute, failures_from_log, record_plan, remediate_automatically
from compliance.snapshot import new_snapshot

VERSIONING = "s3-bucket-versioning-enabled"
BUCKET = "AWS::S3::Bucket"


def bucket(name: str, *, account: str = ACCOUNT, tags: dict | None = None, status: str = "Off") -> ConfigurationItem:
    item = ConfigurationItem(
        resourceType=BUCKET,
        resourceId=name,
        accountId=account,
        awsRegion="us-east-1",
        arn=f"arn:aws:s3:::{name}",
        resourceName=name,
        tags=dict(tags or {}),
        configuration={"name": name},
        supplementaryConfiguration={"BucketVersioningConfiguration": {"status": status}},
    )
    item.configurationItemMD5Hash = item.compute_hash()
    return item


def evaluated(plugins, items, rule_ids=(VERSIONING,)):
    rules, _ = select_rules(plugins, [], list(rule_ids))
    return evaluate(new_snapshot(items), rules)


# --- exclusions: property test (no AWS: planning makes no call) --------------------------------

names = st.from_regex(r"[a-z][a-z0-9-]{2,12}", fullmatch=True)
buckets = st.lists(
    st.tuples(
        names,
        st.sampled_from([ACCOUNT, "111122223333", "444455556666"]),
        st.dictionaries(
            st.sampled_from(["compliance:exempt", "team", "env"]),
            st.sampled_from(["true", "TRUE", "false", "prod"]),
            max_size=2,
        ),
        st.sampled_from(["Off", "Suspended", "Enabled"]),
    ),
    max_size=12,
    unique_by=lambda b: (b[0], b[1]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    buckets=buckets,
    patterns=st.lists(st.sampled_from(["a*", "*-prod", "arn:aws:s3:::b*", "*x*", "c?d*"]), max_size=2),
    accounts=st.lists(st.sampled_from(["111122223333", "4444*"]), max_size=1),
    extra_tag=st.sampled_from([None, "env=prod", "team"]),
)
def test_no_excluded_resource_is_ever_planned(plugins, buckets, patterns, accounts, extra_tag):
    items = [bucket(n, account=a, tags=t, status=s) for n, a, t, s in buckets]
    exclusions = Exclusions().merged([extra_tag] if extra_tag else [], patterns, accounts)
    actions = plan_actions(evaluated(plugins, items), plugins.remediations, exclusions=exclusions)
    planned = {(a.evaluation.accountId, a.evaluation.resourceId) for a in actions if a.status == "planned"}
    for item in items:
        excluded = exclusions.reason(item) is not None
        key = (item.accountId, item.resourceId)
        if excluded:
            assert key not in planned
        elif item.supplementaryConfiguration["BucketVersioningConfiguration"]["status"] != "Enabled":
            assert key in planned  # a failing, non-excluded bucket is planned
        else:
            assert key not in planned  # compliant: nothing to do


def test_exclusion_reasons_name_the_rule_that_matched(plugins):
    items = [bucket("logs-a", tags={"compliance:exempt": "true"}), bucket("audit-1"), bucket("other", account="999")]
    exclusions = Exclusions().merged([], ["audit-*"], ["999"])
    actions = {
        a.evaluation.resourceId: a
        for a in plan_actions(evaluated(plugins, items), plugins.remediations, exclusions=exclusions)
    }
    assert actions["logs-a"].reason == "excluded: tagged compliance:exempt=true"
    assert actions["audit-1"].reason == "excluded: resource matches exclusion audit-*"
    assert actions["other"].reason == "excluded: account 999 is excluded (999)"
    assert {a.status for a in actions.values()} == {"skipped"}


def test_a_resource_not_in_this_runs_snapshot_is_never_planned(plugins):
    result = evaluated(plugins, [bucket("seen"), bucket("gone")])
    result.snapshot.configurationItems = [i for i in result.snapshot.configurationItems if i.resourceId != "gone"]
    actions = {a.evaluation.resourceId: a for a in plan_actions(result, plugins.remediations)}
    assert actions["seen"].status == "planned"
    assert (actions["gone"].status, actions["gone"].reason) == ("skipped", "not in this run's snapshot")


def test_unknown_enable_and_bad_parameter_are_input_errors(plugins):
    result = evaluated(plugins, [bucket("one")])
    with pytest.raises(InputError, match="unknown remediation 'nope'"):
        plan_actions(result, plugins.remediations, enabled=["nope"])
    result = evaluated(plugins, [bucket("one")], ["iam-password-policy"])
    account = ConfigurationItem(
        "AWS::::Account", ACCOUNT, accountId=ACCOUNT, awsRegion="global", configuration={"passwordPolicy": None}
    )
    result = evaluated(plugins, [account], ["iam-password-policy"])
    with pytest.raises(InputError, match="MinimumPasswordLength: expected integer"):
        plan_actions(
            result,
            plugins.remediations,
            overrides={"iam-strengthen-password-policy": {"MinimumPasswordLength": "long"}},
        )


# --- applying on moto -----------------------------------------------------------------------


@pytest.fixture
def aws():
    with mock_aws():
        yield boto3.Session(region_name="us-east-1")


def _buckets(aws, *names):
    for name in names:
        aws.client("s3").create_bucket(Bucket=name)


def _versioned(aws, name):
    return aws.client("s3").get_bucket_versioning(Bucket=name).get("Status") == "Enabled"


@pytest.mark.parametrize("limit", [0, 2])
def test_blast_radius_limit(aws, plugins, tmp_path, limit):
    _buckets(aws, "demo-a", "demo-b", "demo-c")
    before = scan(plugins, ["s3"], [VERSIONING])
    run = fix(plugins, before, ["s3"], tmp_path / "a.jsonl", max_changes=limit)
    applied = [a.evaluation.resourceId for a in run.actions if a.status == "applied"]
    limited = [a for a in run.actions if "blast-radius" in a.reason]
    assert len(applied) == limit and len(limited) == 3 - limit
    assert sum(_versioned(aws, n) for n in ("demo-a", "demo-b", "demo-c")) == limit


def test_a_failing_call_in_the_middle_is_reported_and_the_rest_go_on(aws, plugins, tmp_path, monkeypatch):
    _buckets(aws, "demo-a", "demo-b", "demo-c")
    before = scan(plugins, ["s3"], [VERSIONING])

    def deny_b(params, **_):
        if params.get("Bucket") == "demo-b":
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "denied by an SCP"}}, "PutBucketVersioning")

    real_client = boto3.Session.client

    def client(self, service, *args, **kwargs):
        made = real_client(self, service, *args, **kwargs)
        if service == "s3":
            made.meta.events.register("provide-client-params.s3.PutBucketVersioning", deny_b)
        return made

    monkeypatch.setattr(boto3.Session, "client", client)
    run = fix(plugins, before, ["s3"], tmp_path / "a.jsonl")
    by_bucket = {a.evaluation.resourceId: a for a in run.actions}
    assert by_bucket["demo-b"].status == "failed"
    assert by_bucket["demo-b"].error["code"] == "AccessDenied" and "denied by an SCP" in by_bucket["demo-b"].reason
    assert [by_bucket[n].verification for n in ("demo-a", "demo-c")] == ["fixed", "fixed"]
    assert (_versioned(aws, "demo-a"), _versioned(aws, "demo-b"), _versioned(aws, "demo-c")) == (True, False, True)
    records = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    failed = [r for r in records if r["event"] == "failed"]
    assert len(failed) == 1 and failed[0]["error"]["code"] == "AccessDenied"
    assert not run.ok


def test_a_resource_fixed_since_evaluation_is_not_touched(aws, plugins, tmp_path):
    _buckets(aws, "demo-a")
    before = scan(plugins, ["s3"], [VERSIONING])
    aws.client("s3").put_bucket_versioning(Bucket="demo-a", VersioningConfiguration={"Status": "Enabled"})
    run = fix(plugins, before, ["s3"], tmp_path / "a.jsonl")
    (action,) = run.actions
    assert action.status == "skipped"
    assert action.reason == "changed since evaluation; re-evaluated: COMPLIANT"


def test_a_resource_changed_but_still_failing_is_re_planned_and_fixed(aws, plugins, tmp_path):
    _buckets(aws, "demo-a")
    before = scan(plugins, ["s3"], [VERSIONING])
    aws.client("s3").put_bucket_tagging(Bucket="demo-a", Tagging={"TagSet": [{"Key": "team", "Value": "x"}]})
    run = fix(plugins, before, ["s3"], tmp_path / "a.jsonl")
    (action,) = run.actions
    assert (action.status, action.verification) == ("applied", "fixed")
    assert action.item.tags == {"team": "x"}  # the fresh item was planned against
    assert action.before_hash != before.snapshot.configurationItems[0].configurationItemMD5Hash


def test_a_resource_tagged_exempt_after_the_scan_is_left_alone(aws, plugins, tmp_path):
    _buckets(aws, "demo-a")
    aws.client("s3").put_bucket_tagging(
        Bucket="demo-a", Tagging={"TagSet": [{"Key": "compliance:exempt", "Value": "true"}]}
    )
    before = scan(plugins, ["s3"], [VERSIONING])
    run = fix(plugins, before, ["s3"], tmp_path / "a.jsonl")
    assert [a.status for a in run.actions] == ["skipped"]
    assert not _versioned(aws, "demo-a")


def test_another_accounts_resource_is_never_touched(aws, plugins, tmp_path):
    result = evaluated(plugins, [bucket("demo-foreign", account="111122223333")])
    run = fix(plugins, result, ["s3"], tmp_path / "a.jsonl")
    (action,) = run.actions
    assert action.status == "skipped"
    assert action.reason == "the credentials are for account 123456789012, not 111122223333"


def test_without_a_collector_nothing_is_applied(aws, plugins, tmp_path):
    _buckets(aws, "demo-a")
    before = scan(plugins, ["s3"], [VERSIONING])
    auditor = Auditor(JsonlAuditLog(tmp_path / "a.jsonl"), None, mode="yes")
    actions = plan_actions(before, plugins.remediations)
    run = execute(
        actions,
        before,
        session=session().boto_session,
        recollector=CollectorRecollector([], session()),
        auditor=auditor,
    )
    assert run.actions[0].status == "skipped" and "no collector for AWS::S3::Bucket" in run.actions[0].reason
    assert not _versioned(aws, "demo-a")


def test_audit_records_every_step_with_principal_hashes_and_hook(aws, plugins, tmp_path):
    _buckets(aws, "demo-a", "demo-b")
    aws.client("s3").put_bucket_tagging(
        Bucket="demo-b", Tagging={"TagSet": [{"Key": "compliance:exempt", "Value": "true"}]}
    )
    seen = []

    class Listener:
        @hookimpl
        def compliance_remediation_recorded(self, record):
            seen.append(record)

    plugins.manager.register(Listener())
    before = scan(plugins, ["s3"], [VERSIONING])
    fix(plugins, before, ["s3"], tmp_path / "a.jsonl")
    records = list(JsonlAuditLog(tmp_path / "a.jsonl").read())
    assert records == seen
    assert [(r["resourceId"], r["event"]) for r in records] == [
        ("demo-a", "planned"),
        ("demo-b", "skipped"),
        ("demo-a", "applied"),
    ]
    applied = records[-1]
    assert applied["principal"].startswith("arn:aws:sts::123456789012:") or applied["principal"].startswith(
        "arn:aws:iam::123456789012:"
    )
    assert applied["result"] == "fixed" and applied["calls"][0]["api"] == "PutBucketVersioning"
    assert applied["beforeHash"] and applied["afterHash"] and applied["beforeHash"] != applied["afterHash"]
    assert len({r["runId"] for r in records}) == 1


# --- automatic mode ------------------------------------------------------------------------


def _config(tmp_path, text):
    path = tmp_path / "remediation.yaml"
    path.write_text(text)
    return load_config(path)


def test_automatic_mode_only_touches_rules_marked_automatic(aws, plugins, tmp_path):
    _buckets(aws, "demo-a")
    aws.client("s3").delete_bucket_encryption(Bucket="demo-a")
    config = _config(
        tmp_path,
        "remediations:\n  - rule: s3-bucket-versioning-enabled\n    automatic: true\n"
        "  - rule: s3-bucket-server-side-encryption-enabled\n    automatic: false\n",
    )
    result = scan(plugins, ["s3"], [VERSIONING, "s3-bucket-server-side-encryption-enabled"])
    aws_session = session()
    run = remediate_automatically(
        result,
        plugins.remediations,
        config,
        session=aws_session.boto_session,
        recollector=CollectorRecollector([plugins.collectors["s3"]], aws_session),
        sink=JsonlAuditLog(tmp_path / "a.jsonl"),
    )
    assert [(a.evaluation.ruleId, a.status) for a in run.actions] == [(VERSIONING, "applied")]
    assert _versioned(aws, "demo-a")
    with pytest.raises(aws.client("s3").exceptions.ClientError):
        aws.client("s3").get_bucket_encryption(Bucket="demo-a")


def test_automatic_attempts_and_remediation_exception(aws, plugins, tmp_path, monkeypatch):
    _buckets(aws, "demo-a")
    config = _config(
        tmp_path,
        "remediations:\n  - rule: s3-bucket-versioning-enabled\n    automatic: true\n"
        "    maximum_automatic_attempts: 3\n    retry_seconds: 30\n",
    )
    result = scan(plugins, ["s3"], [VERSIONING])

    def always_fail(params, **_):
        raise ClientError({"Error": {"Code": "Throttling", "Message": "slow down"}}, "PutBucketVersioning")

    real_client = boto3.Session.client

    def client(self, service, *args, **kwargs):
        made = real_client(self, service, *args, **kwargs)
        if service == "s3":
            made.meta.events.register("provide-client-params.s3.PutBucketVersioning", always_fail)
        return made

    monkeypatch.setattr(boto3.Session, "client", client)
    sink = JsonlAuditLog(tmp_path / "a.jsonl")
    sleeps: list[float] = []

    def run():
        aws_session = session()
        return remediate_automatically(
            result,
            plugins.remediations,
            config,
            session=aws_session.boto_session,
            recollector=CollectorRecollector([plugins.collectors["s3"]], aws_session),
            sink=sink,
            sleep=sleeps.append,
        )

    (first,) = run().actions
    assert (first.status, first.attempts) == ("failed", 3)
    assert sleeps == [10.0, 10.0]  # 3 attempts spread over retry_seconds
    (second,) = run().actions
    assert second.status == "skipped" and "maximum automatic attempts reached (3 failed" in second.reason
    assert sleeps == [10.0, 10.0]  # no new attempt
    assert failures_from_log(sink)(second) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("remediations: {}", "remediations: expected a list"),
        ("remediations:\n  - automatic: true", "remediations[0].rule: missing"),
        ("remediations:\n  - rule: x\n    maximum_automatic_attempts: 26", "from 1 to 25"),
        ("remediations:\n  - rule: x\n    retry_seconds: 0", "retry_seconds: expected an integer from 1"),
        ("remediations:\n  - rule: x\n    automatic: yes please", "automatic: expected true or false"),
        ("exclusions:\n  tag: {a: b}", "exclusions.tag: unknown key"),
        ("max_changes: -1", "max_changes: expected an integer"),
        ("bogus: 1", "bogus: unknown key"),
    ],
)
def test_config_errors_name_the_file_and_field(text, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")) as info:
        parse_config(__import__("yaml").safe_load(text), "r.yaml")
    assert str(info.value).startswith("r.yaml")


def test_plan_records_are_audited_once(plugins, tmp_path):
    result = evaluated(plugins, [bucket("one"), bucket("two", tags={"compliance:exempt": "true"})])
    auditor = Auditor(JsonlAuditLog(tmp_path / "a.jsonl"), None, mode="dry-run")
    record_plan(plan_actions(result, plugins.remediations), auditor)
    events = [(r["resourceId"], r["event"], r["principal"]) for r in JsonlAuditLog(tmp_path / "a.jsonl").read()]
    assert events == [("one", "planned", None), ("two", "skipped", None)]


def test_a_resource_that_cannot_be_re_read_is_not_touched(aws, plugins, tmp_path, monkeypatch):
    _buckets(aws, "demo-a")
    before = scan(plugins, ["s3"], [VERSIONING])

    def denied(params, **_):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no read"}}, "GetBucketVersioning")

    real_client = boto3.Session.client

    def client(self, service, *args, **kwargs):
        made = real_client(self, service, *args, **kwargs)
        if service == "s3":
            made.meta.events.register("provide-client-params.s3.GetBucketVersioning", denied)
        return made

    monkeypatch.setattr(boto3.Session, "client", client)
    run = fix(plugins, before, ["s3"], tmp_path / "a.jsonl")
    (action,) = run.actions
    assert action.status == "skipped"
    assert action.reason.startswith("cannot confirm the current state: re-collection failed: s3 GetBucketVersioning")
    assert "AccessDenied" in action.reason
    monkeypatch.undo()
    assert not _versioned(aws, "demo-a")


def test_waived_findings_are_never_planned_but_baselined_ones_are(plugins):
    result = evaluated(plugins, [bucket("waived"), bucket("baselined")])
    for evaluation in result.evaluations:
        kind = "waiver" if evaluation.resourceId == "waived" else "baseline"
        evaluation.suppression = {"kind": kind, "reason": "SEC-1", "owner": "ops@example.com", "expires": "2099-01-01"}
    actions = {a.evaluation.resourceId: a for a in plan_actions(result, plugins.remediations)}
    assert actions["waived"].status == "skipped"
    assert actions["waived"].reason == "waived: SEC-1 (owner ops@example.com, expires 2099-01-01)"
    assert actions["baselined"].status == "planned"  # a baseline only quiets the gate


def test_a_plan_stops_at_its_failing_call_and_the_audit_names_what_was_done(aws, plugins, tmp_path, monkeypatch):
    aws.client("s3").create_bucket(Bucket="trail-logs-demo")
    aws.client("cloudtrail").create_trail(Name="regional-trail", S3BucketName="trail-logs-demo")
    before = scan(plugins, ["cloudtrail", "s3-account"], ["multi-region-cloudtrail-enabled"])

    def refuse(params, **_):
        raise ClientError({"Error": {"Code": "InsufficientPermissions", "Message": "no"}}, "StartLogging")

    real_client = boto3.Session.client

    def client(self, service, *args, **kwargs):
        made = real_client(self, service, *args, **kwargs)
        if service == "cloudtrail":
            made.meta.events.register("provide-client-params.cloudtrail.StartLogging", refuse)
        return made

    monkeypatch.setattr(boto3.Session, "client", client)
    run = fix(plugins, before, ["cloudtrail", "s3-account"], tmp_path / "a.jsonl")
    (action,) = run.actions
    assert action.status == "failed" and action.error["code"] == "InsufficientPermissions"
    assert action.error["call"].startswith("aws cloudtrail start-logging")
    assert [c.split(" --")[0] for c in action.error["completedCalls"]] == ["aws cloudtrail update-trail"]
    (trail,) = aws.client("cloudtrail").describe_trails()["trailList"]
    assert trail["IsMultiRegionTrail"] is True  # the first call was made and is reported, not hidden


def test_config_exclusions_keep_the_exempt_tag(tmp_path):
    config = _config(tmp_path, "exclusions:\n  tags: {owner: security}\n  resources: ['arn:aws:s3:::audit-*']\n")
    assert config.exclusions.tags == {"compliance:exempt": "true", "owner": "security"}
    assert config.exclusions.reason(bucket("x", tags={"compliance:exempt": "True"})) == "tagged compliance:exempt=True"
    assert config.exclusions.reason(bucket("audit-1")) == "resource matches exclusion arn:aws:s3:::audit-*"
    assert config.exclusions.reason(bucket("plain")) is None


def test_pre_check_and_verification_read_the_one_bucket_not_the_service(aws, plugins, tmp_path):
    _buckets(aws, "demo-a", "demo-b", "demo-c")
    before = scan(plugins, ["s3"], [VERSIONING])
    recorded = session()
    auditor = Auditor(JsonlAuditLog(tmp_path / "a.jsonl"), plugins.hook, mode="yes")
    actions = [
        a for a in plan_actions(before, plugins.remediations, session=aws) if a.evaluation.resourceId == "demo-b"
    ]
    record_plan(actions, auditor)
    run = execute(
        actions,
        before,
        session=aws,
        recollector=CollectorRecollector([plugins.collectors["s3"]], recorded),
        auditor=auditor,
    )
    (action,) = run.actions
    assert (action.status, action.verification) == ("applied", "fixed")
    calls = recorded.recorder.calls
    # the pre-check and the verification, one bucket each (ListBuckets by its name as prefix), no service re-read
    assert calls[("s3", "ListBuckets")] == 2 and calls[("s3", "GetBucketVersioning")] == 2
    assert calls[("s3", "GetBucketVersioning")] == 2
