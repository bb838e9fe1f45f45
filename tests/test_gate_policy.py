"""Gate thresholds: --fail-on, --fail-on-control, --allow-partial, and their exit codes."""

from __future__ import annotations

import json

import pytest
from report_fixtures import scenario

from compliance.gate import GatePolicy, decide

PACK = "cis-aws-foundations-3.0"


def _control(result, status):
    return next(c for c in result.controls() if c.status.value == status)


def test_fail_on_control_by_each_spelling(plugins):
    result, _ = scenario(plugins, rules=())
    failed = _control(result, "FAILED")
    never = GatePolicy(fail_on="never", allow_partial=True)
    assert decide(result, never).exit_code == 0
    spellings = [failed.control.id, f"{PACK}:{failed.control.id}"] + (
        [failed.control.securityHubId] if failed.control.securityHubId else []
    )
    for spelling in spellings:
        decision = decide(result, GatePolicy(fail_on="never", fail_on_controls=[spelling], allow_partial=True))
        assert decision.exit_code == 1 and decision.reasons == [f"control {PACK}:{failed.control.id} failed"]
    passed = _control(result, "PASSED")
    assert decide(result, GatePolicy("never", [passed.control.id], True)).exit_code == 0


def test_partial_scan_fails_unless_allowed(plugins):
    result, _ = scenario(plugins, packs=(), rules=("s3-bucket-versioning-enabled",))
    for e in result.failing:
        e.suppression = {"kind": "waiver"}
    decision = decide(result, GatePolicy())
    assert decision.exit_code == 1
    assert decision.reasons == [
        "incomplete snapshot: 1 collection error(s)",
        "1 evaluation(s) with insufficient data or errors",
    ]
    assert decide(result, GatePolicy(allow_partial=True)).exit_code == 0


def test_unknown_control_is_usage_error(run_cli, example_snapshot_path, tmp_path):
    out = tmp_path / "r.json"
    code, _, err = run_cli(
        "scan",
        "--snapshot",
        example_snapshot_path,
        "--pack",
        PACK,
        "--fail-on-control",
        "9.99",
        "-f",
        "json",
        "-o",
        out,
    )
    assert code == 2 and "--fail-on-control 9.99: unknown control" in err
    assert not out.exists()  # checked before anything is written


@pytest.mark.parametrize(("fail_on", "expected"), [("never", 0), ("critical", 0), ("high", 1), ("low", 1)])
def test_fail_on_threshold(run_cli, example_snapshot_path, tmp_path, fail_on, expected):
    # restricted-ssh's worst failing findings are HIGH.
    code, _, _ = run_cli("scan", "--snapshot", example_snapshot_path, "--rule", "restricted-ssh", "--fail-on", fail_on)
    assert code == expected


def test_json_summary_keeps_its_schema(run_cli, example_snapshot_path, tmp_path):
    out = tmp_path / "r.json"
    run_cli("scan", "--snapshot", example_snapshot_path, "--rule", "restricted-ssh", "-f", "json", "-o", out)
    report = json.loads(out.read_text())
    assert list(report) == [
        "schemaVersion",
        "tool",
        "snapshot",
        "summary",
        "packs",
        "controls",
        "requirements",
        "evaluations",
        "triage",
    ]
    assert report["triage"] == {"waivers": None, "baseline": None}
    assert set(report["evaluations"][0]) == {
        "configRuleName",
        "ruleId",
        "resourceType",
        "resourceId",
        "complianceType",
        "annotation",
        "accountId",
        "awsRegion",
        "arn",
        "severity",
        "controls",
        "configurationItemMD5Hash",
        "suppression",
    }
