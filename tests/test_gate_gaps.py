"""The CI gate on an AWS Config delivery file: a baseline records the file's incomplete
evaluations and collection errors as known gaps, so the gate passes on that file and fails on
a new failing finding or a new gap (every gap with --strict); the INSUFFICIENT_DATA annotation
says what is missing and how to supply it; several --snapshot files scan as one."""

from __future__ import annotations

import copy
import gzip
import json

import pytest
from report_fixtures import ROOT

CONFIG_FILE = ROOT / "examples" / "snapshots" / "aws-config-snapshot.json.gz"
ACCOUNT_FILE = ROOT / "examples" / "snapshots" / "account.json"


def _delivery() -> dict:
    return json.loads(gzip.decompress(CONFIG_FILE.read_bytes()))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("gaps")
    delivery = _delivery()
    # a new failing finding: one more security group open to SSH from anywhere
    worse = copy.deepcopy(delivery)
    group = copy.deepcopy(
        next(i for i in worse["configurationItems"] if i["resourceType"] == "AWS::EC2::SecurityGroup")
    )
    group["resourceId"] = group["configuration"]["groupId"] = "sg-0new0000000000001"
    group["ARN"] = group["ARN"].rsplit("/", 1)[0] + "/sg-0new0000000000001"
    worse["configurationItems"].append(group)
    (root / "worse.json").write_text(json.dumps(worse))
    # a new gap: a bucket whose settings were not recorded (no supplementary configuration)
    gap = copy.deepcopy(delivery)
    bucket = copy.deepcopy(next(i for i in gap["configurationItems"] if i["resourceType"] == "AWS::S3::Bucket"))
    bucket["resourceId"] = bucket["resourceName"] = "acme-new-bucket"
    bucket["ARN"] = "arn:aws:s3:::acme-new-bucket"
    bucket["supplementaryConfiguration"] = {}
    gap["configurationItems"].append(bucket)
    (root / "gap.json").write_text(json.dumps(gap))
    return root


@pytest.fixture(scope="module")
def baseline(files):
    from compliance.cli import main

    path = files / "baseline.json"
    assert main(["baseline", "create", "--snapshot", str(CONFIG_FILE), "-o", str(path)]) == 0
    return path


def test_baseline_records_the_known_gaps(baseline):
    document = json.loads(baseline.read_text())
    assert document["findings"] and document["gaps"]
    account_gaps = [g for g in document["gaps"] if g["resourceType"] == "AWS::::Account"]
    assert account_gaps and all(g["complianceType"] == "INSUFFICIENT_DATA" for g in account_gaps)


def test_gate_passes_on_the_file_its_baseline_was_made_from(run_cli, baseline):
    code, out, err = run_cli("scan", "--snapshot", CONFIG_FILE, "--baseline", baseline)
    assert code == 0, err
    assert "0 new" in err and "known gaps" in err
    assert "INSUFFICIENT_DATA" in out  # the gaps stay visible
    code, _, err = run_cli("scan", "--snapshot", CONFIG_FILE, "--baseline", baseline, "--strict")
    assert code == 1 and "insufficient data" in err


def test_gate_fails_on_a_new_failing_finding(run_cli, files, baseline):
    code, out, err = run_cli("scan", "--snapshot", files / "worse.json", "--baseline", baseline, "-f", "json")
    assert code == 1 and "failing finding(s) at or above informational" in err
    new = [e for e in json.loads(out)["evaluations"] if e["complianceType"] == "NON_COMPLIANT" and not e["suppression"]]
    assert new and {e["resourceId"] for e in new} == {"sg-0new0000000000001"}
    baselined = len(json.loads(baseline.read_text())["findings"])
    assert f"{len(new)} new, {baselined} baselined" in err


def test_gate_fails_on_a_new_gap(run_cli, files, baseline):
    code, _, err = run_cli("scan", "--snapshot", files / "gap.json", "--baseline", baseline, "--fail-on", "never")
    assert code == 1
    assert "with insufficient data or errors not in the baseline" in err


def test_insufficient_data_names_the_missing_settings_and_how_to_supply_them(run_cli):
    code, out, _ = run_cli("scan", "--snapshot", CONFIG_FILE, "--rule", "iam-password-policy", "-f", "json")
    evaluation = json.loads(out)["evaluations"][0]
    assert evaluation["complianceType"] == "INSUFFICIENT_DATA"
    assert "(passwordPolicy)" in evaluation["annotation"]
    assert "compliance collect --services account,iam" in evaluation["annotation"]
    assert "--snapshot account.json" in evaluation["annotation"]


def test_several_snapshot_files_scan_as_one(run_cli):
    args = ("--rule", "iam-password-policy", "--rule", "restricted-ssh", "-f", "json")
    code, out, _ = run_cli("scan", "--snapshot", CONFIG_FILE, "--snapshot", ACCOUNT_FILE, *args)
    report = json.loads(out)
    states = {
        e["configRuleName"]: e["complianceType"]
        for e in report["evaluations"]
        if e["configRuleName"] == "iam-password-policy"
    }
    assert states == {"iam-password-policy": "NON_COMPLIANT"}  # the account item came from the second file
    ssh = [e for e in report["evaluations"] if e["configRuleName"] == "restricted-ssh"]
    assert len({e["resourceId"] for e in ssh}) == len(ssh)  # items in both files are evaluated once


def test_merge_snapshots_keeps_the_last_copy_and_unknown_collection():
    from compliance.model import ConfigurationItem, Snapshot
    from compliance.snapshot import merge_snapshots

    a = Snapshot(
        [ConfigurationItem("AWS::S3::Bucket", "b", "1", "us-east-1", configuration={"v": 1})], accountIds=["1"]
    )
    b = Snapshot(
        [ConfigurationItem("AWS::S3::Bucket", "b", "1", "us-east-1", configuration={"v": 2})],
        accountIds=["1"],
        resourceTypesCollected=["AWS::S3::Bucket"],
        captureTime="2026-01-02T00:00:00Z",
    )
    merged = merge_snapshots([a, b], ["a.json", "b.json"])
    assert [i.configuration for i in merged.configurationItems] == [{"v": 2}]
    assert merged.resourceTypesCollected is None  # a.json does not say what it collected
    assert merged.captureTime == "2026-01-02T00:00:00Z" and "a.json" in merged.source
