"""``compliance scan --org``: the same jobs on a local thread pool, on a moto organization."""

from __future__ import annotations

import json

import boto3
import pytest
import scanner_plugin as support
from moto import mock_aws

from compliance.org.local import scan_organization
from compliance.plugins import load_plugins
from compliance.scanner.settings import ScannerSettings


@pytest.fixture
def organization(monkeypatch):
    with mock_aws():
        organizations = boto3.client("organizations")
        organizations.create_organization(FeatureSet="ALL")
        members = [
            organizations.create_account(AccountName=f"m{i}", Email=f"m{i}@example.com")["CreateAccountStatus"][
                "AccountId"
            ]
            for i in range(3)
        ]
        for account in members:
            s3 = support.member_session(account).client("s3")
            s3.create_bucket(Bucket=f"plain-{account}")
        monkeypatch.setattr(support, "DENIED_ACCOUNTS", set())
        yield members


def test_library_scan_reports_each_account_despite_one_failure(organization):
    session = boto3.Session(region_name="us-east-1")
    session.events.register("before-call.sts.AssumeRole", support.deny_assume_role(f"::{organization[0]}:"))
    plugins = load_plugins(["scanner_plugin"], entry_points_enabled=False)
    settings = ScannerSettings(
        mode="organization", packs=[support.PACK_NAME], regions=["us-east-1"], services=["testbuckets"]
    )
    seen = []

    report = scan_organization(session, settings, plugins, workers=3, on_job=seen.append)

    rows = {a["accountId"]: a for a in report["accounts"]}
    assert len(seen) == len(rows) == 1 + len(organization)
    assert rows[organization[0]]["status"] == "failed"
    assert "AccessDenied" in rows[organization[0]]["failedJobs"][0]["error"]
    for account in organization[1:]:
        assert rows[account]["status"] == "ok"
        assert rows[account]["counts"]["NON_COMPLIANT"] == 1
        assert rows[account]["packs"][support.PACK_NAME]["score"] == 0.0
    assert report["complete"] is False and report["jobs"]["failed"] == 1


def test_cli_scan_org_prints_and_writes_the_report(organization, run_cli, tmp_path):
    support.DENIED_ACCOUNTS.add(organization[2])
    out_file = tmp_path / "org.json"

    code, out, err = run_cli(
        "--plugin",
        "scanner_plugin",
        "scan",
        "--org",
        "--regions",
        "us-east-1",
        "--services",
        "testbuckets",
        "--pack",
        support.PACK_NAME,
        "--org-report",
        out_file,
        "--no-store",
    )

    report = json.loads(out_file.read_text())
    assert code == 1  # NON_COMPLIANT buckets
    assert {a["accountId"] for a in report["accounts"]} == {"123456789012", *organization}
    denied = next(a for a in report["accounts"] if a["accountId"] == organization[2])
    assert denied["counts"]["INSUFFICIENT_DATA"] == 1 and denied["packs"][support.PACK_NAME]["score"] is None
    assert "organization" in out and "n/a" in out  # the denied account's score is unknown, not 0 or 100
    assert organization[2] in out
    assert "us-east-1: ok" in err  # per-job progress on stderr


def test_cli_scan_org_rejects_a_snapshot(run_cli, tmp_path):
    code, _, err = run_cli("scan", "--org", "--snapshot", tmp_path / "x.json")
    assert code == 2 and "--org cannot be combined with --snapshot" in err
