"""Every entry point runs the one pipeline (compliance.engine): compliance_scan_started, then the
scan recorded into the history store, then compliance_evaluation_changed per flip, then
compliance_scan_finished, once each and in that order; and every option is refused before any
collection starts."""

from __future__ import annotations

import boto3
import hook_recorder
import pytest
import scanner_plugin as support
from moto import mock_aws

from compliance import aws_lambda, engine
from compliance.history import open_store
from compliance.org.jobs import Job
from compliance.org.results import MemorySink
from compliance.org.worker import run_job
from compliance.plugins import load_plugins
from compliance.request import Outputs, Recording, RuleSelection, ScanRequest, Source
from compliance.scanner.deadline import Deadline
from compliance.scanner.settings import ScannerSettings

EXAMPLE_ACCOUNT = "111122223333"
OWN_ACCOUNT = "123456789012"  # moto's


@pytest.fixture
def events():
    hook_recorder.EVENTS.clear()
    yield hook_recorder.EVENTS
    hook_recorder.EVENTS.clear()


def scans(store_url: str) -> list:
    with open_store(store_url, create=False) as store:
        return [(record, store.evaluations(record)) for record in store.scans()]


def assert_one_pipeline(events: list, account: str) -> int:
    """The hooks of one scan of ``account``: started, changed..., finished. Returns the flips."""
    mine = [e for e in events if e[1] == account]
    names = [name for name, _, _ in mine]
    assert names[0] == "started" and names[-1] == "finished", names
    assert names.count("started") == 1 and names.count("finished") == 1
    assert set(names[1:-1]) <= {"changed"}
    return names.count("changed")


def assert_recorded_first_scan(events: list, account: str, store_url: str, kind: str = "scan") -> None:
    (record, evaluations), *rest = scans(store_url)
    assert not rest and record.kind == kind and account in record.accountIds
    flips = assert_one_pipeline(events, account)
    # A first scan: every evaluation is new, so each one is a flip from "never seen".
    assert flips == len(evaluations) == record.evaluationCount
    assert all(detail[0] for name, owner, detail in events if name == "changed" and owner == account)


# ------------------------------------------------------------------ library


def test_library_scan_fires_hooks_in_order_and_records(plugins, events, example_snapshot_path, tmp_path):
    plugins.manager.register(hook_recorder, name="hook_recorder")
    store = str(tmp_path / "h.db")
    request = ScanRequest(
        source=Source.file(str(example_snapshot_path)),
        selection=RuleSelection(rules=("restricted-ssh", "s3-bucket-versioning-enabled")),
        recording=Recording(store_url=store),
    )
    outcome = engine.scan(request, plugins)
    assert outcome.recorded is not None and outcome.recorded.scan.scanId == scans(store)[0][0].scanId
    assert_recorded_first_scan(events, EXAMPLE_ACCOUNT, store)
    assert len(outcome.changes) == len(outcome.result.evaluations)

    events.clear()
    again = engine.scan(request, plugins)  # nothing changed: no flip
    assert assert_one_pipeline(events, EXAMPLE_ACCOUNT) == 0 and again.changes == []
    assert len(scans(store)) == 2


def test_a_stored_state_is_re_evaluated_but_not_recorded_again(plugins, events, example_snapshot_path, tmp_path):
    plugins.manager.register(hook_recorder, name="hook_recorder")
    store = str(tmp_path / "h.db")
    engine.scan(ScanRequest(Source.file(str(example_snapshot_path)), recording=Recording(store_url=store)), plugins)
    events.clear()
    outcome = engine.scan(ScanRequest(Source.stored(store, scan_ref="latest"), recording=Recording(store_url=store)),
                          plugins)
    assert outcome.recorded is None and len(scans(store)) == 1
    assert assert_one_pipeline(events, EXAMPLE_ACCOUNT) == 0


def test_reports_are_written_after_scan_finished(plugins, events, example_snapshot_path, tmp_path):
    seen = []

    class Order:
        from compliance import hookimpl

        @hookimpl
        def compliance_scan_finished(self, result):
            seen.append(("finished", (tmp_path / "r.json").exists()))

    plugins.manager.register(Order(), name="order")
    outputs = Outputs(targets=(("json", str(tmp_path / "r.json")),))
    request = ScanRequest(Source.file(str(example_snapshot_path)), recording=Recording(enabled=False), outputs=outputs)
    outcome = engine.scan(request, plugins)
    assert seen == [("finished", False)] and (tmp_path / "r.json").exists()
    assert outcome.reports == [str(tmp_path / "r.json")]


# ------------------------------------------------------------------ CLI commands


