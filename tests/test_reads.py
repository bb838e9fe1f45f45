"""Rules declare what they read: every built-in rule gives the same verdicts on items holding only
its declared paths as on full items, over every Config-shaped rule case of the test suite, the
example snapshot and the demo account as the collectors read it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rule_tests import rule_test_modules

from compliance.errors import InputError
from compliance.model import ACCOUNT_RESOURCE_TYPE
from compliance.plugins import load_plugins
from compliance.reads import RECORDED, check_path, merge, normalize, project, project_all
from compliance.rule import compliant, non_compliant, rule
from compliance.snapshot import load_snapshot
from compliance.testing import RuleCase, build_snapshot, evaluate_rule, make_account, make_ci
from compliance.testing import trace_reads as trace
from compliance.yaml_rules import compile_rule

TESTS = Path(__file__).resolve().parent
BUCKET = "AWS::S3::Bucket"


@pytest.fixture(scope="module")
def builtin():
    return load_plugins(entry_points_enabled=False)


def rule_cases() -> list[RuleCase]:
    """Every RuleCase table (a module-level list of cases) in the rule tests, wherever they live."""
    return [
        case
        for module in rule_test_modules()
        for value in vars(module).values()
        if isinstance(value, list) and value and all(isinstance(c, RuleCase) for c in value)
        for case in value
    ]


@pytest.fixture(scope="module")
def demo_snapshot(builtin):
    """The demo account as a default scan reads it: the calls every rule's declaration needs."""
    from compliance.collect.plan import rule_reads
    from compliance.collect.runner import run_collectors
    from compliance.collect.session import AwsSession
    from compliance.demo import DEMO_REGIONS, demo_account

    with demo_account() as session:
        return run_collectors(
            AwsSession(boto_session=session),
            builtin.collectors.values(),
            regions=list(DEMO_REGIONS),
            reads=rule_reads(builtin.rules.values()),
        )


def test_a_default_demo_scan_has_no_insufficient_data(builtin, demo_snapshot):
    """Except rules over types no built-in collector reads (they say "not collected"); nothing a
    planned read left out (every declared path is read)."""
    from compliance.evaluate import evaluate, select_rules

    rules, packs = select_rules(builtin)
    result = evaluate(demo_snapshot, rules, packs)
    collected = {t for c in builtin.collectors.values() for t in c.resource_types}
    uncollected = {r.id for r in builtin.rules.values() if set(r.read_types) - collected - {ACCOUNT_RESOURCE_TYPE}}
    insufficient = [
        f"{e.ruleId} {e.resourceId}: {e.annotation}"
        for e in result.evaluations
        if e.complianceType.value == "INSUFFICIENT_DATA" and e.ruleId not in uncollected
    ]
    assert insufficient == []
    assert not [e for e in result.evaluations if "was not read by this snapshot's collection" in e.annotation]
    assert demo_snapshot.collectionErrors == []
    assert len(result.evaluations) > 400


def verdicts(evaluations) -> list[tuple[str, str, str, str]]:
    return sorted((e.resourceId, e.awsRegion, e.complianceType.value, e.annotation) for e in evaluations)


def projected(snapshot, reads):
    return dataclasses.replace(snapshot, configurationItems=project_all(snapshot.configurationItems, reads))


def test_every_builtin_rule_declares_its_reads(builtin):
    undeclared = sorted(r.id for r in builtin.rules.values() if r.reads is None)
    assert undeclared == []
    assert len(builtin.rules) > 100


def test_the_rule_cases_cover_most_rules(builtin):
    cases = rule_cases()
    assert len(cases) > 300
    assert len({c.rule for c in cases}) > 0.8 * len(builtin.rules)


def test_rule_cases_give_the_same_verdicts_on_declared_paths_only(builtin):
    differences = []
    for case in rule_cases():
        checked = builtin.rule(case.rule)
        regions = [case.region] if case.region else None
        full = build_snapshot(case.items, collected=case.collected, regions=regions)
        narrow = projected(full, checked.reads)
        expected = verdicts(evaluate_rule(checked, full, case.params))
        got = verdicts(evaluate_rule(checked, narrow, case.params))
        if got != expected:
            differences.append(f"{case}: {expected} != {got}")
    assert differences == []


@pytest.mark.parametrize("source", ["example", "demo"])
def test_snapshots_give_the_same_verdicts_on_declared_paths_only(builtin, source, request):
    if source == "example":
        snapshot = load_snapshot(TESTS.parent / "examples" / "snapshots" / "account.json")
    else:
        snapshot = request.getfixturevalue("demo_snapshot")
    differences = []
    states = set()
    for checked in builtin.rules.values():
        expected = verdicts(evaluate_rule(checked, snapshot))
        got = verdicts(evaluate_rule(checked, projected(snapshot, checked.reads)))
        states |= {v[2] for v in expected}
        if got != expected:
            differences.append(f"{checked.id}: {sorted(set(expected) ^ set(got))[:4]}")
    assert differences == []
    assert {"COMPLIANT", "NON_COMPLIANT"} <= states


