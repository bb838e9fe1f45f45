"""The packs for the standards in use (CIS AWS Foundations v5.0.0, PCI DSS v4.0.1) and the ones kept
(CIS v3.0.0 / v1.4.0, PCI DSS v3.2.1): checked against the Security Hub catalog copied into
tests/data/security-hub-controls.tsv, every automated control judged on Config-shaped items, pending
rules reported UNKNOWN until registered, requirement grouping and the crosswalk."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from monitoring_chain import chain
from rule_tests import rule_test_modules

from compliance.builtin import rules as builtin_rules
from compliance.crosswalk import crosswalk
from compliance.errors import InputError
from compliance.evaluate import evaluate, select_rules
from compliance.packs import ControlStatus, parse_pack, requirement_status
from compliance.rule import compliant, non_compliant, rule
from compliance.testing import build_snapshot, make_account, make_ci

CATALOG = Path(__file__).parent / "data" / "security-hub-controls.tsv"
# the built-in packs, one YAML file each
BUILT_IN = sorted(path.stem for path in (Path(builtin_rules.__file__).parent / "packs").glob("*.yaml"))
# CIS v5.0.0's 63 recommendations (numbering of the benchmark; 37 of them are checked by Security Hub)
CIS_5_0 = (
    [f"1.{n}" for n in range(1, 22)]
    + ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.3.1"]
    + [f"3.{n}" for n in range(1, 10)]
    + [f"4.{n}" for n in range(1, 17)]
    + ["5.1.1", "5.1.2", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7"]
)
CIS_5_0_MANUAL = {"1.1", "1.6", "1.10", "1.20", "2.1.3", "5.6"}
# Security Hub ids the catalog (FSBP, CIS v5.0.0, PCI DSS v4.0.1) does not hold, and why.
NOT_IN_CATALOG = {
    **{f"CloudWatch.{n}": "CIS v1.4.0 / PCI DSS v3.2.1 monitoring control, in none of the catalog's standards"
       for n in range(1, 15)},
    "AutoScaling.5": "AWS spells it Autoscaling.5 (catalog and PCI DSS v4.0.1 list); the FSBP pack's id predates that",
    "CloudFormation.1": "retired from FSBP in April 2024 (catalog's retired list)",
    "Cognito.1": "not in the catalog's list of active FSBP controls",
}  # fmt: skip


def catalog() -> dict[str, dict[str, str]]:
    with CATALOG.open() as handle:
        header = handle.readline().lstrip("# ").rstrip("\n").split("\t")
        return {row["id"]: row for row in csv.DictReader(handle, fieldnames=header, delimiter="\t")}


def config_rule(row: dict[str, str]) -> str:
    return row["rule"].split(" ")[0]


def requirement_numbers(text: str) -> list[str]:
    return [] if text in ("-", "?") else [part.strip() for part in text.split(",")]


def test_catalog_copy_has_the_three_standards():
    rows = catalog()
    assert len(rows) == 391
    assert sum(1 for r in rows.values() if r["cis5"] != "-") == 40
    assert sum(1 for r in rows.values() if r["pci401"] != "-") == 142


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_security_hub_id_and_pending_rule_is_in_the_catalog(plugins, name):
    rows = catalog()
    pack = plugins.pack(name)
    assert pack.version and pack.reference.startswith("https://docs.aws.amazon.com/"), name
    for control in pack.controls:
        if control.securityHubId and control.securityHubId not in NOT_IN_CATALOG:
            assert control.securityHubId in rows, f"{name} {control.id}: {control.securityHubId} not in the catalog"
        if pack.framework != "CIS AWS Foundations Benchmark" and not control.id.startswith("PCI."):
            assert control.id == control.securityHubId, f"{name}: control ids are Security Hub ids"
        for ref in control.rules:
            if ref.pending:  # a typo here would silently never be judged: the id must be the catalog's
                assert control.securityHubId and ref.rule == config_rule(rows[control.securityHubId]), control.id
            else:
                assert ref.rule in plugins.rules, f"{name} {control.id}: unknown rule {ref.rule}"


def test_cis_5_0_has_every_recommendation_and_the_40_security_hub_controls(plugins):
    rows = catalog()
    pack = plugins.pack("cis-aws-foundations-5.0")
    assert [r for c in pack.controls for r in c.requirements] == [
        r for r in CIS_5_0 for _ in range(2 if r in ("2.1.4", "2.2.4", "2.3.1") else 1)
    ]
    assert len(set(CIS_5_0)) == 63
    checked = {shid: row["cis5"] for shid, row in rows.items() if row["cis5"] != "-"}
    by_shid = {c.securityHubId: c for c in pack.controls if c.securityHubId}
    assert set(by_shid) == set(checked)
    for shid, control in by_shid.items():
        assert control.requirements == [checked[shid]], shid
        assert not control.manual and not control.missing_rules(plugins.rules), f"{shid} must be automated"
        assert control.severity.value.lower() == rows[shid]["sev"].lower(), shid
    assert {c.id for c in pack.controls if c.manual} == CIS_5_0_MANUAL
    assert all(len(c.guidance) > 40 for c in pack.controls if c.manual)
    rules = {c.securityHubId: c.rules[0] for c in pack.controls if c.securityHubId}
    assert rules["EFS.8"].rule == "efs-filesystem-ct-encrypted"
    assert (rules["RDS.5"].rule, rules["RDS.15"].rule) == ("rds-multi-az-support", "rds-cluster-multi-az-enabled")
    assert rules["CloudTrail.1"].parameters == {"readWriteType": "ALL", "includeManagementEvents": True}
    assert rules["IAM.22"].parameters == {"maxCredentialUsageAge": 45}


def test_pci_4_0_1_has_the_142_controls_with_their_requirements(plugins):
    rows = catalog()
    pack = plugins.pack("pci-dss-4.0.1")
    expected = {shid: row for shid, row in rows.items() if row["pci401"] != "-"}
    assert [c.id for c in pack.controls if c.id in expected] == [c.id for c in pack.controls]
    assert {c.id for c in pack.controls} == set(expected)
    for control in pack.controls:
        known = requirement_numbers(expected[control.id]["pci401"])
        if known:
            assert control.requirements == known, control.id
        assert not control.manual
    unmapped = {c.id for c in pack.controls if not c.requirements}
    assert unmapped == {"CloudTrail.2", "CloudTrail.3", "CloudTrail.4", "CloudTrail.6", "CloudTrail.7", "EKS.2",
                        "EKS.3", "EKS.8", "EventBridge.3", "Transfer.2"}  # fmt: skip
    counts = pack.counts(plugins.rules)
    assert counts == {"controls": 142, "automated": 142, "pending": 0, "manual": 0}


def test_pci_3_2_1_is_kept_and_marked_retired(plugins):
    pack = plugins.pack("pci-dss-3.2.1")
    assert pack.retired == "2024-03-31" and pack.description.startswith("RETIRED")
    assert len(pack.controls) == 44
    assert not plugins.pack("pci-dss-4.0.1").retired


# --- every automated control is judged on Config-shaped items ---------------------------------------


def _item_sets(plugins, rule_id: str):
    """Item sets from the rule tests' tables (and, for the CIS monitoring rules, a full and a broken chain)."""
    for module in (m for m in rule_test_modules() if hasattr(m, "CASES")):
        for case in module.CASES:
            if case.rule == rule_id:
                yield case.items, case.collected, [case.region] if case.region else None
    if rule_id.startswith("log-metric-filter-alarm-"):
        pattern = plugins.rules[rule_id].parameters["filterPattern"].default
        yield chain(pattern), None, None
        yield chain(pattern, filter=None), None, None


