"""scan --waivers: suppression with expiry, stale waivers, matching, and malformed files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from report_fixtures import scenario

from compliance.errors import InputError
from compliance.gate import GatePolicy, Triage, decide
from compliance.waivers import apply_waivers, load_waivers, parse_waivers

OPEN_SG, EU_SG = "sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60003"
RULES = ("--rule", "restricted-ssh")


def _write(tmp_path, text):
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    return path


def _waiver(rule="restricted-ssh", resource=OPEN_SG, expires=None, **more):
    expires = expires or (dt.date.today() + dt.timedelta(days=30)).isoformat()
    lines = [
        f"  - rule: {rule}",
        f"    resource: '{resource}'",
        "    reason: bastion",
        "    owner: platform",
        f"    expires: {expires}",
    ]
    lines += [f"    {k}: {v}" for k, v in more.items()]
    return "\n".join(lines) + "\n"


def test_waived_findings_are_suppressed_not_dropped(run_cli, example_snapshot_path, tmp_path):
    waivers = _write(tmp_path, "waivers:\n" + _waiver(resource="sg-0a1b2c3d4e5f6000*"))
    report = tmp_path / "r.json"
    code, _, err = run_cli(
        "scan", "--snapshot", example_snapshot_path, *RULES, "--waivers", waivers, "-f", "json", "-o", report
    )
    assert code == 0, err  # both failing groups waived
    data = json.loads(report.read_text())
    states = {e["resourceId"]: (e["complianceType"], bool(e["suppression"])) for e in data["evaluations"]}
    assert states[OPEN_SG] == ("NON_COMPLIANT", True) and states[EU_SG] == ("NON_COMPLIANT", True)
    assert states["sg-0a1b2c3d4e5f60002"] == ("COMPLIANT", False)
    assert data["summary"]["suppressed"] == 2
    assert data["evaluations"][0]["suppression"]["owner"] == "platform"


def test_waiver_on_arn_glob_and_expiry_day_inclusive(run_cli, example_snapshot_path, tmp_path):
    today = dt.date.today().isoformat()
    waivers = _write(tmp_path, "waivers:\n" + _waiver(resource="arn:aws:ec2:us-east-1:*", expires=today))
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path, *RULES, "--waivers", waivers)
    assert code == 1 and "gate: 1 failing finding(s)" in err  # us-east-1 group waived through today; eu not


def test_expired_waiver_stops_suppressing_and_is_reported(run_cli, example_snapshot_path, tmp_path):
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    waivers = _write(tmp_path, "waivers:\n" + _waiver(expires=yesterday))
    report = tmp_path / "r.json"
    code, _, err = run_cli(
        "scan", "--snapshot", example_snapshot_path, *RULES, "--waivers", waivers, "-f", "json", "-o", report
    )
    assert code == 1
    assert f"expired on {yesterday}" in err and "gate: 2 failing finding(s)" in err
    data = json.loads(report.read_text())
    assert not any(e["suppression"] for e in data["evaluations"])
    assert data["triage"]["waivers"]["expired"][0]["matched"] == 1


def test_stale_waiver_is_reported(run_cli, example_snapshot_path, tmp_path):
    waivers = _write(tmp_path, "waivers:\n" + _waiver(resource="sg-gone") + _waiver(resource=EU_SG))
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path, *RULES, "--waivers", waivers)
    assert code == 1
    assert "waivers[0]" in err and "is stale" in err and "waivers[1]" not in err


def test_control_waiver_by_security_hub_id_and_account(plugins):
    result, _ = scenario(plugins)
    controls = {c.control.securityHubId: c for c in result.controls() if c.control.securityHubId}
    sh_id, control = next((k, c) for k, c in controls.items() if any(e.is_failing for e in c.evaluations))
    failing = [e for e in control.evaluations if e.is_failing]
    for e in failing:
        e.suppression = None
    waivers = parse_waivers(
        [
            {
                "control": sh_id,
                "resource": "*",
                "reason": "r",
                "owner": "o",
                "expires": "2030-01-01",
                "account": "111122223333",
            },
            {"control": sh_id, "resource": "*", "reason": "r", "owner": "o", "expires": "2030-01-01", "account": "999"},
        ],
        "w.yaml",
    )
    outcome = apply_waivers(result, waivers, "w.yaml", dt.date(2026, 1, 1))
    assert all(e.is_suppressed for e in failing)
    assert outcome.applied[0][1] == len(failing) and [w.account for w in outcome.stale] == ["999"]


def test_suppressed_findings_do_not_fail_control_gate(plugins):
    result, options = scenario(plugins, packs=(), rules=("restricted-ssh",))
    assert decide(result, GatePolicy()).exit_code == 1  # the eu-west-1 group is not waived
    for e in result.failing:
        e.suppression = {"kind": "waiver"}
    decision = decide(result, GatePolicy(allow_partial=True))
    assert decision.exit_code == 0 and decision.reasons == []


def test_notes_name_expired_and_stale(plugins):
    result, _ = scenario(plugins, packs=(), rules=("restricted-ssh",))
    waivers = parse_waivers(
        [
            {
                "rule": "restricted-ssh",
                "resource": EU_SG,
                "reason": "r",
                "owner": "o",
                "expires": "2026-01-01",
                "id": "W1",
            },
            {"rule": "restricted-ssh", "resource": "nope", "reason": "r", "owner": "o", "expires": "2027-01-01"},
        ],
        "w.yaml",
    )
    notes = Triage(waivers=apply_waivers(result, waivers, "w.yaml", dt.date(2026, 1, 2))).notes()
    assert notes[0].startswith("waiver W1 (rule restricted-ssh") and "expired on 2026-01-01" in notes[0]
    assert "w.yaml:waivers[1]" in notes[1] and "stale" in notes[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "waivers:\n  - rule: x\n    resource: '*'\n    reason: r\n    owner: o\n",
            "waivers[0]: missing field 'expires'",
        ),
        (
            "waivers:\n  - rule: x\n    resource: '*'\n    reason: r\n    owner: o\n    expires: soon\n",
            "waivers[0].expires: 'soon' is not a date",
        ),
        (
            "waivers:\n  - resource: '*'\n    reason: r\n    owner: o\n    expires: 2030-01-01\n",
            "waivers[0]: give exactly one of 'rule' or 'control'",
        ),
        (
            "waivers:\n  - rule: x\n    control: y\n    resource: '*'\n    reason: r\n    owner: o\n"
            "    expires: 2030-01-01\n",
            "give exactly one",
        ),
        ("waivers:\n  - rule: x\n    resource: '*'\n    owner: o\n    expires: 2030-01-01\n", "missing field 'reason'"),
        (
            "waivers:\n  - rule: x\n    resource: '*'\n    reason: r\n    owner: o\n    expires: 2030-01-01\n"
            "    until: 1\n",
            "unknown field 'until'",
        ),
        ("waivers:\n  - just a string\n", "waivers[0]: a waiver must be a mapping"),
        ("waivers: {a: 1}\n", "expected a list of waivers"),
        ("waivers:\n  - rule: [x\n", "waivers.yaml:3:1"),
    ],
)
def test_malformed_waivers_name_file_and_entry(run_cli, example_snapshot_path, tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_waivers(path)
    assert str(path) in str(info.value) and message in str(info.value)
    code, out, err = run_cli("scan", "--snapshot", example_snapshot_path, *RULES, "--waivers", path)
    assert code == 2 and out == "" and message in err
