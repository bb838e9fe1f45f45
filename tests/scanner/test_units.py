"""Scanner units: change detection for notifications, the collection deadline, SQS dispatch."""

from __future__ import annotations

import json
import threading
import time

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from compliance.collect.base import Collector
from compliance.collect.session import AwsSession
from compliance.model import CollectionError, ComplianceType, Evaluation
from compliance.org.accounts import Account
from compliance.org.jobs import Job, dispatch, plan_jobs
from compliance.scanner.deadline import DEADLINE_ERROR, Deadline, collect_within
from compliance.scanner.notify import MAX_LISTED, compute_changes, message_document, publish_changes


def _e(resource: str, state: str, rule: str = "r", suppressed: bool = False) -> Evaluation:
    return Evaluation(
        rule,
        rule,
        "AWS::S3::Bucket",
        resource,
        ComplianceType(state),
        accountId="1",
        awsRegion="us-east-1",
        suppression={"kind": "waiver"} if suppressed else None,
    )


def test_only_flips_are_changes():
    previous = [
        _e("still-bad", "NON_COMPLIANT"),
        _e("fixed", "NON_COMPLIANT"),
        _e("gone", "NON_COMPLIANT"),
        _e("unknown-now", "NON_COMPLIANT"),
        _e("was-ok", "COMPLIANT"),
        _e("na", "NON_COMPLIANT"),
    ]
    current = [
        _e("still-bad", "NON_COMPLIANT"),
        _e("fixed", "COMPLIANT"),
        _e("unknown-now", "INSUFFICIENT_DATA"),
        _e("was-ok", "NON_COMPLIANT"),
        _e("brand-new", "NON_COMPLIANT"),
        _e("na", "NOT_APPLICABLE"),
        _e("waived", "NON_COMPLIANT", suppressed=True),
    ]

    changes = compute_changes(previous, current)

    assert [e.resourceId for e in changes.new_failures] == ["brand-new", "was-ok"]
    assert {e.resourceId: why for e, why in changes.resolved} == {
        "fixed": "COMPLIANT",
        "gone": "the resource is no longer present",
        "na": "NOT_APPLICABLE",
    }


def test_a_resource_not_collected_is_not_resolved():
    error = CollectionError(
        "s3", "ListBuckets", "AccessDenied", "no", region="us-east-1", accountId="1", resourceTypes=["AWS::S3::Bucket"]
    )
    changes = compute_changes([_e("gone?", "NON_COMPLIANT")], [], [error])
    assert not changes and changes.resolved == []


def test_first_scan_reports_every_failure_once():
    changes = compute_changes(None, [_e("a", "NON_COMPLIANT"), _e("b", "COMPLIANT")])
    assert changes.first_scan and [e.resourceId for e in changes.new_failures] == ["a"]


def test_long_lists_are_cut_with_a_count():
    changes = compute_changes([], [_e(f"b{i:04}", "NON_COMPLIANT") for i in range(MAX_LISTED + 7)])
    document = message_document(changes, {"accountId": "1"})
    assert len(document["newFailures"]) == MAX_LISTED and document["omitted"] == 7
    assert document["newFailureCount"] == MAX_LISTED + 7
    assert len(json.dumps(document)) < 256 * 1024


def test_no_changes_publishes_nothing():
    class Refuse:
        def publish(self, **_):
            raise AssertionError("published")

    assert publish_changes(Refuse(), "arn:aws:sns:us-east-1:1:t", compute_changes([], []), {}) is None


def test_deadline_from_lambda_context():
    class Context:
        def get_remaining_time_in_millis(self):
            return 60_000

    deadline = Deadline.from_lambda_context(Context(), 30)
    assert 29 < deadline.remaining() <= 30 and not deadline.expired
    ticks = iter([100.0, 100.0, 131.0])
    clocked = Deadline(30, clock=lambda: next(ticks))
    assert clocked.remaining() == 30.0 and clocked.expired is True
    assert Deadline.from_lambda_context(object(), 30).remaining() is None  # not in Lambda: no limit


def _bucket_collector(wait: threading.Event | None = None) -> Collector:
    def collect(ctx):
        s3 = ctx.client("s3", ctx.region)
        for bucket in s3.list_buckets()["Buckets"]:
            if wait is not None:
                wait.wait(5)  # a call stuck in its read timeout
            s3.get_bucket_versioning(Bucket=bucket["Name"])
            yield ctx.item("AWS::S3::Bucket", bucket["Name"], {})

    return Collector("slowbuckets", ("AWS::S3::Bucket",), ("s3:ListAllMyBuckets",), collect)


