"""A test plugin for the scanner tests (loaded with COMPLIANCE_PLUGINS=scanner_plugin): a small
regional S3 bucket collector and a one-control pack over the built-in versioning rule.

The collector is real boto3 code run against moto; ``DENIED_ACCOUNTS`` makes its ListBuckets
fail with AccessDenied in chosen accounts, as a member account whose scanning role lacks
s3:ListAllMyBuckets would. No tests here.
"""

from __future__ import annotations

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from compliance import hookimpl
from compliance.collect.base import CollectContext, Collector
from compliance.packs import Control, Pack, RuleRef

BUCKET = "AWS::S3::Bucket"
DENIED_ACCOUNTS: set[str] = set()
PACK_NAME = "test-versioning"


def _collect(ctx: CollectContext):
    s3 = ctx.client("s3", ctx.region)
    if ctx.account_id in DENIED_ACCOUNTS:
        raise ClientError(
            {"Error": {"Code": "AccessDenied", "Message": "not authorized: s3:ListAllMyBuckets"}}, "ListBuckets"
        )
    for bucket in s3.list_buckets().get("Buckets", []):
        name = bucket["Name"]
        location = s3.get_bucket_location(Bucket=name).get("LocationConstraint") or "us-east-1"
        if location != ctx.region:
            continue
        versioning = s3.get_bucket_versioning(Bucket=name)
        yield ctx.item(
            BUCKET,
            name,
            {"name": name},
            arn=f"arn:aws:s3:::{name}",
            name=name,
            supplementary={"BucketVersioningConfiguration": {"status": versioning.get("Status", "Off")}},
        )


COLLECTOR = Collector(
    name="testbuckets",
    resource_types=(BUCKET,),
    permissions=("s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketVersioning"),
    collect=_collect,
)

PACK = Pack(
    name=PACK_NAME,
    title="Versioning",
    controls=[
        Control(
            id="V.1",
            title="Buckets are versioned",
            rules=[RuleRef("s3-bucket-versioning-enabled", "s3-bucket-versioning-enabled")],
        )
    ],
)


@hookimpl
def compliance_register_collectors(register):
    register(COLLECTOR)


@hookimpl
def compliance_register_packs(register):
    register(PACK)


class FakeContext:
    """A Lambda context whose remaining time counts down from ``seconds`` on the real clock."""

    aws_request_id = "test-request"

    def __init__(self, seconds: float = 900.0) -> None:
        import time

        self._clock = time.monotonic
        self._end = self._clock() + seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._end - self._clock()) * 1000))


def deliver(sqs, queue_url: str, handler, context=None, batch: int = 10) -> list[dict]:
    """What Lambda's SQS event source mapping does: receive a batch, invoke the handler, delete the
    messages it did not name in ``batchItemFailures``. Repeats until the queue answers empty."""
    responses = []
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=batch, AttributeNames=["All"]).get(
            "Messages", []
        )
        if not messages:
            return responses
        records = [
            {
                "eventSource": "aws:sqs",
                "messageId": m["MessageId"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "receiptHandle": m["ReceiptHandle"],
            }
            for m in messages
        ]
        response = handler({"Records": records}, context or FakeContext())
        responses.append(response)
        failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
        for message in messages:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


class _Raw:
    status_code = 403
    headers: dict = {}
    content = b""


def deny_assume_role(role_fragment: str):
    """A botocore before-call handler answering STS AssumeRole for matching role ARNs with the
    AccessDenied error STS gives when the trust policy does not allow the caller (moto does not
    enforce trust policies)."""

    def handler(params, **_):
        body = params.get("body") or {}  # the serialized request: STS's query protocol keeps a dict
        if role_fragment in str(body.get("RoleArn", "") if isinstance(body, dict) else body):
            return (
                AWSResponse("https://sts", 403, {}, _Raw()),
                {
                    "Error": {"Code": "AccessDenied", "Message": "not authorized to perform sts:AssumeRole"},
                    "ResponseMetadata": {"HTTPStatusCode": 403},
                },
            )
        return None

    return handler


def member_session(account_id: str) -> boto3.Session:
    """A session in another (moto) account, for seeding it."""
    creds = boto3.client("sts").assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/Setup", RoleSessionName="setup")[
        "Credentials"
    ]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="us-east-1",
    )
