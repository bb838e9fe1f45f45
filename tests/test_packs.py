"""The built-in packs: they load, every rule and parameter resolves, every catalog control is present,
and control status / score are derived from the rules' evaluations."""

from __future__ import annotations

import pytest

from compliance.evaluate import evaluate, select_rules
from compliance.packs import ControlStatus, parse_pack
from compliance.testing import build_snapshot, make_account, make_ci

PACKS = [
    "cis-aws-foundations-5.0",
    "pci-dss-4.0.1",
    "cis-aws-foundations-3.0",
    "cis-aws-foundations-1.4",
    "pci-dss-3.2.1",
    "aws-foundational-security-best-practices",
]

# The controls Security Hub checks for each standard (from the shared catalog).
CIS_3_0 = {
    "Account.1", "CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "CloudTrail.7", "Config.1", "EC2.2", "EC2.6",
    "EC2.7", "EC2.8", "EC2.21", "EC2.53", "EC2.54", "EFS.1", "IAM.2", "IAM.3", "IAM.4", "IAM.5", "IAM.6", "IAM.9",
    "IAM.15", "IAM.16", "IAM.18", "IAM.22", "IAM.26", "IAM.27", "IAM.28", "KMS.4", "RDS.2", "RDS.3", "RDS.13",
    "S3.1", "S3.5", "S3.8", "S3.20", "S3.22", "S3.23",
}  # fmt: skip
PCI = {
    "PCI.AutoScaling.1": "AutoScaling.1", "PCI.CloudTrail.1": "CloudTrail.2", "PCI.CloudTrail.2": "CloudTrail.3",
    "PCI.CloudTrail.3": "CloudTrail.4", "PCI.CloudTrail.4": "CloudTrail.5", "PCI.CW.1": "CloudWatch.1",
    "PCI.CodeBuild.1": "CodeBuild.1", "PCI.CodeBuild.2": "CodeBuild.2", "PCI.Config.1": "Config.1",
    "PCI.DMS.1": "DMS.1", "PCI.EC2.1": "EC2.1", "PCI.EC2.2": "EC2.2", "PCI.EC2.6": "EC2.6", "PCI.EC2.4": "EC2.12",
    "PCI.EC2.5": "EC2.13", "PCI.ELBv2.1": "ELB.1", "PCI.ES.2": "ES.1", "PCI.ES.1": "ES.2",
    "PCI.GuardDuty.1": "GuardDuty.1", "PCI.IAM.3": "IAM.1", "PCI.IAM.2": "IAM.2", "PCI.IAM.1": "IAM.4",
    "PCI.IAM.4": "IAM.6", "PCI.IAM.7": "IAM.8", "PCI.IAM.5": "IAM.9", "PCI.IAM.8": "IAM.10", "PCI.IAM.6": "IAM.19",
    "PCI.KMS.1": "KMS.4", "PCI.Lambda.1": "Lambda.1", "PCI.Lambda.2": "Lambda.3", "PCI.Opensearch.2": "Opensearch.1",
    "PCI.Opensearch.1": "Opensearch.2", "PCI.RDS.1": "RDS.1", "PCI.RDS.2": "RDS.2", "PCI.Redshift.1": "Redshift.1",
    "PCI.S3.6": "S3.1", "PCI.S3.2": "S3.2", "PCI.S3.1": "S3.3", "PCI.S3.5": "S3.5", "PCI.S3.3": "S3.7",
    "PCI.SageMaker.1": "SageMaker.1", "PCI.SSM.3": "SSM.1", "PCI.SSM.1": "SSM.2", "PCI.SSM.2": "SSM.3",
}  # fmt: skip
CLOUDWATCH = {f"CloudWatch.{n}" for n in (1, *range(4, 15))}


@pytest.mark.parametrize("name", PACKS)
def test_pack_loads_and_every_rule_and_parameter_resolves(plugins, name):
    rules, packs = select_rules(plugins, [name])
    pack = packs[0]
    assert rules, name
    assert {c.rule.id for c in rules} <= set(plugins.rules)
    ids = [c.id for c in pack.controls]
    assert len(ids) == len(set(ids)), "control ids must be unique: a control's status is keyed by it"
    for control in pack.controls:
        assert control.title and control.severity
        if control.manual:
            assert not control.rules and len(control.guidance) > 40, control.id
        elif control.missing_rules(plugins.rules):
            assert all(r.pending for r in control.rules if r.rule not in plugins.rules), control.id
        else:  # automated: a remediation (the pack's, or its rules' once a pending rule is registered)
            remediations = (
                [control.remediation]
                if control.remediation
                else [plugins.rules[r.rule].remediation for r in control.rules]
            )
            assert control.rules and all(remediations), control.id
            assert all(f"{name}:{control.id}" in c.controls for c in rules if c.name in control.rule_names)


def test_cis_3_0_has_every_security_hub_control_automated(plugins):
    pack = plugins.pack("cis-aws-foundations-3.0")
    automated = {c.securityHubId for c in pack.controls if not c.manual and c.securityHubId}
    assert CIS_3_0 <= automated, sorted(CIS_3_0 - automated)
    manual = {c.id for c in pack.controls if c.manual}
    assert {"1.1", "1.3", "1.7", "1.11", "1.21", "2.1.3", "5.5", "4.1", "4.15"} <= manual
    by_id = {c.securityHubId: c for c in pack.controls}
    assert by_id["EC2.53"].rules[0].parameters["ipType"] == "IPv4"
    assert by_id["EC2.54"].rules[0].parameters["ipType"] == "IPv6"
    assert by_id["IAM.22"].rules[0].parameters == {"maxCredentialUsageAge": 45}


