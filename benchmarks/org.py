"""Organization fan-out benchmark: a simulated organization (moto, in-process) scanned through the
Lambda dispatcher and SQS worker path, at several sizes.

    python benchmarks/org.py                    # 20, 100 and 200 member accounts
    python benchmarks/org.py --sizes 5,10       # smaller
    python benchmarks/org.py --buckets 5        # resources per member account

Each member account holds ``--buckets`` S3 buckets (half unversioned). The handler dispatches one
job per (account, region) to SQS; batches of ten are delivered to the handler as Lambda's event
source mapping would, until the queue is empty; the last job writes the organization report.

Printed per size: wall time of dispatch, workers and the whole run; the peak memory one handler
invocation allocated beyond what it started with (tracemalloc: what the function's memory setting
must cover; the target is flat in the number of accounts, as each worker holds one account's
snapshot at a time); the aggregation's own peak; and how much the simulator's state grew (moto
keeps every account, bucket and stored object in this process: that part is AWS's, not ours).
"""

from __future__ import annotations

if __name__ != "__main__":
    # Named org.py, this script would otherwise be imported by the standard library's Jython probe
    # (``from org.python.core import ...`` in copy and pickle) when another script in this folder runs.
    raise ImportError("benchmarks/org.py is a script, not a module")

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1",
                  MOTO_EC2_LOAD_DEFAULT_AMIS="false")
for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(_name, None)

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

from compliance import aws_lambda, hookimpl  # noqa: E402
from compliance.collect.base import CollectContext, Collector  # noqa: E402
from compliance.packs import Control, Pack, RuleRef  # noqa: E402

REGION = "us-east-1"
PACK = "bench-versioning"


def _collect(ctx: CollectContext):
    s3 = ctx.client("s3", ctx.region)
    for bucket in s3.list_buckets().get("Buckets", []):
        name = bucket["Name"]
        status = s3.get_bucket_versioning(Bucket=name).get("Status", "Off")
        yield ctx.item("AWS::S3::Bucket", name, {"name": name}, arn=f"arn:aws:s3:::{name}", name=name,
                       supplementary={"BucketVersioningConfiguration": {"status": status}})


@hookimpl
def compliance_register_collectors(register):
    register(Collector("benchbuckets", ("AWS::S3::Bucket",), ("s3:ListAllMyBuckets", "s3:GetBucketVersioning"),
                       _collect))


@hookimpl
def compliance_register_packs(register):
    register(Pack(PACK, "Versioning", [Control("V.1", "Buckets are versioned",
                                               rules=[RuleRef("s3-bucket-versioning-enabled",
                                                              "s3-bucket-versioning-enabled")])]))


class Context:
    aws_request_id = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


def _seed(size: int, buckets: int) -> None:
    organizations = boto3.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    sts = boto3.client("sts")
    for i in range(size):
        account = organizations.create_account(AccountName=f"member-{i}", Email=f"m{i}@example.com")[
            "CreateAccountStatus"]["AccountId"]
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/seed", RoleSessionName="seed")["Credentials"]
        s3 = boto3.client("s3", region_name=REGION, aws_access_key_id=creds["AccessKeyId"],
                          aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
        for b in range(buckets):
            name = f"b{b}-{account}"
            s3.create_bucket(Bucket=name)
            if b % 2 == 0:
                s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="bench-history")
    sqs = boto3.client("sqs")
    dlq = sqs.create_queue(QueueName="jobs-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = sqs.create_queue(QueueName="jobs", Attributes={
        "VisibilityTimeout": "0", "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn,
                                                               "maxReceiveCount": "2"})})["QueueUrl"]
    os.environ.update(COMPLIANCE_MODE="organization", COMPLIANCE_QUEUE_URL=queue, COMPLIANCE_DLQ_URL=dlq,
                      COMPLIANCE_STORE="s3://bench-history/history", COMPLIANCE_REGIONS=REGION,
                      COMPLIANCE_SERVICES="benchbuckets", COMPLIANCE_PACKS=PACK,
                      COMPLIANCE_PLUGINS=str(Path(__file__).resolve()), AWS_REGION=REGION)


def _invoke(event: dict, peaks: list[int]) -> dict:
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    response = aws_lambda.handler(event, Context())
    peaks.append(tracemalloc.get_traced_memory()[1] - start)
    return response


def run(size: int, buckets: int) -> dict:
    with mock_aws():
        aws_lambda.reset()
        _seed(size, buckets)
        sqs = boto3.client("sqs")
        queue = os.environ["COMPLIANCE_QUEUE_URL"]
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        began = time.perf_counter()
        peaks: list[int] = []
        dispatched = _invoke({"source": "aws.events", "detail-type": "Scheduled Event"}, peaks)
        dispatch_seconds = time.perf_counter() - began
        worker_peaks: list[int] = []
        failed = 0
        while messages := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10,
                                              AttributeNames=["All"]).get("Messages", []):
            records = [{"eventSource": "aws:sqs", "messageId": m["MessageId"], "body": m["Body"],
                        "attributes": m.get("Attributes", {})} for m in messages]
            response = _invoke({"Records": records}, worker_peaks)
            failed_ids = {f["itemIdentifier"] for f in response["batchItemFailures"]}
            failed += len(failed_ids)
            for message in messages:
                if message["MessageId"] not in failed_ids:
                    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
        workers_seconds = time.perf_counter() - began - dispatch_seconds
        aggregate_peaks: list[int] = []
        report = _invoke({"action": "aggregate", "runId": dispatched["runId"]}, aggregate_peaks)["report"]
        total = time.perf_counter() - began
        grown = tracemalloc.get_traced_memory()[0] - baseline
        tracemalloc.stop()
        aws_lambda.reset()
    return {
        "accounts": size, "jobs": dispatched["jobs"], "failed": failed, "complete": report["complete"],
        "dispatch_s": dispatch_seconds, "workers_s": workers_seconds, "total_s": total,
        "invocation_peak_mib": max(worker_peaks) / 2**20, "dispatch_peak_mib": peaks[0] / 2**20,
        "aggregate_peak_mib": aggregate_peaks[0] / 2**20, "simulator_growth_mib": grown / 2**20,
        "org_score": report["packs"][PACK]["score"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,200", help="member-account counts, comma-separated")
    parser.add_argument("--buckets", type=int, default=4, help="S3 buckets per member account")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    header = (f"{'accounts':>8} {'jobs':>5} {'dispatch s':>10} {'workers s':>10} {'total s':>8} "
              f"{'per-job ms':>10} {'invocation peak MiB':>19} {'aggregate peak MiB':>18} {'simulator +MiB':>14}")
    print(f"python {sys.version.split()[0]}, {args.buckets} buckets per account, region {REGION}, "
          "SQS batches of 10")
    from compliance.scanner.logs import get_logger

    get_logger().setLevel(30)  # JSON log lines would drown the table
    cold = run(2, args.buckets)  # loads plugins and service models once, as a cold start does
    print(f"cold start (2 accounts, not in the table): invocation peak {cold['invocation_peak_mib']:.1f} MiB")
    print(header)
    for size in sizes:
        r = run(size, args.buckets)
        assert r["failed"] == 0 and r["complete"], r
        print(f"{r['accounts']:>8} {r['jobs']:>5} {r['dispatch_s']:>10.2f} {r['workers_s']:>10.2f} "
              f"{r['total_s']:>8.2f} {1000 * r['workers_s'] / r['jobs']:>10.0f} {r['invocation_peak_mib']:>19.2f} "
              f"{r['aggregate_peak_mib']:>18.2f} {r['simulator_growth_mib']:>14.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
