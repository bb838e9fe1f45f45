"""compliance remediate / compliance remediations: dry run (default), --yes, --approve, the log."""

from __future__ import annotations

import json

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

from compliance.model import ConfigurationItem
from compliance.snapshot import dump_snapshot, new_snapshot

ACCOUNT = "123456789012"


def _bucket(name: str, tags: dict | None = None) -> ConfigurationItem:
    item = ConfigurationItem(
        resourceType="AWS::S3::Bucket",
        resourceId=name,
        accountId=ACCOUNT,
        awsRegion="us-east-1",
        arn=f"arn:aws:s3:::{name}",
        tags=tags or {},
        configuration={"name": name},
        supplementaryConfiguration={"BucketVersioningConfiguration": {"status": "Off"}},
    )
    item.configurationItemMD5Hash = item.compute_hash()
    return item


@pytest.fixture
def snapshot_file(tmp_path):
    path = tmp_path / "snap.json"
    dump_snapshot(new_snapshot([_bucket("unversioned"), _bucket("keep-me", {"compliance:exempt": "true"})]), path)
    return path


def test_dry_run_prints_the_exact_calls_and_makes_no_aws_call(run_cli, snapshot_file, tmp_path, monkeypatch):
    def no_aws(*args, **kwargs):
        raise AssertionError("a dry run of a snapshot file must not call AWS")

    monkeypatch.setattr(boto3.Session, "client", no_aws)
    audit = tmp_path / "audit.jsonl"
    code, out, err = run_cli(
        "remediate", "--snapshot", snapshot_file, "--rule", "s3-bucket-versioning-enabled", "--audit-log", audit
    )
    assert code == 0, err
    assert (
        "aws s3api put-bucket-versioning --region us-east-1 --cli-input-json "
        """'{"Bucket":"unversioned","VersioningConfiguration":{"Status":"Enabled"}}'"""
    ) in out
    assert "skipped s3-bucket-versioning-enabled: AWS::S3::Bucket keep-me" in out
    assert "excluded: tagged compliance:exempt=true" in out
    assert "1 planned, 1 skipped" in err and "Dry run: nothing was changed" in err
    events = [(r["resourceId"], r["event"], r["mode"]) for r in map(json.loads, audit.read_text().splitlines())]
    assert events == [("keep-me", "skipped", "dry-run"), ("unversioned", "planned", "dry-run")]


def test_json_plan_and_cli_exclusions(run_cli, snapshot_file, tmp_path):
    code, out, _ = run_cli(
        "remediate",
        "--snapshot",
        snapshot_file,
        "--rule",
        "s3-bucket-versioning-enabled",
        "--exclude-resource",
        "unv*",
        "--format",
        "json",
        "--audit-log",
        tmp_path / "a.jsonl",
    )
    data = json.loads(out)
    assert code == 0 and data["mode"] == "dry-run"
    assert data["summary"]["planned"] == 0 and data["summary"]["skipped"] == 2
    reasons = {a["resourceId"]: a["reason"] for a in data["actions"]}
    assert reasons["unversioned"] == "excluded: resource matches exclusion unv*"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--yes", "--approve"], "give one of --approve, --yes, --automatic"),
        (["--automatic"], "--automatic needs --config FILE"),
        (["--config", "missing.yaml"], "missing.yaml: cannot read"),
        (["--set", "nodot=1"], "expected REMEDIATION.PARAMETER=VALUE"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run_cli, snapshot_file, args, message):
    code, out, err = run_cli("remediate", "--snapshot", snapshot_file, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_remediations_list_shows_rules_permissions_and_opt_in(run_cli):
    code, out, _ = run_cli("remediations", "list")
    assert code == 0
    assert "iam-delete-console-password-without-mfa (opt-in)" in out
    assert "fixes: s3-bucket-ssl-requests-only" in out and "permissions: s3:PutBucketPolicy" in out
    code, out, _ = run_cli("remediations", "list", "--format", "json")
    ids = {r["id"]: r for r in json.loads(out)}
    assert ids["s3-bucket-enable-versioning"]["rules"] == ["s3-bucket-versioning-enabled"]


@mock_aws
def test_yes_applies_verifies_and_the_log_shows_every_step(run_cli, tmp_path):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="demo-live")
    audit = tmp_path / "audit.jsonl"
    code, out, err = run_cli(
        "remediate",
        "--regions",
        "us-east-1",
        "--rule",
        "s3-bucket-versioning-enabled",
        "--yes",
        "--audit-log",
        audit,
    )
    assert code == 0, err
    assert "=> applied; verification: fixed" in out and "1 applied (1 fixed" in err
    assert s3.get_bucket_versioning(Bucket="demo-live")["Status"] == "Enabled"
    code, out, _ = run_cli("remediations", "log", "--audit-log", audit, "--format", "json")
    records = json.loads(out)
    assert [(r["event"], r["result"]) for r in records] == [("planned", "planned"), ("applied", "fixed")]
    assert {r["mode"] for r in records} == {"yes"} and records[1]["principal"]
    code, out, _ = run_cli("remediations", "log", "--audit-log", audit)
    assert "applied" in out and "fixed" in out and "demo-live" in out


@mock_aws
def test_approve_asks_per_resource_and_a_no_changes_nothing(tmp_path):
    from compliance.cli import cli

    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="demo-ask")
    audit = tmp_path / "audit.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "remediate",
            "--regions",
            "us-east-1",
            "--rule",
            "s3-bucket-versioning-enabled",
            "--approve",
            "--audit-log",
            str(audit),
        ],
        input="n\n",
    )
    assert "Apply these calls?" in result.output
    assert "Status" not in s3.get_bucket_versioning(Bucket="demo-ask")
    events = [(r["event"], r["result"]) for r in map(json.loads, audit.read_text().splitlines())]
    assert events == [("planned", "planned"), ("skipped", "not approved")]


