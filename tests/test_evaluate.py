"""The rule API and the evaluator: parameters, scopes, isolation of failures, missing data."""

from __future__ import annotations

import pytest

from compliance.errors import InputError
from compliance.evaluate import evaluate, select_rules
from compliance.model import CollectionError, ComplianceType, ConfigurationItem, Severity, Snapshot
from compliance.results import ConfiguredRule
from compliance.rule import Param, compliant, non_compliant, rule
from compliance.yaml_rules import compile_rule

C = ComplianceType


def bucket(name: str, account: str = "111122223333", region: str = "us-east-1", **config) -> ConfigurationItem:
    return ConfigurationItem("AWS::S3::Bucket", name, account, region, configuration=config)


def configured(r, **params) -> ConfiguredRule:
    return ConfiguredRule(r.id, r, r.resolve_parameters(params), r.severity)


@rule(
    id="bucket-named-well",
    title="t",
    resource_types=["AWS::S3::Bucket"],
    parameters={"prefix": Param(str, "acme-"), "max": Param(int, 20)},
)
def named_well(ci, params):
    if not ci.resourceId.startswith(params["prefix"]) or len(ci.resourceId) > params["max"]:
        return non_compliant("badly named")
    return compliant()


@rule(id="explodes", title="t", resource_types=["AWS::S3::Bucket"])
def explodes(ci):
    return ci.configuration["missing"]


@rule(id="has-two-buckets", title="t", resource_types=["AWS::S3::Bucket"], scope="account")
def two_buckets(snapshot):
    return compliant() if len(snapshot.of_type("AWS::S3::Bucket")) >= 2 else non_compliant("fewer than two")


def test_parameters_default_coerce_and_reject():
    assert named_well.resolve_parameters({}) == {"prefix": "acme-", "max": 20}
    assert named_well.resolve_parameters({"max": "5"})["max"] == 5  # AWS Config passes strings
    with pytest.raises(InputError, match="has no parameter 'maxx'"):
        named_well.resolve_parameters({"maxx": 1})
    with pytest.raises(InputError, match="parameter max: expected integer, got 'five'"):
        named_well.resolve_parameters({"max": "five"})
    assert Param(bool).coerce("x", "false") is False
    assert Param(list).coerce("x", "a, b") == ["a", "b"]


def test_rule_declares_its_arguments():
    with pytest.raises(TypeError, match="unknown argument"):
        rule(id="x", title="t", resource_types=["T"])(lambda ci, session: None)
    with pytest.raises(TypeError, match="as 'ci'"):
        rule(id="x", title="t", resource_types=["T"])(lambda params: None)


def test_evaluates_each_item_in_scope_deterministically():
    snap = Snapshot([bucket("zz-other"), bucket("acme-a"), ConfigurationItem("AWS::EC2::Volume", "v")])
    result = evaluate(snap, [configured(named_well)])
    assert [(e.resourceId, e.complianceType) for e in result.evaluations] == [
        ("acme-a", C.COMPLIANT),
        ("zz-other", C.NON_COMPLIANT),
    ]


def test_a_rule_that_raises_gives_error_and_the_scan_goes_on():
    snap = Snapshot([bucket("acme-a")])
    result = evaluate(snap, [configured(explodes), configured(named_well)])
    states = {e.configRuleName: e for e in result.evaluations}
    assert states["explodes"].complianceType is C.ERROR
    assert "KeyError" in states["explodes"].annotation
    assert states["bucket-named-well"].complianceType is C.COMPLIANT


def test_collection_error_gives_insufficient_data_never_compliant():
    error = CollectionError("s3", "ListBuckets", "AccessDenied", "denied", "", "111122223333", ["AWS::S3::Bucket"])
    snap = Snapshot(
        [], accountIds=["111122223333"], collectionErrors=[error], resourceTypesCollected=["AWS::S3::Bucket"]
    )
    result = evaluate(snap, [configured(named_well), configured(two_buckets)])
    assert {e.complianceType for e in result.evaluations} == {C.INSUFFICIENT_DATA}
    assert all("AccessDenied" in e.annotation for e in result.evaluations)


