"""compliance scan --snapshot: findings, exit codes, formats, gate options."""

from __future__ import annotations

import json


def test_scan_example_prints_findings_and_exits_1(run_cli, example_snapshot_path):
    code, out, err = run_cli("scan", "--snapshot", example_snapshot_path)
    assert code == 1
    assert "restricted-ssh" in out and "sg-0a1b2c3d4e5f60001" in out
    assert "failing finding" in err
    # piped: plain text, one row per line (a rule id and its fix are never broken across lines)
    line = next(x for x in out.splitlines() if x.split()[1:2] == ["restricted-ssh"])
    assert line.endswith("Revoke the ingress permission for port 22 from 0.0.0.0/0 and ::/0.")
    assert "\x1b[" not in out and "─" not in out


def test_fail_on_threshold_controls_exit_code(run_cli, example_snapshot_path):
    # restricted-ssh is HIGH and fails on the example: critical-only passes, high fails.
    scan = ("scan", "--snapshot", example_snapshot_path, "--rule", "restricted-ssh", "--fail-on")
    assert run_cli(*scan, "critical")[0] == 0
    assert run_cli(*scan, "high")[0] == 1
    assert run_cli(*scan, "never")[0] == 0
    # With every pack, the example has a CRITICAL finding (restricted-common-ports on 3389).
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path, "--fail-on", "critical", "--allow-partial")
    assert code == 1 and "at or above critical" in err


def test_default_scan_runs_every_pack_and_scores_it(run_cli, example_snapshot_path, plugins):
    code, out, _ = run_cli("scan", "--snapshot", example_snapshot_path)
    assert code == 1
    for name in plugins.packs:
        assert f"Pack {name}: score" in out


def test_json_output_is_stable_and_complete(run_cli, example_snapshot_path, tmp_path):
    out_file = tmp_path / "report.json"
    code, out, _ = run_cli("scan", "--snapshot", example_snapshot_path, "--format", "json", "-o", out_file)
    assert code == 1 and out == ""
    report = json.loads(out_file.read_text())
    assert report["schemaVersion"] == "1"
    assert report["snapshot"]["accountIds"] == ["111122223333"]
    states = report["summary"]["byComplianceType"]
    assert states["NON_COMPLIANT"] == len([e for e in report["evaluations"] if e["complianceType"] == "NON_COMPLIANT"])
    keys = [(e["configRuleName"], e["resourceId"]) for e in report["evaluations"]]
    assert keys == sorted(keys, key=lambda k: k[0])
    ssh = [e for e in report["evaluations"] if e["configRuleName"] == "restricted-ssh"]
    assert {e["resourceId"]: e["complianceType"] for e in ssh} == {
        "sg-0a1b2c3d4e5f60001": "NON_COMPLIANT",
        "sg-0a1b2c3d4e5f60002": "COMPLIANT",
        "sg-0a1b2c3d4e5f60003": "NON_COMPLIANT",
    }


def test_rule_selection_and_param_override(run_cli, example_snapshot_path, tmp_path):
    out_file = tmp_path / "r.json"
    code, _, _ = run_cli(
        "scan",
        "--snapshot",
        example_snapshot_path,
        "--rule",
        "iam-password-policy",
        "--param",
        "iam-password-policy.MinimumPasswordLength=8",
        "--param",
        "iam-password-policy.MaxPasswordAge=0",
        "-f",
        "json",
        "-o",
        out_file,
    )
    report = json.loads(out_file.read_text())
    assert [e["configRuleName"] for e in report["evaluations"]] == ["iam-password-policy"]
    assert report["evaluations"][0]["complianceType"] == "COMPLIANT"
    assert code == 0


def test_pack_scan_reports_controls_and_score(run_cli, example_snapshot_path, tmp_path):
    out_file = tmp_path / "r.json"
    run_cli(
        "scan", "--snapshot", example_snapshot_path, "--pack", "cis-aws-foundations-3.0", "-f", "json", "-o", out_file
    )
    report = json.loads(out_file.read_text())
    controls = {c["controlId"]: c["status"] for c in report["controls"]}
    assert controls["1.8"] == "FAILED"  # minimum length 8
    assert controls["1.9"] == "PASSED"  # reuse prevention 24
    assert controls["3.1"] == "PASSED"  # org-audit is a logging multi-region trail
    pack = report["packs"][0]
    passed, failed = pack["controls"]["PASSED"], pack["controls"]["FAILED"]
    assert pack["score"] == round(passed / (passed + failed), 4)
    code, out, _ = run_cli(
        "scan", "--snapshot", example_snapshot_path, "--pack", "cis-aws-foundations-3.0", "--by", "control"
    )
    assert "IAM.15" in out and "FAILED" in out and "score" in out