@pytest.mark.parametrize("name", ["cis-aws-foundations-5.0", "pci-dss-4.0.1"])
def test_every_automated_control_passes_and_fails_on_config_items(plugins, name):
    configured, packs = select_rules(plugins, [name])
    pack = packs[0]
    unjudged = []
    for control in pack.controls:
        if control.manual or control.missing_rules(plugins.rules):
            continue
        key = f"{name}:{control.id}"
        mine = [c for c in configured if key in c.controls]
        seen = set()
        for ref in control.rules:
            for items, collected, regions in _item_sets(plugins, ref.rule):
                snapshot = build_snapshot(items, collected=collected, regions=regions)
                result = evaluate(snapshot, mine, packs)
                seen |= {c.status for c in result.controls() if c.control.id == control.id}
        if not {ControlStatus.PASSED, ControlStatus.FAILED} <= seen:
            unjudged.append(f"{control.id}: {sorted(seen)}")
    assert not unjudged, "automated controls never both PASSED and FAILED on the rule tests' items:\n" + "\n".join(
        unjudged
    )


# --- pending rules: UNKNOWN until registered ---------------------------------------------------------

PENDING_PACK = {
    "name": "pending-test",
    "controls": [
        {"id": "ECR.1", "rules": [{"rule": "example-scan-on-push-check", "pending": True}]},
        {"id": "mixed", "rules": ["s3-bucket-versioning-enabled", {"rule": "nope-not-yet", "pending": True}]},
        {"id": "S3.14", "rules": ["s3-bucket-versioning-enabled"], "requirements": ["10.5.1"]},
    ],
}


