"""The account-mode handler end to end on moto: collect -> record (S3 history) -> evaluate ->
notify (SNS, read back through a subscribed SQS queue) -> Security Hub import, over several scans."""

from __future__ import annotations

import json

import boto3
import pytest
import scanner_plugin as support
from moto import mock_aws

from compliance import aws_lambda
from compliance.errors import InputError

STORE = "s3://scanner-history/account"


@pytest.fixture
def account(monkeypatch):
    with mock_aws():
        s3 = boto3.client("s3")
        for name, versioned in (("scanner-history", True), ("kept-ok", True), ("to-fix", False), ("to-delete", False)):
            s3.create_bucket(Bucket=name)
            if versioned:
                s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        sns, sqs = boto3.client("sns"), boto3.client("sqs")
        topic = sns.create_topic(Name="compliance-changes")["TopicArn"]
        queue = sqs.create_queue(QueueName="inbox")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        boto3.client("securityhub").enable_security_hub()
        for key, value in {
            "COMPLIANCE_STORE": STORE,
            "COMPLIANCE_SNS_TOPIC_ARN": topic,
            "COMPLIANCE_SECURITYHUB_EXPORT": "true",
            "COMPLIANCE_REGIONS": "us-east-1",
            "COMPLIANCE_SERVICES": "testbuckets",
            "COMPLIANCE_PACKS": support.PACK_NAME,
            "COMPLIANCE_PLUGINS": "scanner_plugin",
            "AWS_REGION": "us-east-1",
        }.items():
            monkeypatch.setenv(key, value)
        aws_lambda.reset(keep_plugins=True)
        yield {"s3": s3, "sqs": sqs, "queue": queue, "topic": topic}
        aws_lambda.reset(keep_plugins=True)


def _messages(sqs, queue) -> list[dict]:
    found = []
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages"):
        for message in batch:
            envelope = json.loads(message["Body"])
            found.append({"subject": envelope.get("Subject"), "document": json.loads(envelope["Message"])})
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    return found


def _scan():
    return aws_lambda.handler({"source": "aws.events", "detail-type": "Scheduled Event"}, support.FakeContext())


def test_scans_record_notify_flips_only_and_export(account):
    s3, sqs, queue = account["s3"], account["sqs"], account["queue"]

    first = _scan()

    summary = first["summary"]
    assert first["ok"] is True and summary["stages"]["history"]["status"] == "ok"
    assert summary["counts"]["COMPLIANT"] == 2 and summary["counts"]["NON_COMPLIANT"] == 2  # incl. the store
    stored = s3.list_objects_v2(Bucket="scanner-history", Prefix="account/")["KeyCount"]
    assert stored > 0
    [message] = _messages(sqs, queue)
    assert message["document"]["firstScan"] is True
    assert sorted(f["resourceId"] for f in message["document"]["newFailures"]) == ["to-delete", "to-fix"]
    assert "2 new failure(s)" in message["subject"]
    findings = boto3.client("securityhub").get_findings()["Findings"]
    assert summary["stages"]["securityhub"]["imported"] == len(findings) == 2  # failing ones only
    assert sorted(f["Resources"][0]["Id"].rsplit(":", 1)[-1] for f in findings) == ["to-delete", "to-fix"]
    assert {f["Compliance"]["Status"] for f in findings} == {"FAILED"}

    second = _scan()  # nothing changed: recorded, but no message

    assert second["summary"]["changes"] == {"newFailures": 0, "resolved": 0, "firstScan": False, "messageId": None}
    assert second["summary"]["scanId"] != summary["scanId"]
    assert _messages(sqs, queue) == []

    s3.put_bucket_versioning(Bucket="to-fix", VersioningConfiguration={"Status": "Enabled"})
    s3.delete_bucket(Bucket="to-delete")
    s3.create_bucket(Bucket="new-bad")

    _scan()

    [message] = _messages(sqs, queue)
    document = message["document"]
    assert [f["resourceId"] for f in document["newFailures"]] == ["new-bad"]
    assert {f["resourceId"]: f["resolution"] for f in document["resolved"]} == {
        "to-delete": "the resource is no longer present",
        "to-fix": "COMPLIANT",
    }
    assert document["newFailureCount"] == 1 and document["resolvedCount"] == 2
    states = {
        f["Resources"][0]["Id"].rsplit(":", 1)[-1]: (f["Compliance"]["Status"], f["RecordState"])
        for f in boto3.client("securityhub").get_findings()["Findings"]
    }
    assert states["to-fix"] == ("PASSED", "ARCHIVED") and states["new-bad"] == ("FAILED", "ACTIVE")