def test_pci_has_all_44_controls_with_their_consolidated_ids(plugins):
    pack = plugins.pack("pci-dss-3.2.1")
    assert {c.id: c.securityHubId for c in pack.controls} == PCI
    assert not [c.id for c in pack.controls if c.manual]


def test_cis_1_4_automates_the_cloudwatch_monitoring_controls(plugins):
    pack = plugins.pack("cis-aws-foundations-1.4")
    monitoring = {c.securityHubId: c for c in pack.controls if c.securityHubId in CLOUDWATCH}
    assert set(monitoring) == CLOUDWATCH
    assert all(not c.manual and c.rules[0].rule.startswith("log-metric-filter-alarm-") for c in monitoring.values())
    assert {c.id for c in pack.controls if c.id.startswith("4.")} == {f"4.{n}" for n in range(1, 17)}


def test_fsbp_covers_the_collected_services(plugins):
    pack = plugins.pack("aws-foundational-security-best-practices")
    prefixes = {c.id.split(".")[0] for c in pack.controls}
    assert {
        "IAM", "S3", "EC2", "CloudTrail", "Config", "KMS", "RDS", "GuardDuty", "Inspector", "Cognito", "SageMaker",
        "SSM", "CodeBuild", "Lambda", "EFS", "ELB", "AutoScaling", "DMS", "Opensearch", "Redshift",
        "ACM", "WAF", "NetworkFirewall",
    } <= prefixes  # fmt: skip
    assert all(c.id == c.securityHubId for c in pack.controls)
    assert "Left out" in pack.description


STATUS_PACK = {
    "name": "status-test",
    "controls": [
        {"id": "pass", "rules": ["s3-bucket-versioning-enabled"]},
        {"id": "fail", "rules": ["s3-bucket-versioning-enabled", "s3-bucket-server-side-encryption-enabled"]},
        {"id": "fail-beats-unknown", "rules": ["s3-bucket-server-side-encryption-enabled", "iam-password-policy"]},
        {"id": "unknown", "rules": ["iam-password-policy"]},
        {"id": "not-applicable", "rules": ["encrypted-volumes"]},
        {"id": "nothing-to-check", "rules": ["rds-storage-encrypted"]},
        {"id": "manual", "manual": True, "guidance": "look"},
    ],
}


def test_control_status_and_score(plugins, monkeypatch):
    pack = parse_pack(STATUS_PACK, "test")
    monkeypatch.setitem(plugins.packs, pack.name, pack)
    rules, packs = select_rules(plugins, [pack.name])
    items = [
        make_ci("AWS::S3::Bucket", "b", {"name": "b"}, {"BucketVersioningConfiguration": {"status": "Enabled"}}),
        make_ci("AWS::EC2::Volume", "vol-1", {"encrypted": False, "attachments": []}),
        make_account(),
    ]
    result = evaluate(build_snapshot(items), rules, packs)
    statuses = {c.control.id: c.status for c in result.controls()}
    assert statuses == {
        "pass": ControlStatus.PASSED,
        "fail": ControlStatus.FAILED,
        "fail-beats-unknown": ControlStatus.FAILED,
        "unknown": ControlStatus.UNKNOWN,
        "not-applicable": ControlStatus.NOT_APPLICABLE,
        "nothing-to-check": ControlStatus.NOT_APPLICABLE,
        "manual": ControlStatus.MANUAL,
    }
    score = result.scores()["status-test"]
    assert score["score"] == round(1 / 3, 4)
    assert score["controls"]["MANUAL"] == 1


@pytest.mark.parametrize("name", PACKS)
def test_manual_controls_are_never_passed_and_no_rule_errors(plugins, name):
    rules, packs = select_rules(plugins, [name])
    result = evaluate(build_snapshot([make_account()]), rules, packs)
    assert not [e for e in result.evaluations if e.complianceType.value == "ERROR"]
    for control in result.controls():
        if control.control.manual:
            assert control.status is ControlStatus.MANUAL
        else:
            assert control.status is not ControlStatus.MANUAL


def test_control_over_a_type_that_was_not_collected_is_unknown_not_not_applicable(plugins, monkeypatch):
    pack = parse_pack(
        {"name": "collected-test", "controls": [
            {"id": "rds", "rules": ["rds-storage-encrypted"]},
            {"id": "volumes", "rules": ["encrypted-volumes"]},
        ]},
        "test",
    )  # fmt: skip
    monkeypatch.setitem(plugins.packs, pack.name, pack)
    rules, packs = select_rules(plugins, [pack.name])
    snapshot = build_snapshot([make_account()], collected=["AWS::::Account", "AWS::EC2::Volume"])
    statuses = {c.control.id: c.status for c in evaluate(snapshot, rules, packs).controls()}
    # no volumes exist (collected, none found); RDS was never read
    assert statuses == {"rds": ControlStatus.UNKNOWN, "volumes": ControlStatus.NOT_APPLICABLE}


def test_builtin_packs_read_by_the_fast_loader_are_the_packs_the_checked_loader_reads():
    from pathlib import Path

    import compliance.builtin.rules as builtin

    from compliance.packs import load_pack

    paths = sorted((Path(builtin.__file__).parent / "packs").glob("*.yaml"))
    assert paths
    for path in paths:
        assert load_pack(path, trusted=True) == load_pack(path)