@mock_aws
def test_calls_after_the_deadline_become_collection_errors():
    s3 = boto3.client("s3")
    for name in ("a-bucket", "b-bucket"):
        s3.create_bucket(Bucket=name)
    session = AwsSession(region="us-east-1")
    session.account_id  # noqa: B018  (identity read before the clock starts)
    collector = _bucket_collector()
    ticks = iter([0.0] + [0.0] * 4 + [10.0] * 100)  # expires after a few checks
    deadline = Deadline(5, clock=lambda: next(ticks))

    snapshot = collect_within(session, [collector], deadline, regions=["us-east-1"])

    assert [e.errorCode for e in snapshot.collectionErrors] == [DEADLINE_ERROR]
    assert snapshot.collectionErrors[0].resourceTypes == ["AWS::S3::Bucket"]


@mock_aws
def test_a_collection_that_does_not_return_is_abandoned():
    boto3.client("s3").create_bucket(Bucket="stuck-bucket")
    release = threading.Event()
    session = AwsSession(region="us-east-1")
    started = time.monotonic()

    snapshot = collect_within(session, [_bucket_collector(release)], Deadline(0.5), regions=["us-east-1"], grace=0.2)

    release.set()
    assert time.monotonic() - started < 4.5  # returned without waiting for the stuck collector
    assert snapshot.configurationItems == []
    assert {(e.service, e.errorCode) for e in snapshot.collectionErrors} == {("slowbuckets", DEADLINE_ERROR)}


def test_jobs_one_per_account_and_region_global_part_once():
    jobs = list(
        plan_jobs(
            "run", [Account("111"), Account("222")], ["us-east-1", "eu-west-1"], lambda a: f"arn:aws:iam::{a}:role/r"
        )
    )
    assert [(j.accountId, j.region, j.includeGlobal) for j in jobs] == [
        ("111", "us-east-1", True),
        ("111", "eu-west-1", False),
        ("222", "us-east-1", True),
        ("222", "eu-west-1", False),
    ]
    assert Job.from_json(jobs[1].to_json()) == jobs[1]


def test_dispatch_sends_batches_of_ten_and_reports_rejected_entries():
    sqs = boto3.client("sqs", region_name="us-east-1")
    jobs = list(plan_jobs("run", [Account(f"{i:012}") for i in range(12)], ["us-east-1"], lambda a: None))
    url = "https://sqs.us-east-1.amazonaws.com/1/jobs"
    with Stubber(sqs) as stub:
        stub.add_response(
            "send_message_batch",
            {
                "Successful": [{"Id": str(i), "MessageId": f"m{i}", "MD5OfMessageBody": "x"} for i in range(9)],
                "Failed": [{"Id": "9", "SenderFault": False, "Code": "InternalError"}],
            },
        )
        stub.add_response(
            "send_message_batch",
            {
                "Successful": [],
                "Failed": [{"Id": "9", "SenderFault": False, "Code": "InternalError", "Message": "again"}],
            },
        )
        stub.add_response(
            "send_message_batch",
            {
                "Successful": [{"Id": "0", "MessageId": "m", "MD5OfMessageBody": "x"}],
                "Failed": [{"Id": "1", "SenderFault": True, "Code": "InvalidParameterValue", "Message": "bad"}],
            },
        )

        outcome = dispatch(sqs, url, jobs)

        stub.assert_no_pending_responses()
    assert outcome.sent == 10
    assert [(f["job"], f["code"]) for f in outcome.failed] == [
        (jobs[9].key, "InternalError"),
        (jobs[11].key, "InvalidParameterValue"),
    ]


@pytest.mark.parametrize("body", ["[]", '{"type": "other"}', '{"type": "compliance.org.job", "runId": "r"}'])
def test_malformed_job_messages(body):
    from compliance.errors import InputError

    with pytest.raises(InputError, match="job message"):
        Job.from_json(body)


@mock_aws
def test_a_job_whose_result_cannot_be_written_is_retried_alone(monkeypatch):
    import scanner_plugin as support

    from compliance import aws_lambda
    from compliance.org.results import S3Sink

    boto3.client("s3").create_bucket(Bucket="results-bucket")
    for key, value in {
        "COMPLIANCE_STORE": "s3://results-bucket/h",
        "COMPLIANCE_SERVICES": "testbuckets",
        "COMPLIANCE_PLUGINS": "scanner_plugin",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    real_put = S3Sink.put

    def put(self, run_id, name, document):
        if name.endswith("/eu-west-1.json"):
            raise RuntimeError("S3 is having a bad day")
        real_put(self, run_id, name, document)

    monkeypatch.setattr(S3Sink, "put", put)
    aws_lambda.reset(keep_plugins=True)
    records = [
        {
            "eventSource": "aws:sqs",
            "messageId": f"m-{region}",
            "attributes": {},
            "body": Job("run", "123456789012", region, region == "us-east-1").to_json(),
        }
        for region in ("eu-west-1", "us-east-1")
    ]

    response = aws_lambda.handler({"Records": records}, support.FakeContext())

    aws_lambda.reset(keep_plugins=True)
    assert response["batchItemFailures"] == [{"itemIdentifier": "m-eu-west-1"}]
    assert response["done"] == 1
