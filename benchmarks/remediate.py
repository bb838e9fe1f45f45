"""Remediation speed: planning over a large synthetic snapshot, and apply + verify on moto.

1. Planning (no AWS): N buckets (half without versioning, a tenth tagged exempt) and N security
   groups (a third with SSH open to the world); times evaluation and ``plan_actions``.
2. Applying on moto (in-process): M unversioned buckets fixed through the engine with the real
   S3 collector; prints the wall time, the time per resource and how many re-collections ran
   (one pre-check and one verification per resource at most; consecutive actions share them).

Usage: ``python benchmarks/remediate.py [--items N] [--apply M]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.update(
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",
    AWS_DEFAULT_REGION="us-east-1",
    MOTO_EC2_LOAD_DEFAULT_AMIS="false",
)

from compliance.evaluate import evaluate, select_rules  # noqa: E402
from compliance.model import ConfigurationItem  # noqa: E402
from compliance.plugins import load_plugins  # noqa: E402
from compliance.remediate import Auditor, CollectorRecollector, JsonlAuditLog, execute, plan_actions  # noqa: E402
from compliance.remediate.engine import record_plan  # noqa: E402
from compliance.snapshot import new_snapshot  # noqa: E402

ACCOUNT = "123456789012"


def synthetic(n: int) -> list[ConfigurationItem]:
    items = []
    for i in range(n):
        bucket = ConfigurationItem(
            "AWS::S3::Bucket",
            f"bucket-{i:06d}",
            accountId=ACCOUNT,
            awsRegion="us-east-1",
            arn=f"arn:aws:s3:::bucket-{i:06d}",
            tags={"compliance:exempt": "true"} if i % 10 == 1 else {},
            configuration={"name": f"bucket-{i:06d}"},
            supplementaryConfiguration={"BucketVersioningConfiguration": {"status": "Off" if i % 2 else "Enabled"}},
        )
        cidr = "0.0.0.0/0" if i % 3 == 0 else "10.0.0.0/8"
        group = ConfigurationItem(
            "AWS::EC2::SecurityGroup",
            f"sg-{i:017x}",
            accountId=ACCOUNT,
            awsRegion="us-east-1",
            configuration={
                "groupId": f"sg-{i:017x}",
                "groupName": f"g{i}",
                "ipPermissions": [
                    {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [{"cidrIp": cidr}]}
                ],
                "ipPermissionsEgress": [],
            },
        )
        items += [bucket, group]
    return items


def bench_plan(plugins, n: int) -> None:
    rules, _ = select_rules(plugins, [], ["s3-bucket-versioning-enabled", "restricted-ssh"])
    snapshot = new_snapshot(synthetic(n))
    started = time.perf_counter()
    result = evaluate(snapshot, rules)
    evaluated = time.perf_counter()
    actions = plan_actions(result, plugins.remediations)
    planned = time.perf_counter()
    counts = {s: sum(1 for a in actions if a.status == s) for s in ("planned", "skipped")}
    print(
        f"plan: {2 * n:,} items, {len(result.failing):,} failing -> {counts['planned']:,} planned, "
        f"{counts['skipped']:,} skipped (exempt)"
    )
    print(
        f"plan: evaluate {evaluated - started:.2f}s, plan_actions {planned - evaluated:.2f}s "
        f"({len(actions) / max(planned - evaluated, 1e-9):,.0f} actions/s)"
    )


class CountingRecollector(CollectorRecollector):
    calls = 0

    def recollect(self, *args, **kwargs):
        CountingRecollector.calls += 1
        return super().recollect(*args, **kwargs)


def bench_apply(plugins, m: int) -> None:
    import boto3
    from moto import mock_aws

    from compliance.collect.runner import run_collectors
    from compliance.collect.session import AwsSession

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        for i in range(m):
            s3.create_bucket(Bucket=f"bench-bucket-{i:04d}")
        session = AwsSession(boto_session=boto3.Session(region_name="us-east-1"))
        collectors = [plugins.collectors["s3"]]
        started = time.perf_counter()
        snapshot = run_collectors(session, collectors, regions=["us-east-1"])
        rules, _ = select_rules(plugins, [], ["s3-bucket-versioning-enabled"])
        result = evaluate(snapshot, rules)
        collected = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            auditor = Auditor(JsonlAuditLog(Path(tmp) / "audit.jsonl"), None, mode="yes")
            actions = plan_actions(result, plugins.remediations)
            record_plan(actions, auditor)
            run = execute(
                actions,
                result,
                session=session.boto_session,
                auditor=auditor,
                recollector=CountingRecollector(collectors, session),
            )
        done = time.perf_counter()
    fixed = sum(1 for a in run.actions if a.verification == "fixed")
    print(
        f"apply: {m} buckets, scan {collected - started:.2f}s, apply+verify {done - collected:.2f}s "
        f"({(done - collected) / max(m, 1):.3f}s per resource), {fixed} fixed, "
        f"{CountingRecollector.calls} re-collections (without sharing: {2 * m})"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--apply", type=int, default=20)
    args = parser.parse_args(argv)
    plugins = load_plugins(entry_points_enabled=False)
    bench_plan(plugins, args.items)
    if args.apply:
        bench_apply(plugins, args.apply)


if __name__ == "__main__":
    main(sys.argv[1:])
