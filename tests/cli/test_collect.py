"""compliance collect / scan --demo / permissions: exit codes, output files, stderr summary."""

from __future__ import annotations

import json
import sys

from compliance.model import CollectionError, Snapshot
from compliance.snapshot import load_snapshot


def test_collect_demo_writes_a_loadable_snapshot(run_cli, tmp_path):
    out = tmp_path / "demo.json"
    code, stdout, err = run_cli("collect", "--demo", "--services", "iam,s3,cloudtrail", "-o", out, "--quiet")
    assert code == 0, err
    assert stdout == "" and "could not collect" not in err
    snapshot = load_snapshot(out)
    types = {i.resourceType for i in snapshot}
    assert {"AWS::IAM::User", "AWS::S3::Bucket", "AWS::CloudTrail::Trail", "AWS::::Account"} <= types
    assert "AWS::EC2::Instance" not in types  # only the selected services
    assert snapshot.regions == ["us-east-1", "eu-west-1"] and snapshot.accountIds == ["123456789012"]
    assert not list(tmp_path.glob(".demo.json.*"))  # no temporary file left behind


def test_scan_demo_reports_findings_and_exits_1(run_cli):
    code, out, err = run_cli(
        "scan", "--demo", "--services", "s3", "--rule", "s3-bucket-versioning-enabled", "-q", "-f", "json"
    )
    assert code == 1
    verdicts = {e["resourceId"]: e["complianceType"] for e in json.loads(out)["evaluations"]}
    assert verdicts["demo-backups-eu"] == "NON_COMPLIANT" and verdicts["demo-secure-records"] == "COMPLIANT"
    assert "failing finding" in err


def test_snapshot_and_live_options_conflict(run_cli, example_snapshot_path):
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path, "--demo")
    assert code == 2 and "--snapshot cannot be combined with --demo" in err


def test_unknown_service_is_a_usage_error(run_cli):
    code, _, err = run_cli("collect", "--demo", "--services", "nope")
    assert code == 2 and "unknown service 'nope'" in err and "Traceback" not in err


def test_demo_without_moto_gives_the_install_hint(run_cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "moto", None)
    code, _, err = run_cli("collect", "--demo", "--services", "s3")
    assert code == 2
    assert err.strip() == "compliance: error: --demo needs the simulator: pip install 'compliance[demo]'"


def test_no_credentials_is_one_line(run_cli, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code, _, err = run_cli("collect", "--regions", "us-east-1", "--services", "s3")
    assert code == 2 and "no AWS credentials found" in err and len(err.strip().splitlines()) == 1


def test_partial_collection_exits_1_unless_allowed_and_is_summarised(run_cli, monkeypatch, tmp_path):
    error = CollectionError(
        "s3", "GetBucketPolicy", "AccessDenied", "Access Denied", "us-east-1", "1", ["AWS::S3::Bucket"]
    )

    def fake(session, collectors, collection, progress, reads=None):
        return Snapshot(accountIds=["1"], regions=["us-east-1"], collectionErrors=[error], resourceTypesCollected=[])

    monkeypatch.setattr("compliance.engine._collect", fake)
    out = tmp_path / "partial.json"
    code, _, err = run_cli("collect", "-o", out)
    assert code == 1 and out.exists()
    assert "could not collect everything: 1 collection error(s)" in err
    assert "s3 GetBucketPolicy in us-east-1: AccessDenied: Access Denied" in err
    assert load_snapshot(out).collectionErrors[0].api == "GetBucketPolicy"
    code, _, _ = run_cli("collect", "-o", out, "--allow-partial")
    assert code == 0


def test_permissions_prints_least_privilege_policy(run_cli):
    code, out, _ = run_cli("permissions", "--services", "s3")
    assert code == 0
    policy = json.loads(out)
    actions = policy["Statement"][0]["Action"]
    assert "s3:GetBucketVersioning" in actions and "s3:GetAccountPublicAccessBlock" in actions
    assert "ec2:DescribeRegions" in actions and not any(a.startswith("iam:") for a in actions)
    assert all(not a.endswith("*") for a in actions)
    code, out, _ = run_cli("permissions", "--list", "--services", "iam")
    assert code == 0 and "iam:GetAccountAuthorizationDetails" in out


def test_progress_only_on_a_terminal_and_not_quiet(monkeypatch):
    from compliance.cli import source

    monkeypatch.setattr(source.sys.stderr, "isatty", lambda: False, raising=False)
    assert source._progress({"quiet": False}) is None
    monkeypatch.setattr(source.sys.stderr, "isatty", lambda: True, raising=False)
    assert source._progress({"quiet": True}) is None
    bar = source._progress({"quiet": False})
    assert isinstance(bar, source._RichProgress)
    bar.started(4)
    bar.unit_done("s3", "us-east-1", 7, 0)
    bar.unit_done("iam", "us-east-1", 5, 1)
    assert bar.items == 12 and bar.progress.tasks[0].completed == 2
    bar.close()


def test_collect_with_role_arn_reads_the_roles_account(run_cli, tmp_path):
    from moto import mock_aws

    out = tmp_path / "role.json"
    with mock_aws():
        code, _, err = run_cli(
            "collect",
            "--role-arn",
            "arn:aws:iam::210987654321:role/Audit",
            "--external-id",
            "x-1",
            "--regions",
            "us-east-1",
            "--services",
            "s3",
            "-o",
            out,
            "-q",
        )
    assert code == 0, err
    assert load_snapshot(out).accountIds == ["210987654321"]


def test_unknown_profile_is_one_line(run_cli, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    code, _, err = run_cli("collect", "--profile", "no-such-profile", "--services", "s3")
    assert code == 2 and "--profile no-such-profile" in err and len(err.strip().splitlines()) == 1


def test_collect_records_its_snapshot_in_the_history_store(run_cli, tmp_path):
    store = tmp_path / "history.db"
    code, _, err = run_cli(
        "collect", "--demo", "--services", "s3", "-o", tmp_path / "s.json", "--quiet", "--store", store
    )
    assert code == 0 and "recorded collect" in err
    code, out, _ = run_cli("scans", "--store", store, "-f", "json")
    scans = json.loads(out)
    assert [(s["kind"], s["itemCount"]) for s in scans] == [("collect", len(load_snapshot(tmp_path / "s.json")))]
    run_cli(
        "collect", "--demo", "--services", "s3", "-o", tmp_path / "t.json", "--quiet", "--store", store, "--no-store"
    )
    assert len(json.loads(run_cli("scans", "--store", store, "-f", "json")[1])) == 1