def test_cli_scan(run_cli, events, example_snapshot_path, tmp_path):
    store = str(tmp_path / "h.db")
    code, _, err = run_cli("--plugin", "hook_recorder", "scan", "--snapshot", example_snapshot_path, "--store", store)
    assert code == 1 and "compliance: recorded scan" in err
    assert_recorded_first_scan(events, EXAMPLE_ACCOUNT, store)


def test_cli_baseline_create(run_cli, events, example_snapshot_path, tmp_path):
    store = str(tmp_path / "h.db")
    code, _, err = run_cli("--plugin", "hook_recorder", "baseline", "create", "--snapshot", example_snapshot_path,
                           "--store", store, "-o", tmp_path / "baseline.json")
    assert code == 0 and (tmp_path / "baseline.json").exists() and "compliance: recorded scan" in err
    assert_recorded_first_scan(events, EXAMPLE_ACCOUNT, store)


def test_cli_remediate_evaluation(run_cli, events, example_snapshot_path, tmp_path):
    store = str(tmp_path / "h.db")
    code, out, _ = run_cli("--plugin", "hook_recorder", "remediate", "--snapshot", example_snapshot_path,
                           "--rule", "s3-bucket-versioning-enabled", "--store", store)
    assert code == 0 and "s3-bucket-versioning-enabled" in out and "VersioningConfiguration" in out  # the plan
    assert_recorded_first_scan(events, EXAMPLE_ACCOUNT, store)


def test_cli_export_securityhub(run_cli, events, example_snapshot_path, tmp_path):
    store = str(tmp_path / "h.db")
    with mock_aws():
        boto3.client("securityhub", region_name="us-east-1").enable_security_hub()
        code, _, err = run_cli("--plugin", "hook_recorder", "export", "securityhub", "--snapshot",
                               example_snapshot_path, "--rule", "restricted-ssh", "--store", store,
                               "--region", "us-east-1")
    assert code == 0 and "imported" in err
    assert_recorded_first_scan(events, EXAMPLE_ACCOUNT, store)


def test_cli_collect(run_cli, events, tmp_path):
    store = str(tmp_path / "h.db")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="collected")
        code, _, err = run_cli("--plugin", "hook_recorder", "--plugin", "scanner_plugin", "collect",
                               "--services", "testbuckets", "--regions", "us-east-1", "-o", tmp_path / "s.json",
                               "--store", store)
    assert code == 0 and "compliance: recorded collect" in err
    assert [name for name, _, _ in events] == ["started", "finished"]  # no rules ran: nothing to flip
    (record, evaluations), = scans(store)
    assert record.kind == "collect" and record.itemCount == 1 and evaluations == []


# ------------------------------------------------------------------ Lambda, organization


@pytest.fixture
def moto_account(monkeypatch):
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="history")
        s3.create_bucket(Bucket="unversioned")
        monkeypatch.setattr(support, "DENIED_ACCOUNTS", set())
        yield s3


