"""CIS AWS Foundations v5.0.0 and PCI DSS v4.0.1 on the demo account: one `compliance scan --demo` for
both packs (the demo takes ~15 s, so it runs once for the module), read back from its JSON report."""

from __future__ import annotations

import json

import pytest

from compliance.cli import main

PACKS = ("cis-aws-foundations-5.0", "pci-dss-4.0.1")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    pytest.importorskip("moto")
    out = tmp_path_factory.mktemp("demo") / "scan.json"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COMPLIANCE_DATA_DIR", str(out.parent))
        args = ["scan", "--demo", "-q", "--no-store", "-f", "json", "-o", str(out)]
        code = main([*args, *(a for p in PACKS for a in ("--pack", p))])
    assert code == 1  # the demo account has deliberate failures
    return json.loads(out.read_text())


def _controls(report, pack):
    return {c["controlId"]: c for c in report["controls"] if c["pack"] == pack}


@pytest.mark.parametrize("pack", PACKS)
def test_every_control_is_judged_and_passed_only_on_evidence(report, plugins, pack):
    controls = _controls(report, pack)
    assert set(controls) == {c.id for c in plugins.pack(pack).controls}
    assert not [e for e in report["evaluations"] if e["complianceType"] == "ERROR"]
    evaluations = [e for e in report["evaluations"] if any(k.startswith(f"{pack}:") for k in e["controls"])]
    statuses = {c["status"] for c in controls.values()}
    assert {"PASSED", "FAILED"} <= statuses
    for control_id, control in controls.items():
        mine = [e for e in evaluations if f"{pack}:{control_id}" in e["controls"]]
        if control["status"] == "PASSED":  # never without a COMPLIANT evaluation, never with a failing one
            states = {e["complianceType"] for e in mine}
            assert "COMPLIANT" in states and not states & {"NON_COMPLIANT", "INSUFFICIENT_DATA", "ERROR"}, control_id
        if control["status"] == "FAILED":
            assert control["failingResources"], control_id


def test_cis_5_0_on_the_demo(report):
    controls = _controls(report, "cis-aws-foundations-5.0")
    assert {c for c, v in controls.items() if v["status"] == "MANUAL"} == {"1.1", "1.6", "1.10", "1.20", "2.1.3", "5.6"}
    # new in v5.0.0: the demo's single-AZ Aurora cluster fails RDS.15
    assert controls["2.2.4-cluster"]["status"] == "FAILED" and controls["2.2.4-cluster"]["rules"] == [
        "rds-cluster-multi-az-enabled"
    ]
    assert controls["2.3.1-EFS.8"]["status"] in ("PASSED", "FAILED", "NOT_APPLICABLE")
    by_requirement = {r["requirement"]: r for r in report["requirements"] if r["pack"] == "cis-aws-foundations-5.0"}
    assert set(by_requirement["2.2.4"]["controls"]) == {"2.2.4-instance", "2.2.4-cluster"}
    assert by_requirement["2.2.4"]["status"] == "FAILED"


def test_pci_4_0_1_on_the_demo(report, plugins):
    controls = _controls(report, "pci-dss-4.0.1")
    pack = plugins.pack("pci-dss-4.0.1")
    pending = [c for c in pack.controls if c.missing_rules(plugins.rules)]
    for control in pending:  # not automated yet: UNKNOWN with the reason, never PASSED
        assert controls[control.id]["status"] in ("UNKNOWN", "FAILED"), control.id
        if controls[control.id]["status"] == "UNKNOWN":
            assert controls[control.id]["note"].startswith("not automated yet: no rule registered yet for")
    # services the collectors do not read yet: unknown, with the reason in their evaluations
    collected = {t for c in plugins.collectors.values() for t in c.resource_types}
    for control in pack.controls:
        types = {t for r in control.rules if r.rule in plugins.rules for t in plugins.rules[r.rule].resource_types}
        if types and not types & collected:
            assert controls[control.id]["status"] == "UNKNOWN", control.id
            unread = [e for e in report["evaluations"] if f"pci-dss-4.0.1:{control.id}" in e["controls"]]
            assert unread and {e["complianceType"] for e in unread} == {"INSUFFICIENT_DATA"}, control.id
    # CloudFront is read: the demo's legacy distribution has no default root object
    assert controls["CloudFront.1"]["status"] == "FAILED"
    requirements = {r["requirement"]: r for r in report["requirements"] if r["pack"] == "pci-dss-4.0.1"}
    assert set(requirements["8.3.6"]["controls"]) == {"IAM.7", "IAM.11", "IAM.12", "IAM.14"}
    assert all(controls[c]["requirements"] == [] for c in requirements["unmapped"]["controls"])