@rule(id="example-scan-on-push-check", title="t", resource_types=["AWS::ECR::Repository"])
def _ecr_scanning(ci):
    on = ci.configuration.get("ImageScanningConfiguration", {}).get("ScanOnPush")
    return compliant("scan on push") if on else non_compliant("no scan on push")


def _pending_statuses(plugins, monkeypatch, items):
    pack = parse_pack(PENDING_PACK, "test")
    monkeypatch.setitem(plugins.packs, pack.name, pack)
    rules, packs = select_rules(plugins, [pack.name])
    return {c.control.id: (c.status, c.note) for c in evaluate(build_snapshot(items), rules, packs).controls()}


def test_a_control_whose_rule_is_not_registered_yet_is_unknown_never_passed(plugins, monkeypatch):
    assert "example-scan-on-push-check" not in plugins.rules
    bucket = make_ci("AWS::S3::Bucket", "b", {"name": "b"}, {"BucketVersioningConfiguration": {"status": "Enabled"}})
    statuses = _pending_statuses(plugins, monkeypatch, [bucket, make_account()])
    assert statuses["ECR.1"] == (
        ControlStatus.UNKNOWN,
        "not automated yet: no rule registered yet for example-scan-on-push-check",
    )
    assert statuses["mixed"][0] is ControlStatus.UNKNOWN  # its registered rule passes; the other is missing
    assert statuses["S3.14"] == (ControlStatus.PASSED, "")
    unversioned = make_ci("AWS::S3::Bucket", "u", {"name": "u"}, {"BucketVersioningConfiguration": {"status": "Off"}})
    assert _pending_statuses(plugins, monkeypatch, [unversioned])["mixed"][0] is ControlStatus.FAILED


def test_once_a_rule_with_the_pending_id_is_registered_the_control_is_judged(plugins, monkeypatch):
    monkeypatch.setitem(plugins.rules, _ecr_scanning.id, _ecr_scanning)
    repo = make_ci("AWS::ECR::Repository", "app", {"ImageScanningConfiguration": {"ScanOnPush": False}})
    assert _pending_statuses(plugins, monkeypatch, [repo])["ECR.1"] == (ControlStatus.FAILED, "")
    repo = make_ci("AWS::ECR::Repository", "app", {"ImageScanningConfiguration": {"ScanOnPush": True}})
    assert _pending_statuses(plugins, monkeypatch, [repo])["ECR.1"] == (ControlStatus.PASSED, "")


def test_an_unknown_rule_that_is_not_marked_pending_is_still_an_error(plugins, monkeypatch):
    pack = parse_pack({"name": "typo", "controls": [{"id": "x", "rules": ["s3-bucket-versionning-enabled"]}]}, "t")
    monkeypatch.setitem(plugins.packs, pack.name, pack)
    with pytest.raises(InputError, match="unknown rule 's3-bucket-versionning-enabled'"):
        select_rules(plugins, [pack.name])
    with pytest.raises(InputError, match="pending: expected true or false"):
        parse_pack({"name": "p", "controls": [{"id": "x", "rules": [{"rule": "r", "pending": "yes"}]}]}, "t")


def test_uncollected_type_is_unknown_and_says_why(plugins, monkeypatch):
    rules, packs = select_rules(plugins, ["cis-aws-foundations-5.0"])
    snapshot = build_snapshot([make_account()], collected=["AWS::::Account", "AWS::RDS::DBInstance"])
    by_id = {c.control.id: c for c in evaluate(snapshot, rules, packs).controls()}
    cluster = by_id["2.2.4-cluster"]  # never read: unknown, and the control or its evaluation says why
    assert cluster.status is ControlStatus.UNKNOWN
    assert "AWS::RDS::DBCluster" in cluster.note + " ".join(e.annotation for e in cluster.evaluations)
    assert by_id["2.2.4-instance"].status is ControlStatus.NOT_APPLICABLE  # collected, none exist


# --- requirements ------------------------------------------------------------------------------------


