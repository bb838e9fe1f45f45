"""compliance baseline create + scan --baseline: only new findings fail; resolved ones are reported."""

from __future__ import annotations

import json

import pytest

RULES = ("--rule", "restricted-ssh", "--rule", "s3-bucket-versioning-enabled")
OPEN_SG, WEB_SG, EU_SG = "sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60002", "sg-0a1b2c3d4e5f60003"


def _variant(source, target, change):
    data = json.loads(source.read_text())
    change(data)
    target.write_text(json.dumps(data))
    return target


def _item(data, resource_id):
    return next(i for i in data["configurationItems"] if i["resourceId"] == resource_id)


@pytest.fixture
def baseline(run_cli, example_snapshot_path, tmp_path):
    path = tmp_path / "baseline.json"
    code, out, err = run_cli("baseline", "create", "--snapshot", example_snapshot_path, *RULES, "-o", path)
    assert code == 0 and out == ""
    return path


def test_baseline_lists_failing_findings_by_identity(baseline):
    doc = json.loads(baseline.read_text())
    assert doc["baselineVersion"] == "1"
    keys = {(f["configRuleName"], f["resourceId"]) for f in doc["findings"]}
    assert keys == {
        ("restricted-ssh", OPEN_SG),
        ("restricted-ssh", EU_SG),
        ("s3-bucket-versioning-enabled", "acme-analytics-eu"),
        ("s3-bucket-versioning-enabled", "acme-web-assets"),
    }
    assert all("annotation" not in f for f in doc["findings"])  # identity only, never message text
    assert doc["source"]["rules"] == ["restricted-ssh", "s3-bucket-versioning-enabled"]


def test_same_snapshot_passes_with_baseline(run_cli, example_snapshot_path, baseline, tmp_path):
    report = tmp_path / "r.json"
    code, _, err = run_cli(
        "scan", "--snapshot", example_snapshot_path, *RULES, "--baseline", baseline, "-f", "json", "-o", report
    )
    assert code == 0, err
    assert "0 new, 4 baselined, 0 resolved" in err
    data = json.loads(report.read_text())
    suppressed = [e for e in data["evaluations"] if e["suppression"]]
    assert len(suppressed) == 4 and all(e["suppression"]["kind"] == "baseline" for e in suppressed)
    assert all(e["complianceType"] == "NON_COMPLIANT" for e in suppressed)  # still visible as failing
    assert data["triage"]["baseline"]["baselined"] == 4


def test_new_finding_fails_and_resolved_is_reported(run_cli, example_snapshot_path, baseline, tmp_path):
    def change(data):
        web = _item(data, WEB_SG)
        web["configuration"]["ipPermissions"][1]["ipv4Ranges"] = [{"cidrIp": "0.0.0.0/0"}]  # new: ssh open
        data["configurationItems"].remove(_item(data, EU_SG))  # resolved: the group is gone
        _item(data, OPEN_SG)["configuration"]["description"] = "reworded"  # same finding, any wording

    snapshot = _variant(example_snapshot_path, tmp_path / "changed.json", change)
    report = tmp_path / "r.json"
    code, _, err = run_cli("scan", "--snapshot", snapshot, *RULES, "--baseline", baseline, "-f", "json", "-o", report)
    assert code == 1
    assert "1 new, 3 baselined, 1 resolved" in err and "gate: 1 failing finding(s)" in err
    data = json.loads(report.read_text())
    unsuppressed = [
        e["resourceId"] for e in data["evaluations"] if e["complianceType"] == "NON_COMPLIANT" and not e["suppression"]
    ]
    assert unsuppressed == [WEB_SG]
    assert [r["resourceId"] for r in data["triage"]["baseline"]["resolved"]] == [EU_SG]


def test_incomplete_data_is_unknown_not_resolved(run_cli, example_snapshot_path, baseline, tmp_path):
    def change(data):
        data["collectionErrors"].append(
            {
                "service": "s3",
                "api": "ListBuckets",
                "errorCode": "AccessDenied",
                "message": "denied",
                "region": "",
                "accountId": "111122223333",
                "resourceTypes": ["AWS::S3::Bucket"],
            }
        )
        data["configurationItems"] = [i for i in data["configurationItems"] if i["resourceType"] != "AWS::S3::Bucket"]

    snapshot = _variant(example_snapshot_path, tmp_path / "denied.json", change)
    code, _, err = run_cli(
        "scan", "--snapshot", snapshot, *RULES, "--baseline", baseline, "-f", "json", "-o", tmp_path / "r.json"
    )
    assert code == 1  # incomplete scan still fails unless --allow-partial
    assert "0 resolved, 2 unknown (incomplete data)" in err


def test_rules_not_run_are_not_resolved(run_cli, example_snapshot_path, baseline, tmp_path):
    code, _, err = run_cli(
        "scan",
        "--snapshot",
        example_snapshot_path,
        "--rule",
        "restricted-ssh",
        "--baseline",
        baseline,
        "-f",
        "json",
        "-o",
        tmp_path / "r.json",
    )
    assert code == 0 and "0 resolved, 2 not evaluated" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"findings": []}', "unsupported baselineVersion"),
        (
            '{"baselineVersion": "1", "findings": [{"configRuleName": "x"}]}',
            "findings[0]: missing field 'resourceType'",
        ),
        ("[]", "not a baseline file"),
    ],
)
def test_malformed_baseline_is_an_input_error(run_cli, example_snapshot_path, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = run_cli("scan", "--snapshot", example_snapshot_path, *RULES, "--baseline", path)
    assert code == 2 and out == "" and str(path) in err and message in err


def test_baseline_create_needs_output(run_cli, example_snapshot_path):
    code, _, err = run_cli("baseline", "create", "--snapshot", example_snapshot_path)
    assert code == 2 and "--output" in err


def test_baseline_from_the_latest_stored_scan(run_cli, example_snapshot_path, baseline, tmp_path):
    store = tmp_path / "history.db"
    code, _, err = run_cli(
        "scan", "--snapshot", example_snapshot_path, *RULES, "--store", store, "-f", "json", "-o", tmp_path / "r.json"
    )
    assert "recorded scan" in err
    stored = tmp_path / "stored.json"
    code, _, err = run_cli("baseline", "create", "--scan", "latest", "--store", store, "-o", stored)
    assert code == 0, err
    keys = lambda path: {(f["configRuleName"], f["resourceId"]) for f in json.loads(path.read_text())["findings"]}  # noqa: E731
    assert keys(stored) == keys(baseline)
    # With a rule selection the stored state is evaluated again.
    narrowed = tmp_path / "narrowed.json"
    code, _, _ = run_cli(
        "baseline", "create", "--scan", "latest", "--store", store, "--rule", "restricted-ssh", "-o", narrowed
    )
    assert code == 0 and keys(narrowed) == {("restricted-ssh", OPEN_SG), ("restricted-ssh", EU_SG)}
    code, _, err = run_cli("baseline", "create", "--scan", "nope", "--store", store, "-o", narrowed)
    assert code == 2 and "unknown scan 'nope'" in err
