"""The call planner: from the selected rules' read declarations to the calls a collection makes."""

from __future__ import annotations

import pytest

from compliance.collect.base import Collector
from compliance.collect.plan import WHOLE, Call, plan, rule_reads
from compliance.evaluate import evaluate, select_rules
from compliance.model import ACCOUNT_RESOURCE_TYPE
from compliance.plugins import load_plugins
from compliance.reads import overlaps
from compliance.rule import compliant, rule
from compliance.testing import build_snapshot, make_ci

BUCKET = "AWS::S3::Bucket"


@pytest.fixture(scope="module")
def builtin():
    return load_plugins(entry_points_enabled=False)


def planned(builtin, packs=(), rule_ids=()):
    rules, _ = select_rules(builtin, packs, rule_ids)
    return plan(builtin.collectors.values(), rule_reads(rules))


def test_without_rules_everything_is_read(builtin):
    everything = plan(builtin.collectors.values(), None)
    assert set(everything.calls) == set(builtin.collectors)
    assert all(apis is None for apis in everything.calls.values())
    assert everything.not_recorded == {}


def test_one_rule_reads_one_collector_and_only_its_calls(builtin):
    one = planned(builtin, rule_ids=["s3-bucket-versioning-enabled"])
    assert one.calls == {"s3": frozenset({"ListBuckets", "GetBucketVersioning"})}
    assert "supplementaryConfiguration.BucketLifecycleConfiguration" in one.not_recorded[BUCKET]
    assert one.actions() == ["s3:GetBucketVersioning", "s3:ListAllMyBuckets"]


def test_cis_reads_three_bucket_settings_and_no_lifecycle(builtin):
    cis = planned(builtin, packs=["cis-aws-foundations-3.0"])
    s3 = cis.calls["s3"]
    assert {"GetBucketPolicy", "GetBucketVersioning", "GetPublicAccessBlock"} <= s3
    assert not s3 & {"GetBucketLifecycleConfiguration", "GetBucketReplication", "GetObjectLockConfiguration"}
    assert "GetResources" not in s3  # no CIS rule reads bucket tags
    assert "lambda" not in cis.calls and "sagemaker" not in cis.calls  # no CIS rule reads their types


def test_a_default_scan_reads_every_bucket_setting_a_rule_needs(builtin):
    default = planned(builtin)
    for api in ("GetBucketLifecycleConfiguration", "GetBucketReplication", "GetObjectLockConfiguration"):
        assert api in default.calls["s3"]


def test_every_declared_read_is_filled_by_a_declared_call(builtin):
    """A path a built-in rule reads on a collected type is filled by some call of its collectors,
    so planning never leaves a rule without its data."""
    fills: dict[str, list[str]] = {}
    for collector in builtin.collectors.values():
        for call in collector.calls:
            for resource_type, paths in call.fills.items():
                fills.setdefault(resource_type, []).extend(paths)
    missing = []
    for checked in builtin.rules.values():
        for resource_type, paths in checked.reads.items():
            if resource_type not in fills:
                continue  # no built-in collector (ACM certificates, ...): the rule says INSUFFICIENT_DATA
            for path in paths:
                if not any(overlaps(path, filled) for filled in fills[resource_type]):
                    missing.append(f"{checked.id}: {resource_type} {path}")
    assert missing == []


def test_an_undeclared_rule_reads_its_types_whole():
    @rule(id="x-undeclared", title="t", resource_types=[BUCKET])
    def check(ci):
        return compliant()

    assert rule_reads([check]) == {BUCKET: WHOLE}


def test_a_detail_call_brings_the_call_that_lists_its_items():
    listing = Call("ListThings", "x:ListThings", {"X::T": ("configuration.name",)}, lists=("X::T",))
    detail = Call("GetThing", "x:GetThing", {"X::T": ("supplementaryConfiguration.Detail",)}, per="resource")
    other = Call("GetOther", "x:GetOther", {"X::T": ("supplementaryConfiguration.Other",)}, per="resource")
    collector = Collector("x", ("X::T",), calls=(listing, detail, other))
    assert collector.permissions == ("x:ListThings", "x:GetThing", "x:GetOther")
    result = plan([collector], {"X::T": ("supplementaryConfiguration.Detail",)})
    assert result.calls == {"x": frozenset({"ListThings", "GetThing"})}
    assert result.not_recorded == {"X::T": ["supplementaryConfiguration.Other"]}
    assert plan([collector], {"Y::U": ()}).calls == {}