def test_per_resource_error_only_affects_that_resource():
    error = CollectionError(
        "s3",
        "GetBucketVersioning",
        "AccessDenied",
        "denied",
        "us-east-1",
        "111122223333",
        ["AWS::S3::Bucket"],
        resourceId="acme-b",
    )
    snap = Snapshot([bucket("acme-a"), bucket("acme-b")], collectionErrors=[error])
    result = {e.resourceId: e.complianceType for e in evaluate(snap, [configured(named_well)]).evaluations}
    assert result == {"acme-a": C.COMPLIANT, "acme-b": C.INSUFFICIENT_DATA}


def test_account_rule_without_coverage_information_is_insufficient_data():
    # An AWS Config file says nothing about what was recorded: no buckets might mean "not recorded".
    unknown = evaluate(Snapshot([], accountIds=["1"]), [configured(two_buckets)])
    assert unknown.evaluations[0].complianceType is C.INSUFFICIENT_DATA
    known = evaluate(
        Snapshot([], accountIds=["1"], resourceTypesCollected=["AWS::S3::Bucket"]), [configured(two_buckets)]
    )
    assert known.evaluations[0].complianceType is C.NON_COMPLIANT
    assert known.evaluations[0].resourceType == "AWS::::Account"


def test_account_rules_run_once_per_account():
    snap = Snapshot([bucket("a", "1"), bucket("b", "1"), bucket("c", "2")], resourceTypesCollected=["AWS::S3::Bucket"])
    result = evaluate(snap, [configured(two_buckets)])
    assert [(e.accountId, e.complianceType) for e in result.evaluations] == [("1", C.COMPLIANT), ("2", C.NON_COMPLIANT)]


def test_region_scope_runs_per_region():
    @rule(id="regional", title="t", resource_types=["AWS::::Account"], scope="region")
    def regional(account, region):
        return compliant(region) if account.configuration.get("on") else non_compliant(region)

    items = [
        ConfigurationItem("AWS::::Account", "1", "1", "global"),
        ConfigurationItem("AWS::::Account", "1", "1", "us-east-1", configuration={"on": True}),
        ConfigurationItem("AWS::::Account", "1", "1", "eu-west-1", configuration={"on": False}),
    ]
    result = evaluate(Snapshot(items), [configured(regional)])
    assert [(e.awsRegion, e.complianceType) for e in result.evaluations] == [
        ("eu-west-1", C.NON_COMPLIANT),
        ("us-east-1", C.COMPLIANT),
    ]


def test_deleted_items_are_not_evaluated():
    gone = bucket("acme-gone")
    gone.configurationItemStatus = "ResourceDeleted"
    assert evaluate(Snapshot([gone]), [configured(named_well)]).evaluations == []


def test_yaml_rule_compiles_to_the_same_rule_object():
    yaml_rule = compile_rule(
        {
            "id": "bucket-versioned",
            "title": "t",
            "resource_types": ["AWS::S3::Bucket"],
            "severity": "high",
            "applies_when": {"path": "tags.env", "equals": "prod"},
            "compliant_when": {
                "any": [
                    {"path": "supplementaryConfiguration.BucketVersioningConfiguration.status", "equals": "Enabled"},
                    {"path": "tags.versioning", "equals": "exempt"},
                ]
            },
            "annotation": "versioning off",
        },
        "test",
    )
    assert yaml_rule.severity is Severity.HIGH
    items = [
        ConfigurationItem("AWS::S3::Bucket", n, tags=t, supplementaryConfiguration=s)
        for n, t, s in [
            ("on", {"env": "prod"}, {"BucketVersioningConfiguration": {"status": "Enabled"}}),
            ("off", {"env": "prod"}, {}),
            ("dev", {"env": "dev"}, {}),
        ]
    ]
    result = {e.resourceId: e.complianceType for e in evaluate(Snapshot(items), [configured(yaml_rule)]).evaluations}
    assert result == {"on": C.COMPLIANT, "off": C.NON_COMPLIANT, "dev": C.NOT_APPLICABLE}


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"id": "x", "title": "t", "resource_types": ["T"]}, "missing field 'compliant_when'"),
        (
            {"id": "x", "title": "t", "resource_types": ["T"], "compliant_when": {"path": "a", "bogus": 1}},
            "exactly one operator",
        ),
        (
            {"id": "x", "title": "t", "resource_types": "T", "compliant_when": {"path": "a", "exists": True}},
            "resource_types: must be a list",
        ),
    ],
)
def test_yaml_rule_errors(entry, message):
    with pytest.raises(InputError, match=message):
        compile_rule(entry, "rules.yaml: rules[0]")