def test_requirement_status_is_the_worst_of_its_controls():
    s = ControlStatus
    assert requirement_status([s.PASSED, s.FAILED, s.UNKNOWN]) is s.FAILED
    assert requirement_status([s.PASSED, s.UNKNOWN]) is s.UNKNOWN
    assert requirement_status([s.PASSED, s.MANUAL]) is s.MANUAL
    assert requirement_status([s.PASSED, s.NOT_APPLICABLE]) is s.PASSED
    assert requirement_status([s.NOT_APPLICABLE]) is s.NOT_APPLICABLE


def test_pci_controls_group_by_requirement(plugins):
    rules, packs = select_rules(plugins, ["pci-dss-4.0.1"])
    weak = make_account({"passwordPolicy": {"minimumPasswordLength": 6, "requireUppercaseCharacters": True}})
    result = evaluate(build_snapshot([weak]), rules, packs)
    groups = {r.requirement: r for r in result.requirements()}
    assert {c.control.id for c in groups["8.3.6"].controls} == {"IAM.7", "IAM.11", "IAM.12", "IAM.14"}
    assert groups["8.3.6"].status is ControlStatus.FAILED
    by_id = {c.control.id: c.status for c in groups["8.3.6"].controls}
    assert by_id["IAM.11"] is ControlStatus.PASSED and by_id["IAM.12"] is ControlStatus.FAILED
    assert list(groups)[:3] == ["1.2.7", "1.3.1", "1.4.4"] and "unmapped" in groups
    order = list(groups)
    assert order.index("8.3.9") < order.index("8.3.10.1") < order.index("8.4.2")


# --- crosswalk ---------------------------------------------------------------------------------------


def test_crosswalk_cis_3_0_to_5_0(plugins):
    rows = crosswalk(plugins.pack("cis-aws-foundations-3.0"), plugins.pack("cis-aws-foundations-5.0"), plugins.rules)
    by_new = defaultdict(list)
    for row in rows:
        for control in row.new:
            by_new[control.id].append((row.kind, [c.id for c in row.old]))
    assert by_new["1.13"] == [("same", ["1.14"])]  # renumbered: access key rotation (IAM.3)
    assert by_new["5.1.1"] == [("same", ["2.2.1"])]  # EBS default encryption moved sections
    assert by_new["3.1"][0][0] == "parameters"  # includeManagementEvents is now fixed too
    assert by_new["4.1"] == [("automated", ["4.1"])]
    assert by_new["2.3.1-EFS.8"][0][0] == "new" and by_new["2.2.4-cluster"][0][0] == "new"
    assert by_new["1.1"] == [("manual", ["1.1"])]
    dropped = [c.id for row in rows if row.kind == "dropped" for c in row.old]
    assert dropped == ["1.3"]  # security questions: removed from v5.0.0
    assert sum(len(r.new) for r in rows) == 66


def test_crosswalk_pci_3_2_1_to_4_0_1(plugins):
    rows = crosswalk(plugins.pack("pci-dss-3.2.1"), plugins.pack("pci-dss-4.0.1"), plugins.rules)
    kinds = {(row.kind, tuple(c.id for c in row.old), tuple(c.id for c in row.new)) for row in rows}
    assert ("same", ("PCI.S3.5",), ("S3.5",)) in kinds
    assert ("dropped", ("PCI.CW.1",), ()) in kinds  # root usage alarm: not in v4.0.1
    assert any(k == "new" and new == ("ECR.1",) for k, _, new in kinds)
    pending = [row for row in rows if row.kind == "new" and row.note == "not automated yet"]
    assert all(row.new[0].missing_rules(plugins.rules) for row in pending)
    assert sum(len(r.new) for r in rows) == 142


def test_table_report_by_requirement_and_control_notes(plugins, monkeypatch):
    from compliance.report import ReportOptions
    from compliance.report.table import render

    rules, packs = select_rules(plugins, ["pci-dss-4.0.1"])
    result = evaluate(build_snapshot([make_account()]), rules, packs)
    text = render(result, ReportOptions(by="requirement", show_all=True))
    lines = [line for line in text.splitlines() if " 8.3.6 " in line]
    assert lines and "IAM.11" in lines[0] and "UNKNOWN" in lines[0]
    pack = parse_pack(PENDING_PACK, "test")
    monkeypatch.setitem(plugins.packs, pack.name, pack)
    rules, packs = select_rules(plugins, [pack.name])
    text = render(evaluate(build_snapshot([make_account()]), rules, packs), ReportOptions(by="control"))
    ecr = [line for line in text.splitlines() if "ECR.1" in line]
    assert ecr and "UNKNOWN" in ecr[0] and "(not automated yet: no rule registered yet for example-scan-on" in ecr[0]