def test_a_collector_declaring_only_permissions_runs_whole_when_its_type_is_read():
    collector = Collector("legacy", ("X::T", ACCOUNT_RESOURCE_TYPE), ("x:A", "x:B"), account_settings=("xOn",))
    assert plan([collector], {"X::T": ()}).calls == {"legacy": None}
    assert plan([collector], {ACCOUNT_RESOURCE_TYPE: ("configuration.xOn",)}).calls == {"legacy": None}
    assert plan([collector], {ACCOUNT_RESOURCE_TYPE: ("configuration.other",)}).calls == {}


def test_a_rule_over_an_unread_path_is_insufficient_data(builtin):
    bucket = make_ci(BUCKET, "b", {"name": "b"}, {"BucketVersioningConfiguration": {"status": "Enabled"}})
    snapshot = build_snapshot([bucket])
    snapshot.propertiesNotRecorded = {BUCKET: ["supplementaryConfiguration.BucketLifecycleConfiguration"]}
    rules, _ = select_rules(builtin, (), ["s3-lifecycle-policy-check", "s3-bucket-versioning-enabled"])
    states = {e.ruleId: (e.complianceType.value, e.annotation) for e in evaluate(snapshot, rules).evaluations}
    assert states["s3-lifecycle-policy-check"][0] == "INSUFFICIENT_DATA"
    assert "BucketLifecycleConfiguration was not read" in states["s3-lifecycle-policy-check"][1]
    assert states["s3-bucket-versioning-enabled"][0] == "COMPLIANT"


@pytest.fixture(scope="module")
def demo_reads(builtin):
    """The demo account read whole, and read as a CIS v3.0 scan plans it (one simulated account)."""
    from compliance.collect.runner import run_collectors
    from compliance.collect.session import AwsSession
    from compliance.demo import DEMO_REGIONS, demo_account

    rules, _ = select_rules(builtin, ["cis-aws-foundations-3.0"])
    with demo_account() as boto_session:
        full = run_collectors(
            AwsSession(boto_session=boto_session), builtin.collectors.values(), regions=list(DEMO_REGIONS)
        )
        planned_session = AwsSession(boto_session=boto_session)
        planned = run_collectors(
            planned_session, builtin.collectors.values(), regions=list(DEMO_REGIONS), reads=rule_reads(rules)
        )
    return rules, full, planned, planned_session


def test_a_planned_scan_gives_the_verdicts_of_a_full_read(demo_reads):
    rules, full, planned, _ = demo_reads

    def verdicts(snapshot):
        return sorted(
            (e.configRuleName, e.resourceId, e.awsRegion, e.complianceType.value)
            for e in evaluate(snapshot, rules).evaluations
        )

    assert verdicts(planned) == verdicts(full)
    assert len(verdicts(full)) > 100


def test_the_trail_bucket_alone_is_read_for_its_logging(demo_reads):
    _, _, planned, session = demo_reads
    buckets = [i for i in planned.configurationItems if i.resourceType == BUCKET]
    logged = [b.resourceId for b in buckets if "BucketLoggingConfiguration" in b.supplementaryConfiguration]
    trails = {
        i.configuration.get("s3BucketName")
        for i in planned.configurationItems
        if i.resourceType == "AWS::CloudTrail::Trail"
    }
    assert logged and set(logged) <= trails
    assert session.recorder.calls[("s3", "GetBucketLogging")] == len(logged) < len(buckets)
    per_bucket = sum(n for (service, op), n in session.recorder.calls.items() if service == "s3") / len(buckets)
    assert per_bucket <= 3.5
