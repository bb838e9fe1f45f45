"""export securityhub: batches of at most 100, FailedFindings retried, passing findings resolved.

moto's get_findings ignores Filters, so a foreign finding is planted to prove the exporter
filters the answer itself; the retry path uses botocore's Stubber with the real response shape.
"""

from __future__ import annotations

import copy
import json

import boto3
import pytest
from botocore.stub import ANY, Stubber
from moto import mock_aws
from report_fixtures import EXAMPLE, scenario

from compliance.report.asff import product_arn
from compliance.securityhub import ExportSummary, batch_import, export_to_security_hub

REGION = "us-east-1"
ACCOUNT = "111122223333"
EU_SG = "sg-0a1b2c3d4e5f60003"


def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def hub():
    with mock_aws():
        client = boto3.client("securityhub", region_name=REGION)
        client.enable_security_hub()
        calls: list[int] = []
        client.meta.events.register(
            "provide-client-params.securityhub.BatchImportFindings",
            lambda params, **_: calls.append(len(params["Findings"])),
        )
        yield client, calls


def _all(client):
    return {f["Id"]: f for f in client.get_findings(MaxResults=100)["Findings"]}


def _by_resource(findings, rule, resource_id):
    return next(
        f
        for f in findings.values()
        if f.get("ProductFields", {}).get("compliance/configRuleName") == rule
        and f["Resources"][0]["Id"].endswith(resource_id)
    )