def test_select_rules_from_pack_with_per_control_parameters(plugins):
    rules, packs = select_rules(plugins, ["cis-aws-foundations-3.0"])
    by_name = {r.name: r for r in rules}
    assert by_name["iam-password-policy-minimum-length"].params["MinimumPasswordLength"] == 14
    assert by_name["iam-password-policy-reuse-prevention"].params["PasswordReusePrevention"] == 24
    assert by_name["iam-password-policy-minimum-length"].controls == ["cis-aws-foundations-3.0:1.8"]
    with pytest.raises(InputError, match="unknown pack 'nope'"):
        select_rules(plugins, ["nope"])
    with pytest.raises(InputError, match="unknown rule 'nope'"):
        select_rules(plugins, [], ["nope"])


def test_a_failed_account_setting_does_not_blank_out_the_others():
    # GuardDuty could not be read in one region; the password policy (another setting) still evaluates.
    @rule(id="policy-present", title="t", resource_types=["AWS::::Account"], scope="account")
    def policy_present(account):
        if "passwordPolicy" not in account.configuration:
            return C.INSUFFICIENT_DATA, "not collected"
        return compliant() if account.configuration["passwordPolicy"] else non_compliant()

    error = CollectionError(
        "guardduty", "ListDetectors", "AccessDenied", "denied", "eu-west-1", "1", ["AWS::::Account"]
    )
    account = ConfigurationItem("AWS::::Account", "1", "1", "global", configuration={"passwordPolicy": {"x": 1}})
    result = evaluate(Snapshot([account], collectionErrors=[error]), [configured(policy_present)])
    assert [e.complianceType for e in result.evaluations] == [C.COMPLIANT]
    missing = ConfigurationItem("AWS::::Account", "1", "1", "global")
    result = evaluate(Snapshot([missing], collectionErrors=[error]), [configured(policy_present)])
    assert [e.complianceType for e in result.evaluations] == [C.INSUFFICIENT_DATA]


def test_a_property_the_collector_does_not_read_is_insufficient_data_not_off(plugins, tmp_path):
    from compliance.snapshot import dump_snapshot, load_snapshot

    lifecycle = plugins.rules["s3-lifecycle-policy-check"]
    item = bucket("acme-a")
    item.supplementaryConfiguration = {"BucketVersioningConfiguration": {"status": "Enabled"}}
    path = "supplementaryConfiguration.BucketLifecycleConfiguration"
    ours = Snapshot([item], propertiesNotRecorded={"AWS::S3::Bucket": [path]})
    dump_snapshot(ours, tmp_path / "s.json")
    reloaded = load_snapshot(tmp_path / "s.json")
    assert reloaded.propertiesNotRecorded == {"AWS::S3::Bucket": [path]}
    assert [e.complianceType for e in evaluate(reloaded, [configured(lifecycle)]).evaluations] == [C.INSUFFICIENT_DATA]
    # AWS Config records the lifecycle when a bucket has one: its absence there means "none".
    assert [e.complianceType for e in evaluate(Snapshot([item]), [configured(lifecycle)]).evaluations] == [
        C.NON_COMPLIANT
    ]