def test_lambda_handler(moto_account, events, monkeypatch):
    for key, value in {
        "COMPLIANCE_STORE": "s3://history/account", "COMPLIANCE_REGIONS": "us-east-1",
        "COMPLIANCE_SERVICES": "testbuckets", "COMPLIANCE_PACKS": support.PACK_NAME,
        "COMPLIANCE_PLUGINS": "scanner_plugin,hook_recorder", "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    aws_lambda.reset()
    try:
        response = aws_lambda.handler({"action": "scan"}, support.FakeContext())
    finally:
        aws_lambda.reset()
    assert response["ok"] and response["summary"]["stages"]["history"] == {"status": "ok"}
    assert_recorded_first_scan(events, OWN_ACCOUNT, "s3://history/account")
    assert response["summary"]["scanId"] == scans("s3://history/account")[0][0].scanId


def test_organization_worker(moto_account, events):
    plugins = load_plugins(["scanner_plugin", "hook_recorder"], entry_points_enabled=False)
    settings = ScannerSettings(mode="organization", packs=[support.PACK_NAME], regions=["us-east-1"],
                               services=["testbuckets"], store_url="s3://history/org")
    job = Job("run-1", OWN_ACCOUNT, "us-east-1", includeGlobal=True)
    document = run_job(job, settings, plugins, boto3.Session(region_name="us-east-1"), MemorySink(), Deadline(None))
    assert document["status"] == "ok"
    assert_recorded_first_scan(events, OWN_ACCOUNT, f"s3://history/org/accounts/{OWN_ACCOUNT}/us-east-1")


def test_lambda_and_organization_collection_reads_what_the_rules_need(moto_account, monkeypatch):
    """Under a deadline too, collection is planned from the selected rules' reads."""
    from compliance.collect.plan import rule_reads
    from compliance.scanner import deadline as deadline_module

    planned = []
    real = deadline_module.run_collectors

    def spy(*args, **kwargs):
        planned.append(kwargs.get("reads"))
        return real(*args, **kwargs)

    monkeypatch.setattr(deadline_module, "run_collectors", spy)
    plugins = load_plugins(["scanner_plugin"], entry_points_enabled=False)
    settings = ScannerSettings(mode="organization", packs=[support.PACK_NAME], regions=["us-east-1"],
                               services=["testbuckets"], store_url="s3://history/org")
    job = Job("run-1", OWN_ACCOUNT, "us-east-1", includeGlobal=True)
    run_job(job, settings, plugins, boto3.Session(region_name="us-east-1"), MemorySink(), Deadline(60))
    rules, _ = engine.select(plugins, RuleSelection((support.PACK_NAME,)))
    assert planned == [rule_reads(rules)]
    assert planned[0] and set(planned[0]) == {"AWS::S3::Bucket"}


def test_cli_scan_org(run_cli, events, monkeypatch):
    with mock_aws():
        organizations = boto3.client("organizations", region_name="us-east-1")
        organizations.create_organization(FeatureSet="ALL")
        member = organizations.create_account(AccountName="m", Email="m@example.com")["CreateAccountStatus"][
            "AccountId"
        ]
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="history")
        support.member_session(member).client("s3").create_bucket(Bucket=f"plain-{member}")
        monkeypatch.setattr(support, "DENIED_ACCOUNTS", set())
        code, _, _ = run_cli("--plugin", "scanner_plugin", "--plugin", "hook_recorder", "scan", "--org",
                             "--regions", "us-east-1", "--services", "testbuckets", "--pack", support.PACK_NAME,
                             "--store", "s3://history/org", "--org-workers", "1", "--quiet")
        assert code == 1  # the member's bucket is not versioned
        for account in (OWN_ACCOUNT, member):
            assert_recorded_first_scan(events, account, f"s3://history/org/accounts/{account}/us-east-1")


# ------------------------------------------------------------------ validated before anything starts


@pytest.fixture
def nothing_starts(monkeypatch):
    """Fail the test if a demo account starts or any collection begins."""

    def refuse(*args, **kwargs):
        raise AssertionError("the scan started before its options were checked")

    monkeypatch.setattr("compliance.demo.demo_account", refuse)
    monkeypatch.setattr(engine, "_collect", refuse)
    monkeypatch.setattr(engine, "_live_session", refuse)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "htm"], "unknown format 'htm'"),
        (["--format", "json", "--format", "csv"], "several --format values need --output-dir DIR"),
        (["--pack", "no-such-pack"], "unknown pack 'no-such-pack'"),
        (["--rule", "no-such-rule"], "unknown rule 'no-such-rule'"),
        (["--param", "restricted-ssh"], "--param 'restricted-ssh': expected RULE.PARAMETER=VALUE"),
        (["--rule", "restricted-ssh", "--param", "restricted-ssh.nope=1"], "nope"),
        (["--regions", "mars"], "--regions: 'mars' is not a region name"),
        (["--regions", "ap-south-2"], "--regions: the demo account has us-east-1, eu-west-1, not 'ap-south-2'"),
        (["--services", "nosuch"], "--services: unknown service 'nosuch'"),
        (["--waivers", "missing-waivers.yaml"], "missing-waivers.yaml"),
        (["--baseline", "missing-baseline.json"], "missing-baseline.json"),
        (["--fail-on-control", "X.99"], "--fail-on-control X.99: unknown control"),
    ],
)
def test_demo_scan_options_are_refused_before_the_demo_starts(run_cli, nothing_starts, args, message):
    code, out, err = run_cli("scan", "--demo", *args)
    assert code == 2 and out == ""
    assert err.startswith("compliance: error: ") and message in err and len(err.strip().splitlines()) == 1


def test_output_paths_are_checked_before_a_live_scan(run_cli, nothing_starts, tmp_path):
    code, _, err = run_cli("scan", "--format", "json", "--output", tmp_path)
    assert code == 2 and f"--output {tmp_path}: is a directory" in err
    (tmp_path / "file").write_text("x")
    code, _, err = run_cli("scan", "--format", "json", "--output-dir", tmp_path / "file")
    assert code == 2 and "exists and is not a directory" in err
    code, _, err = run_cli("collect", "--output", tmp_path)
    assert code == 2 and "is a directory" in err