def test_logs_are_json_lines(account, capsys):
    _scan()
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    entries = [json.loads(line) for line in lines]
    events = [e["event"] for e in entries]
    assert events[0] == "invocation.start" and events[-1] == "invocation.end"
    assert "scan.evaluated" in events
    assert all({"time", "level", "event"} <= set(e) for e in entries)


def test_deadline_already_passed_gives_insufficient_data(account):
    response = aws_lambda.handler({"action": "scan"}, support.FakeContext(seconds=30))  # == the default reserve

    summary = response["summary"]
    assert summary["deadlineErrors"] >= 1
    assert summary["counts"]["COMPLIANT"] == 0 and summary["counts"]["NON_COMPLIANT"] == 0
    assert summary["counts"]["INSUFFICIENT_DATA"] >= 1
    assert summary["packs"][support.PACK_NAME]["score"] is None


def test_no_store_means_no_notification(account, monkeypatch):
    monkeypatch.delenv("COMPLIANCE_STORE")
    response = _scan()
    assert response["summary"]["stages"]["history"]["status"] == "skipped"
    assert response["summary"]["stages"]["notify"]["status"] == "skipped"
    assert _messages(account["sqs"], account["queue"]) == []


@pytest.mark.parametrize(
    ("name", "value", "needle"),
    [
        ("COMPLIANCE_SECURITYHUB_EXPORT", "maybe", "COMPLIANCE_SECURITYHUB_EXPORT"),
        ("COMPLIANCE_MODE", "galaxy", "COMPLIANCE_MODE"),
        ("COMPLIANCE_RESERVE_SECONDS", "-1", "COMPLIANCE_RESERVE_SECONDS"),
        ("COMPLIANCE_SNS_TOPIC_ARN", "my-topic", "COMPLIANCE_SNS_TOPIC_ARN"),
    ],
)
def test_bad_configuration_names_the_variable(monkeypatch, name, value, needle):
    monkeypatch.setenv(name, value)
    with pytest.raises(InputError, match=needle):
        aws_lambda.handler({}, support.FakeContext())


def test_unknown_event_is_rejected(monkeypatch):
    with pytest.raises(InputError, match="event"):
        aws_lambda.handler({"hello": "world"}, support.FakeContext())
    with pytest.raises(InputError, match="action"):
        aws_lambda.handler({"action": "explode"}, support.FakeContext())


def test_organization_mode_requires_queue_and_s3_store(monkeypatch):
    monkeypatch.setenv("COMPLIANCE_MODE", "organization")
    with pytest.raises(InputError, match="COMPLIANCE_QUEUE_URL"):
        aws_lambda.handler({}, support.FakeContext())


def test_automatic_remediation_through_the_remediation_role(account, monkeypatch):
    s3 = account["s3"]
    s3.put_object(
        Bucket="scanner-history",
        Key="config/remediation.yaml",
        Body=(
            b"remediations:\n  - rule: s3-bucket-versioning-enabled\n    automatic: true\n"
            b"exclusions:\n  resources: ['arn:aws:s3:::to-delete']\n"
        ),
    )
    monkeypatch.setenv("COMPLIANCE_REMEDIATION_CONFIG", "s3://scanner-history/config/remediation.yaml")
    monkeypatch.setenv("COMPLIANCE_REMEDIATION_ROLE_ARN", "arn:aws:iam::123456789012:role/remediation")

    response = _scan()

    stage = response["summary"]["stages"]["remediation"]
    assert stage["status"] == "ok" and stage["applied"] == 1 and stage["fixed"] == 1
    assert s3.get_bucket_versioning(Bucket="to-fix").get("Status") == "Enabled"
    assert s3.get_bucket_versioning(Bucket="to-delete").get("Status") is None  # excluded: untouched
    from compliance.history import open_store

    with open_store(STORE) as store:  # the audit records went to the S3 history store
        audited = store.remediation_records()
        assert store.verify().remediations == len(audited)
    assert sorted((r["resourceId"], r["event"], r["mode"]) for r in audited) == [
        ("to-delete", "skipped", "automatic"),
        ("to-fix", "applied", "automatic"),
        ("to-fix", "planned", "automatic"),
    ]


def test_remediation_config_without_role_is_not_applied(account, monkeypatch):
    account["s3"].put_object(
        Bucket="scanner-history",
        Key="r.yaml",
        Body=b"remediations:\n  - rule: s3-bucket-versioning-enabled\n    automatic: true\n",
    )
    monkeypatch.setenv("COMPLIANCE_REMEDIATION_CONFIG", "s3://scanner-history/r.yaml")

    response = _scan()

    assert response["summary"]["stages"]["remediation"]["status"] == "skipped"
    assert account["s3"].get_bucket_versioning(Bucket="to-fix").get("Status") is None
