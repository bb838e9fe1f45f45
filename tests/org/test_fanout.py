"""The organization fan-out on moto: dispatcher -> SQS -> workers -> S3 results -> one report.

An organization of a management account and three members: two healthy, one whose scanning
role cannot be assumed (STS AccessDenied), one whose collection is denied (AccessDenied on
ListBuckets). Each healthy member has a versioned bucket in us-east-1 and an unversioned one in
eu-west-1.
"""

from __future__ import annotations

import json

import boto3
import pytest
import scanner_plugin as support
from moto import mock_aws

from compliance import aws_lambda
from compliance.org.jobs import Job

REGIONS = ["us-east-1", "eu-west-1"]
MANAGEMENT = "123456789012"
STORE = "s3://org-history/scans"


@pytest.fixture(scope="module")
def org():
    with mock_aws(), pytest.MonkeyPatch.context() as monkeypatch:
        organizations = boto3.client("organizations")
        organizations.create_organization(FeatureSet="ALL")
        members = [
            organizations.create_account(AccountName=f"member{i}", Email=f"m{i}@example.com")["CreateAccountStatus"][
                "AccountId"
            ]
            for i in range(4)
        ]
        healthy, no_role, denied = members[:2], members[2], members[3]
        closing = organizations.create_account(AccountName="closing", Email="c@example.com")
        organizations.close_account(AccountId=closing["CreateAccountStatus"]["AccountId"])
        for account in healthy:
            member = support.member_session(account)
            s3 = member.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket=f"good-{account}")
            s3.put_bucket_versioning(Bucket=f"good-{account}", VersioningConfiguration={"Status": "Enabled"})
            member.client("s3", region_name="eu-west-1").create_bucket(
                Bucket=f"bad-{account}", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
            )
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="org-history")
        s3.put_bucket_versioning(Bucket="org-history", VersioningConfiguration={"Status": "Enabled"})
        sqs = boto3.client("sqs")
        dlq = sqs.create_queue(QueueName="jobs-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        queue = sqs.create_queue(
            QueueName="jobs",
            Attributes={
                "VisibilityTimeout": "0",
                "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}),
            },
        )["QueueUrl"]

        sns = boto3.client("sns")
        topic = sns.create_topic(Name="org-changes")["TopicArn"]
        inbox = sqs.create_queue(QueueName="inbox")["QueueUrl"]
        inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=inbox_arn)
        session = boto3.Session(region_name="us-east-1")
        session.events.register("before-call.sts.AssumeRole", support.deny_assume_role(f"::{no_role}:"))
        monkeypatch.setattr(aws_lambda, "_boto_session", lambda: session)
        for key, value in {
            "COMPLIANCE_MODE": "organization",
            "COMPLIANCE_QUEUE_URL": queue,
            "COMPLIANCE_DLQ_URL": dlq,
            "COMPLIANCE_STORE": STORE,
            "COMPLIANCE_REGIONS": ",".join(REGIONS),
            "COMPLIANCE_SERVICES": "testbuckets",
            "COMPLIANCE_PACKS": support.PACK_NAME,
            "COMPLIANCE_PLUGINS": "scanner_plugin",
            "AWS_REGION": "us-east-1",
            "COMPLIANCE_SNS_TOPIC_ARN": topic,
        }.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setattr(support, "DENIED_ACCOUNTS", {denied})
        aws_lambda.reset(keep_plugins=True)
        dispatched = aws_lambda.handler(
            {"source": "aws.events", "detail-type": "Scheduled Event"}, support.FakeContext()
        )
        responses = support.deliver(sqs, queue, aws_lambda.handler, batch=3)
        yield {
            "healthy": healthy,
            "no_role": no_role,
            "denied": denied,
            "queue": queue,
            "dlq": dlq,
            "sqs": sqs,
            "s3": s3,
            "members": members,
            "closing": closing["CreateAccountStatus"]["AccountId"],
            "dispatched": dispatched,
            "responses": responses,
            "run_id": dispatched["runId"],
            "inbox": inbox,
        }
        aws_lambda.reset(keep_plugins=True)


@pytest.fixture(autouse=True)
def _store_env(monkeypatch):
    """tests/conftest.py clears COMPLIANCE_STORE for every test; the module's scanner needs it."""
    monkeypatch.setenv("COMPLIANCE_STORE", STORE)


def _documents(s3, run_id: str) -> list[dict]:
    listed = s3.list_objects_v2(Bucket="org-history", Prefix=f"scans/org-runs/{run_id}/results/")["Contents"]
    return [json.loads(s3.get_object(Bucket="org-history", Key=o["Key"])["Body"].read()) for o in listed]


def _report(s3, run_id: str) -> dict:
    body = s3.get_object(Bucket="org-history", Key=f"scans/org-runs/{run_id}/report.json")["Body"].read()
    return json.loads(body)


def test_dispatch_queues_one_job_per_active_account_and_region(org):
    response = org["dispatched"]
    active = 1 + len(org["members"])
    assert response["action"] == "dispatch"
    assert response["accounts"] == active
    assert response["jobs"] == response["sent"] == active * len(REGIONS)
    manifest = json.loads(
        org["s3"].get_object(Bucket="org-history", Key=f"scans/org-runs/{org['run_id']}/manifest.json")["Body"].read()
    )
    assert sorted(manifest["jobs"]) == sorted(f"{a}/{r}" for a in [MANAGEMENT, *org["members"]] for r in REGIONS)
    assert org["closing"] not in manifest["accounts"]
    jobs = {(d["accountId"], d["region"]): d for d in _documents(org["s3"], org["run_id"])}
    assert jobs[(MANAGEMENT, "us-east-1")]["roleArn"] is None  # its own account: no AssumeRole
    member = org["healthy"][0]
    assert jobs[(member, "eu-west-1")]["roleArn"] == f"arn:aws:iam::{member}:role/ComplianceScannerMemberRole"
    assert [jobs[(member, r)]["includeGlobal"] for r in REGIONS] == [True, False]