def test_projection_keeps_identity_and_declared_paths_only():
    item = make_ci(
        BUCKET,
        "logs",
        {"name": "logs", "owner": {"id": "o", "name": "n"}, "rules": [{"id": 1, "status": "on"}, {"id": 2}]},
        {"BucketPolicy": {"policyText": "{}"}, "AccessControlList": {"grantList": []}},
        tags={"env": "prod"},
        arn="arn:aws:s3:::logs",
    )
    narrow = project(item, ["configuration.owner.id", "configuration.rules.status"])
    assert (narrow.resourceId, narrow.arn, narrow.awsRegion, narrow.accountId) == (
        "logs",
        "arn:aws:s3:::logs",
        item.awsRegion,
        item.accountId,
    )
    assert narrow.configuration == {"owner": {"id": "o"}, "rules": [{"status": "on"}, {}]}
    assert narrow.supplementaryConfiguration == {RECORDED: True}  # recorded, none of it declared
    assert narrow.tags == {} and project(item, ["tags"]).tags == {"env": "prod"}
    assert project(make_ci(BUCKET, "empty"), ["configuration.name"]).configuration == {}


def test_projection_keeps_account_items_and_drops_undeclared_types():
    items = [
        make_ci(BUCKET, "b"),
        make_ci("AWS::EC2::VPC", "vpc-1"),
        make_account({"passwordPolicy": {"x": 1}, "other": 2}),
    ]
    kept = project_all(items, {BUCKET: (), ACCOUNT_RESOURCE_TYPE: ("configuration.passwordPolicy",)})
    assert [i.resourceType for i in kept] == [BUCKET, ACCOUNT_RESOURCE_TYPE]
    assert kept[1].configuration == {"passwordPolicy": {"x": 1}}


def test_normalize_the_forms_a_rule_author_writes():
    assert normalize([BUCKET], None) is None
    assert normalize([BUCKET, "AWS::S3::AccountPublicAccessBlock"], ["tags"]) == {
        BUCKET: ("tags",),
        "AWS::S3::AccountPublicAccessBlock": ("tags",),
    }
    assert normalize([BUCKET], {"AWS::EC2::VPC": ["configuration.vpcId"]}, ["passwordPolicy"]) == {
        BUCKET: (),
        "AWS::EC2::VPC": ("configuration.vpcId",),
        ACCOUNT_RESOURCE_TYPE: ("configuration.passwordPolicy",),
    }
    assert merge([{BUCKET: ("tags",)}, {BUCKET: ("configuration.name",)}]) == {BUCKET: ("tags", "configuration.name")}
    assert merge([{BUCKET: ()}, None]) is None


@pytest.mark.parametrize(
    "bad", ["configuration..x", "resourceName", "tags.env", "", "Configuration.x"], ids=lambda b: b or "empty"
)
def test_a_bad_path_is_refused_at_declaration(bad):
    with pytest.raises(ValueError):
        check_path(bad)
    with pytest.raises(TypeError, match="rule x-rule: "):
        rule(id="x-rule", title="t", resource_types=[BUCKET], reads=[bad])(lambda ci: compliant())


def test_reads_given_as_one_string_is_refused():
    with pytest.raises(TypeError, match="not one string"):
        rule(id="x-rule", title="t", resource_types=[BUCKET], reads="configuration.name")(lambda ci: compliant())


def test_yaml_rules_infer_their_reads():
    compiled = compile_rule(
        {
            "id": "y",
            "title": "t",
            "resource_types": [BUCKET],
            "compliant_when": [
                {"path": "configuration.a.b", "exists": True},
                {"any": [{"path": "tags.env", "equals": "x"}]},
            ],
            "applies_when": {"path": "resourceName", "exists": True},
        },
        "f.yaml",
    )
    assert compiled.reads == {BUCKET: ("configuration.a.b", "tags")}
    with pytest.raises(InputError, match="f.yaml"):
        compile_rule(
            {
                "id": "z",
                "title": "t",
                "resource_types": [BUCKET],
                "compliant_when": {"path": "configuration.", "exists": True},
            },
            "f.yaml",
        )


def test_trace_records_what_a_rule_touches():
    @rule(id="traced", title="t", resource_types=[BUCKET], reads=["configuration.owner"])
    def check(ci, snapshot):
        vpcs = snapshot.of_type("AWS::EC2::VPC")
        if ci.configuration.get("owner", {}).get("id") == "o" and "env" in ci.tags and not vpcs:
            return compliant()
        return non_compliant("x")

    item = make_ci(BUCKET, "b", {"owner": {"id": "o"}, "rules": [1]}, tags={"env": "p"})
    found = trace(check, build_snapshot([item]))
    assert found == {BUCKET: ("configuration.owner", "configuration.owner.id", "tags"), "AWS::EC2::VPC": ()}