def test_demo_dry_run_then_yes_fixes_every_planned_resource(run_cli, tmp_path):
    rules = ["--rule", "s3-bucket-versioning-enabled", "--rule", "restricted-ssh"]
    audit = tmp_path / "audit.jsonl"
    code, out, err = run_cli("remediate", "--demo", *rules, "--dry-run", "--audit-log", audit)
    assert code == 0 and "Dry run: nothing was changed" in err
    planned = out.count("\n  remediation ")
    assert planned >= 2 and "aws ec2 revoke-security-group-ingress" in out
    code, out, err = run_cli("remediate", "--demo", *rules, "--yes", "--audit-log", audit)
    assert code == 0, err
    assert out.count("=> applied; verification: fixed") == planned
    assert f"{planned} applied ({planned} fixed, 0 still failing), 0 failed" in err
    records = [json.loads(line) for line in audit.read_text().splitlines()]
    assert [r["event"] for r in records].count("applied") == planned
    assert [r["mode"] for r in records].count("dry-run") == planned


def test_applying_without_a_usable_identity_is_a_one_line_error(run_cli, snapshot_file, monkeypatch):
    from botocore.exceptions import ClientError

    import compliance.cli.remediate as cli_module

    def expired(session):
        raise ClientError(
            {"Error": {"Code": "ExpiredToken", "Message": "The security token has expired"}}, "GetCallerIdentity"
        )

    monkeypatch.setattr(cli_module, "caller_identity", expired)
    code, out, err = run_cli(
        "remediate", "--snapshot", snapshot_file, "--rule", "s3-bucket-versioning-enabled", "--yes"
    )
    assert code == 2 and out == ""
    assert err.strip() == (
        "compliance: error: cannot tell which AWS identity would make the changes (STS): "
        "ExpiredToken: The security token has expired"
    )


@mock_aws
def test_automatic_applies_only_the_rules_the_config_opts_in(run_cli, tmp_path):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="demo-auto")
    s3.delete_bucket_encryption(Bucket="demo-auto")
    config = tmp_path / "remediation.yaml"
    config.write_text(
        "remediations:\n"
        "  - rule: s3-bucket-versioning-enabled\n    automatic: true\n"
        "  - rule: s3-bucket-server-side-encryption-enabled\n    automatic: false\n"
    )
    audit = tmp_path / "audit.jsonl"
    code, out, err = run_cli(
        "remediate",
        "--regions",
        "us-east-1",
        "--rule",
        "s3-bucket-versioning-enabled",
        "--rule",
        "s3-bucket-server-side-encryption-enabled",
        "--automatic",
        "--config",
        config,
        "--audit-log",
        audit,
    )
    assert code == 0, err
    assert s3.get_bucket_versioning(Bucket="demo-auto")["Status"] == "Enabled"
    with pytest.raises(s3.exceptions.ClientError):
        s3.get_bucket_encryption(Bucket="demo-auto")
    records = [json.loads(line) for line in audit.read_text().splitlines()]
    assert {(r["ruleId"], r["event"], r["mode"]) for r in records} == {
        ("s3-bucket-versioning-enabled", "planned", "automatic"),
        ("s3-bucket-versioning-enabled", "applied", "automatic"),
    }


def test_waivers_file_keeps_a_finding_out_of_the_plan(run_cli, snapshot_file, tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - rule: s3-bucket-versioning-enabled\n    resource: unversioned\n"
        "    reason: scratch bucket\n    owner: data-team\n    expires: 2099-12-31\n"
    )
    code, out, err = run_cli(
        "remediate",
        "--snapshot",
        snapshot_file,
        "--rule",
        "s3-bucket-versioning-enabled",
        "--waivers",
        waivers,
        "--audit-log",
        tmp_path / "a.jsonl",
    )
    assert code == 0 and "put-bucket-versioning" not in out
    assert (
        "unversioned (123456789012 us-east-1) [s3-bucket-enable-versioning]: waived: scratch bucket (owner data-team"
        in out
    )


def test_a_dry_run_honours_max_changes_exactly_as_yes_does(run_cli, tmp_path):
    rules = ["--rule", "s3-bucket-versioning-enabled", "--rule", "restricted-ssh", "--format", "json"]
    audit = tmp_path / "audit.jsonl"
    code, out, err = run_cli("remediate", "--demo", *rules, "--max-changes", "1", "--audit-log", audit)
    assert code == 0, err
    dry = json.loads(out)
    planned = [a["resourceId"] for a in dry["actions"] if a["status"] == "planned"]
    limited = [a for a in dry["actions"] if a["reason"] == "blast-radius limit reached (--max-changes 1)"]
    assert len(planned) == 1 and len(limited) >= 1
    assert all(a["status"] == "skipped" for a in limited)
    assert f"{len(limited)} planned change(s) left out: blast-radius limit reached (--max-changes 1)" in err
    code, out, err = run_cli("remediate", "--demo", *rules, "--max-changes", "1", "--yes", "--audit-log", audit)
    assert code == 0, err
    yes = json.loads(out)["actions"]

    def outcome(actions, done):  # the demo account is rebuilt per run: compare what, not which ids
        return sorted(
            (a["configRuleName"], "changed", "")
            if a["status"] == done
            else (a["configRuleName"], a["status"], a["reason"])
            for a in actions
        )

    assert len([a for a in yes if a["status"] == "applied"]) == 1
    assert outcome(yes, "applied") == outcome(dry["actions"], "planned")