def test_workers_scan_members_and_report_partial_failure(org):
    run_id, responses = org["run_id"], org["responses"]

    no_role = org["no_role"]
    failed_ids = [f["itemIdentifier"] for r in responses for f in r["batchItemFailures"]]
    # the two jobs of the account whose role cannot be assumed fail on each of their two receives
    assert len(failed_ids) == 2 * len(REGIONS)
    dlq = org["sqs"].receive_message(QueueUrl=org["dlq"], MaxNumberOfMessages=10)["Messages"]
    assert sorted(json.loads(m["Body"])["region"] for m in dlq) == sorted(REGIONS)
    assert {json.loads(m["Body"])["accountId"] for m in dlq} == {no_role}

    report = _report(org["s3"], run_id)
    rows = {a["accountId"]: a for a in report["accounts"]}
    assert set(rows) == {MANAGEMENT, *org["members"]}
    assert rows[no_role]["status"] == "failed"
    assert all("AccessDenied" in f["error"] for f in rows[no_role]["failedJobs"])
    assert report["complete"] is False and report["jobs"]["failed"] == len(REGIONS)
    for account in org["healthy"]:
        assert rows[account]["status"] == "ok"
        assert rows[account]["regions"] == sorted(REGIONS)
        assert rows[account]["counts"]["COMPLIANT"] == 1 and rows[account]["counts"]["NON_COMPLIANT"] == 1
        assert rows[account]["packs"][support.PACK_NAME]["score"] == 0.5
    denied = rows[org["denied"]]
    assert denied["status"] == "ok" and denied["collectionErrors"] == len(REGIONS)
    assert denied["counts"]["INSUFFICIENT_DATA"] == len(REGIONS) and denied["counts"]["COMPLIANT"] == 0
    assert denied["packs"][support.PACK_NAME]["score"] is None  # unknown, never "passing"
    assert rows[MANAGEMENT]["counts"]["COMPLIANT"] == 1  # the versioned history bucket
    # organization score: passed / evaluated control results over every job
    assert report["packs"][support.PACK_NAME]["controls"]["PASSED"] == 3
    assert report["packs"][support.PACK_NAME]["controls"]["FAILED"] == 2
    assert report["packs"][support.PACK_NAME]["score"] == 0.6


def test_aggregate_event_rebuilds_the_report(org):
    run_id = org["run_id"]
    written = _report(org["s3"], run_id)
    org["s3"].delete_object(Bucket="org-history", Key=f"scans/org-runs/{run_id}/report.json")

    response = aws_lambda.handler({"action": "aggregate", "runId": run_id}, support.FakeContext())

    rebuilt = _report(org["s3"], run_id)
    assert response["complete"] is False
    # the depth now: the failed jobs may have reached the dead-letter queue after the report was first written
    assert rebuilt["deadLetterQueue"]["messages"] == len(REGIONS)
    volatile = ("generatedAt", "deadLetterQueue")
    assert {k: v for k, v in rebuilt.items() if k not in volatile} == {
        k: v for k, v in written.items() if k not in volatile
    }


def test_job_is_not_started_without_time_left(org):
    job = Job("run-x", org["healthy"][0], "us-east-1", True, None)
    record = {"eventSource": "aws:sqs", "messageId": "m-0", "body": job.to_json(), "attributes": {}}

    response = aws_lambda.handler({"Records": [record]}, support.FakeContext(seconds=5))

    assert response["batchItemFailures"] == [{"itemIdentifier": "m-0"}]
    assert response["done"] == 0
    assert _documents_or_none(org["s3"], "run-x") is None  # never started: no result written


def _documents_or_none(s3, run_id: str):
    listed = s3.list_objects_v2(Bucket="org-history", Prefix=f"scans/org-runs/{run_id}/")
    return listed.get("Contents")


def test_malformed_job_is_reported_failed(org):
    record = {"eventSource": "aws:sqs", "messageId": "m-1", "body": "{not json", "attributes": {}}
    response = aws_lambda.handler({"Records": [record]}, support.FakeContext())
    assert response["batchItemFailures"] == [{"itemIdentifier": "m-1"}]


def test_member_jobs_record_history_and_notify_the_organization_topic(org):
    documents = [d for d in _documents(org["s3"], org["run_id"]) if d["status"] == "ok"]
    assert {d["summary"]["stages"]["history"]["status"] for d in documents} == {"ok"}
    listed = org["s3"].list_objects_v2(Bucket="org-history", Prefix=f"scans/accounts/{org['healthy'][0]}/eu-west-1/")
    assert listed["KeyCount"] > 0  # each (account, region) has its own history sequence
    bodies = []
    while batch := org["sqs"].receive_message(QueueUrl=org["inbox"], MaxNumberOfMessages=10).get("Messages"):
        bodies += [json.loads(json.loads(m["Body"])["Message"]) for m in batch]
        for m in batch:
            org["sqs"].delete_message(QueueUrl=org["inbox"], ReceiptHandle=m["ReceiptHandle"])
    # first scan of each job: only the healthy members' eu-west-1 jobs have failures to announce
    assert sorted((b["accountId"], b["regions"], b["newFailureCount"]) for b in bodies) == sorted(
        (a, ["eu-west-1"], 1) for a in org["healthy"]
    )