def test_imports_non_passing_findings_in_batches(plugins, hub):
    client, calls = hub
    result, _ = scenario(plugins, packs=(), rules=("restricted-ssh", "s3-bucket-versioning-enabled"))
    summary = export_to_security_hub(result, client, REGION, batch_size=2, sleep=_no_sleep)
    non_passing = [e for e in result.evaluations if e.complianceType.value not in ("COMPLIANT", "NOT_APPLICABLE")]
    expected = len(non_passing) + 1  # + the collection error
    assert summary.ok and summary.imported == expected and summary.resolved == 0
    assert calls == [2] * (expected // 2) + ([expected % 2] if expected % 2 else [])
    stored = _all(client)
    assert len(stored) == expected
    waived = _by_resource(stored, "restricted-ssh", "sg-0a1b2c3d4e5f60001")
    assert waived["Workflow"]["Status"] == "SUPPRESSED" and "bastion" in waived["Note"]["Text"]


def test_batches_never_exceed_100(hub):
    client, calls = hub
    base = json.loads(json.dumps(_sample_finding()))
    findings = [dict(copy.deepcopy(base), Id=f"compliance/test/{i}") for i in range(250)]
    summary = ExportSummary()
    batch_import(client, findings, summary, sleep=_no_sleep)
    assert calls == [100, 100, 50] and summary.imported == 250
    with pytest.raises(ValueError):
        batch_import(client, findings, summary, batch_size=101)


def test_passing_again_resolves_and_archives(plugins, hub, tmp_path):
    client, _ = hub
    foreign = dict(_sample_finding(), Id="other-tool/1", GeneratorId="other-tool/check")
    client.batch_import_findings(Findings=[foreign])
    first, _ = scenario(plugins, packs=(), rules=("restricted-ssh",))
    export_to_security_hub(first, client, REGION, sleep=_no_sleep)
    assert _by_resource(_all(client), "restricted-ssh", EU_SG)["RecordState"] == "ACTIVE"

    # Next scan: the eu-west-1 group no longer allows ssh from anywhere.
    from compliance.evaluate import evaluate, select_rules
    from compliance.snapshot import load_snapshot

    snapshot = load_snapshot(EXAMPLE)
    group = next(i for i in snapshot.configurationItems if i.resourceId == EU_SG)
    group.configuration["ipPermissions"] = []
    rules, packs = select_rules(plugins, (), ("restricted-ssh",))
    second = evaluate(snapshot, rules, packs)
    summary = export_to_security_hub(second, client, REGION, sleep=_no_sleep)
    assert summary.resolved == 2  # the fixed group, and the first scan's collection error
    stored = _all(client)
    fixed = _by_resource(stored, "restricted-ssh", EU_SG)
    assert (fixed["RecordState"], fixed["Workflow"]["Status"], fixed["Compliance"]["Status"]) == (
        "ARCHIVED",
        "RESOLVED",
        "PASSED",
    )
    still = _by_resource(stored, "restricted-ssh", "sg-0a1b2c3d4e5f60001")
    assert still["RecordState"] == "ACTIVE" and still["Compliance"]["Status"] == "FAILED"
    assert stored["other-tool/1"]["RecordState"] == "ACTIVE"  # not ours: untouched despite moto ignoring Filters
    # The collection error of the first scan is gone in the second: archived too.
    errors = [f for f in stored.values() if f["GeneratorId"] == "compliance/collection"]
    assert errors and all(f["RecordState"] == "ARCHIVED" for f in errors)


def _sample_finding() -> dict:
    return {
        "SchemaVersion": "2018-10-08",
        "Id": "compliance/sample",
        "ProductArn": product_arn(ACCOUNT, REGION),
        "GeneratorId": "compliance/sample",
        "AwsAccountId": ACCOUNT,
        "Types": ["Software and Configuration Checks"],
        "CreatedAt": "2026-01-01T00:00:00.000Z",
        "UpdatedAt": "2026-01-01T00:00:00.000Z",
        "Severity": {"Label": "LOW"},
        "Title": "t",
        "Description": "d",
        "Resources": [{"Type": "Other", "Id": "r"}],
        "RecordState": "ACTIVE",
    }


def test_failed_findings_are_retried_then_reported():
    client = boto3.client("securityhub", region_name=REGION)
    findings = [dict(_sample_finding(), Id=f"compliance/f{i}") for i in range(3)]
    sleeps: list[float] = []
    with Stubber(client) as stub:
        stub.add_response(
            "batch_import_findings",
            {
                "FailedCount": 2,
                "SuccessCount": 1,
                "FailedFindings": [
                    {"Id": "compliance/f1", "ErrorCode": "ThrottlingException", "ErrorMessage": "slow down"},
                    {"Id": "compliance/f2", "ErrorCode": "ThrottlingException", "ErrorMessage": "slow down"},
                ],
            },
            {"Findings": findings},
        )
        stub.add_response(
            "batch_import_findings",
            {
                "FailedCount": 1,
                "SuccessCount": 1,
                "FailedFindings": [{"Id": "compliance/f2", "ErrorCode": "InvalidInput", "ErrorMessage": "bad"}],
            },
            {"Findings": findings[1:]},
        )
        stub.add_response(
            "batch_import_findings",
            {
                "FailedCount": 1,
                "SuccessCount": 0,
                "FailedFindings": [{"Id": "compliance/f2", "ErrorCode": "InvalidInput", "ErrorMessage": "bad"}],
            },
            {"Findings": [findings[2]]},
        )
        summary = ExportSummary()
        batch_import(client, findings, summary, max_attempts=3, sleep=sleeps.append)
        stub.assert_no_pending_responses()
    assert summary.imported == 2 and summary.batches == 3 and summary.retried == 3
    assert [f["Id"] for f in summary.failed] == ["compliance/f2"] and not summary.ok
    assert sleeps == [1.0, 2.0]


def test_previous_findings_query_uses_filters_and_pages():
    client = boto3.client("securityhub", region_name=REGION)
    from compliance.securityhub import previous_findings

    ours = dict(_sample_finding(), Id="compliance/a")
    other_product = dict(_sample_finding(), Id="compliance/b", ProductArn=product_arn("999999999999", REGION))
    archived = dict(_sample_finding(), Id="compliance/c", RecordState="ARCHIVED")
    with Stubber(client) as stub:
        stub.add_response(
            "get_findings", {"Findings": [ours, other_product], "NextToken": "t"}, {"Filters": ANY, "MaxResults": 100}
        )
        stub.add_response(
            "get_findings", {"Findings": [archived]}, {"Filters": ANY, "MaxResults": 100, "NextToken": "t"}
        )
        found = previous_findings(client, {product_arn(ACCOUNT, REGION)})
    assert [f["Id"] for f in found] == ["compliance/a"]


def test_cli_export(run_cli, example_snapshot_path, hub):
    client, calls = hub
    code, out, err = run_cli(
        "export", "securityhub", "--snapshot", example_snapshot_path, "--rule", "restricted-ssh", "--region", REGION
    )
    assert code == 0, err
    assert "2 finding(s) imported in 1 batch(es), 0 resolved" in err
    assert len(_all(client)) == 2


def test_cli_export_from_json_report(run_cli, example_snapshot_path, hub, tmp_path):
    client, _ = hub
    report = tmp_path / "scan.json"
    run_cli("scan", "--snapshot", example_snapshot_path, "--rule", "restricted-ssh", "-f", "json", "-o", report)
    code, _, err = run_cli("export", "securityhub", "--report", report, "--region", REGION)
    assert code == 0, err
    titles = {f["Title"] for f in _all(client).values()}
    assert len(_all(client)) == 2 and titles != {"restricted-ssh"}  # rule titles looked up from the plugins
    code, _, err = run_cli("export", "securityhub", "--report", report, "--rule", "x", "--region", REGION)
    assert code == 2 and "--report takes the scan as it was" in err
