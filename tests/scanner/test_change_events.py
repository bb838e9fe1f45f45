"""The handler on change events from EventBridge, end to end on moto: a recorded periodic scan, a
bucket changed through boto3, the matching CloudTrail event re-reads that bucket alone, records the
flip with the event as its cause and notifies it with who made the change."""

from __future__ import annotations

import json

import boto3
import pytest
import scanner_plugin as support
from moto import mock_aws

from compliance import aws_lambda
from compliance.history import open_store

STORE = "s3://scanner-history/events"
ACCOUNT = "123456789012"


@pytest.fixture
def account(monkeypatch):
    with mock_aws():
        s3 = boto3.client("s3")
        for name in ("scanner-history", "kept-ok", "to-fix"):
            s3.create_bucket(Bucket=name)
        for name in ("scanner-history", "kept-ok"):
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        sns, sqs = boto3.client("sns"), boto3.client("sqs")
        topic = sns.create_topic(Name="compliance-changes")["TopicArn"]
        queue = sqs.create_queue(QueueName="inbox")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        for key, value in {
            "COMPLIANCE_STORE": STORE,
            "COMPLIANCE_SNS_TOPIC_ARN": topic,
            "COMPLIANCE_REGIONS": "us-east-1",
            "COMPLIANCE_SERVICES": "s3",
            "COMPLIANCE_RULES": "s3-bucket-versioning-enabled",
            "AWS_REGION": "us-east-1",
        }.items():
            monkeypatch.setenv(key, value)
        aws_lambda.reset()
        yield {"s3": s3, "sqs": sqs, "queue": queue}
        aws_lambda.reset()


def _messages(sqs, queue) -> list[dict]:
    found = []
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages"):
        for message in batch:
            envelope = json.loads(message["Body"])
            found.append({"text": envelope["Message"], "document": json.loads(envelope["Message"])})
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    return found


def _event(name: str, bucket: str, account: str = ACCOUNT, event_id: str = "ev-1") -> dict:
    return {
        "version": "0",
        "id": event_id,
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.s3",
        "account": account,
        "region": "us-east-1",
        "time": "2026-12-03T10:00:00Z",
        "detail": {
            "eventVersion": "1.09",
            "eventID": f"ct-{event_id}",
            "eventTime": "2026-12-03T10:00:00Z",
            "eventSource": "s3.amazonaws.com",
            "eventName": name,
            "awsRegion": "us-east-1",
            "recipientAccountId": account,
            "userIdentity": {"type": "IAMUser", "arn": f"arn:aws:iam::{account}:user/alice", "accountId": account},
            "requestParameters": {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com"},
            "readOnly": False,
        },
    }


def test_a_change_event_rereads_one_bucket_records_and_notifies_the_flip_with_its_cause(account):
    s3, sqs, queue = account["s3"], account["sqs"], account["queue"]
    first = aws_lambda.handler({"source": "aws.events", "detail-type": "Scheduled Event"}, support.FakeContext())
    assert first["ok"] is True
    [message] = _messages(sqs, queue)
    assert [f["resourceId"] for f in message["document"]["newFailures"]] == ["to-fix"]

    s3.put_bucket_versioning(Bucket="to-fix", VersioningConfiguration={"Status": "Enabled"})
    response = aws_lambda.handler(_event("PutBucketVersioning", "to-fix"), support.FakeContext())

    assert response["action"] == "change" and response["ok"] is True and response["changes"] == 1
    summary = response["summary"]
    assert summary["incremental"]["reads"] == 1 and summary["items"] == 1
    assert summary["counts"]["COMPLIANT"] == 1 and sum(summary["counts"].values()) == 1
    [message] = _messages(sqs, queue)
    document = message["document"]
    # only the re-read bucket is compared: kept-ok and the store are neither new nor resolved
    assert document["newFailures"] == []
    assert [(f["resourceId"], f["resolution"]) for f in document["resolved"]] == [("to-fix", "COMPLIANT")]
    [cause] = document["causes"]
    assert (cause["eventName"], cause["principal"]) == ("PutBucketVersioning", f"arn:aws:iam::{ACCOUNT}:user/alice")
    with open_store(STORE) as store:
        latest = store.latest()
        assert latest.kind == "event"
        assert latest.scanId == summary["scanId"]


def test_an_event_of_nothing_collected_is_counted_and_scans_nothing(account):
    event = _event("PutBucketVersioning", "to-fix")
    event["detail"].update(eventSource="gamelift.amazonaws.com", eventName="CreateFleet")
    response = aws_lambda.handler(event, support.FakeContext())
    assert response["ok"] is True and response["changes"] == 0 and "summary" not in response
    assert response["unknown"] == {"gamelift.amazonaws.com CreateFleet": 1}
    assert _messages(account["sqs"], account["queue"]) == []


def test_account_mode_refuses_another_accounts_event(account):
    event = _event("PutBucketVersioning", "to-fix", account="210987654321")
    response = aws_lambda.handler(event, support.FakeContext())
    assert response["ok"] is False and "account mode" in response["reason"] and "summary" not in response


def test_organization_mode_reads_a_members_event_through_its_role_into_its_history(account, monkeypatch):
    member = "210987654321"
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/ComplianceScannerMemberRole", RoleSessionName="setup"
    )["Credentials"]
    boto3.client(
        "s3",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    ).create_bucket(Bucket="member-bucket")
    queue = account["sqs"].create_queue(QueueName="jobs")["QueueUrl"]
    monkeypatch.setenv("COMPLIANCE_MODE", "organization")
    monkeypatch.setenv("COMPLIANCE_QUEUE_URL", queue)

    response = aws_lambda.handler(_event("PutBucketTagging", "member-bucket", account=member), support.FakeContext())

    assert response["ok"] is True
    summary = response["summary"]
    assert summary["accountId"] == member and summary["counts"]["NON_COMPLIANT"] == 1 == sum(summary["counts"].values())
    with open_store(f"{STORE}/accounts/{member}/us-east-1") as store:
        assert store.latest().kind == "event"
    assert "member-bucket" not in {b["Name"] for b in account["s3"].list_buckets()["Buckets"]}


def test_a_periodic_scan_after_events_keeps_the_verdicts_of_unchanged_resources(account):
    s3 = account["s3"]
    scheduled = {"source": "aws.events", "detail-type": "Scheduled Event"}
    first = aws_lambda.handler(scheduled, support.FakeContext())["summary"]
    assert first["reusedEvaluations"] == 0  # nothing recorded yet
    s3.put_bucket_versioning(Bucket="to-fix", VersioningConfiguration={"Status": "Enabled"})
    aws_lambda.handler(_event("PutBucketVersioning", "to-fix"), support.FakeContext())
    s3.create_bucket(Bucket="unannounced")  # changed without an event reaching us

    second = aws_lambda.handler(scheduled, support.FakeContext())["summary"]

    # scanner-history and kept-ok are unchanged since the first scan, to-fix since its event scan
    assert second["reusedEvaluations"] == 3
    assert second["counts"]["COMPLIANT"] == 3 and second["counts"]["NON_COMPLIANT"] == 1  # unannounced, evaluated
    with open_store(STORE) as store:
        latest = store.latest()
        verdicts = {e.resourceId: e.complianceType.value for e in store.evaluations(latest)}
    assert verdicts == {
        "scanner-history": "COMPLIANT",
        "kept-ok": "COMPLIANT",
        "to-fix": "COMPLIANT",
        "unannounced": "NON_COMPLIANT",
    }
