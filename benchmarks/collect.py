"""Collection benchmark: requests per resource when the selected rules drive the reads.

Builds 500 S3 buckets, 300 security groups and 200 IAM users in moto's server on 127.0.0.1
(us-east-1; eu-west-1 left empty), then collects it through a counting loopback proxy
(``compliance.fault_proxy`` with no faults) as four scans would: CIS v3.0 only, FSBP only, all
packs, and ``collect`` (everything). For each it prints wall time, requests in all and per
bucket / security group / user, beside the floor: the distinct reads the selected rules need
(the plan's calls, one per region for a regional call and one per resource found for a
per-resource call, from :func:`compliance.collect.estimate.estimate`). Then the requests each
(service, region) unit makes in the empty region, and those of one ``--resource`` read.

    python benchmarks/collect.py
    python benchmarks/collect.py --buckets 100 --groups 60 --users 40

Needs ``moto[server]`` (the test extra). Figures go to stdout; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

os.environ.update(
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",
    AWS_DEFAULT_REGION="us-east-1",
    MOTO_EC2_LOAD_DEFAULT_AMIS="false",
)
for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(_name, None)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

HOME, EMPTY = "us-east-1", "eu-west-1"
SCANS = [
    ("CIS v3.0 only", ["cis-aws-foundations-3.0"]),
    ("FSBP only", ["aws-foundational-security-best-practices"]),
    ("all packs", None),  # a default scan: every pack and every rule
    ("collect (everything)", "collect"),
]
TYPES = {"bucket": "AWS::S3::Bucket", "group": "AWS::EC2::SecurityGroup", "user": "AWS::IAM::User"}
SERVICE_OF = {"bucket": ("s3", "s3-account"), "group": ("ec2",), "user": ("iam",)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(endpoint: str, buckets: int, groups: int, users: int, threads: int = 8) -> None:
    config = Config(max_pool_connections=threads * 2, retries={"mode": "standard", "total_max_attempts": 5})
    session = boto3.Session(region_name=HOME)
    s3 = session.client("s3", endpoint_url=endpoint, config=config)
    iam = session.client("iam", endpoint_url=endpoint, config=config)
    ec2 = session.client("ec2", endpoint_url=endpoint, config=config)
    vpc = next(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["IsDefault"])
    trail_bucket = "bench-bucket-00000"

    def bucket(n: int) -> None:
        name = f"bench-bucket-{n:05d}"
        s3.create_bucket(Bucket=name)
        if n % 2 == 0:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if n % 4 == 0:
            statement = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": f"arn:aws:s3:::{name}/*"}
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))

    def group(n: int) -> None:
        created = ec2.create_security_group(GroupName=f"bench-sg-{n:05d}", Description="bench", VpcId=vpc)
        if n % 3 == 0:
            ec2.authorize_security_group_ingress(
                GroupId=created["GroupId"],
                IpPermissions=[
                    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
                ],
            )

    def user(n: int) -> None:
        iam.create_user(UserName=f"bench-user-{n:05d}")

    with ThreadPoolExecutor(threads) as pool:
        for fn, count in ((bucket, buckets), (group, groups), (user, users)):
            list(pool.map(fn, range(count)))
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{trail_bucket}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=trail_bucket, Policy=json.dumps(policy))
    trails = session.client("cloudtrail", endpoint_url=endpoint, config=config)
    trails.create_trail(Name="bench-trail", S3BucketName=trail_bucket, IsMultiRegionTrail=True)


def _strip_account(request: Any, **_: Any) -> None:
    # S3 Control puts the account id in the host name, which 127.0.0.1 cannot serve.
    request.url = request.url.replace("://123456789012.", "://")


def new_session(url: str, workers: int) -> Any:
    from compliance.collect.session import AwsSession

    session = AwsSession(region=HOME, endpoint_url=url, max_pool_connections=max(10, workers * 2))
    session.boto_session.events.register_first("before-send.s3-control", _strip_account)
    return session


def per_kind(calls: dict[tuple[str, str], int], units: list[Any] | None = None) -> dict[str, int]:
    """Requests attributable to buckets (s3, tagging, s3control), security groups (the ec2 calls
    that read groups) and users (iam)."""
    s3 = sum(n for (service, _), n in calls.items() if service in ("s3", "s3control", "resourcegroupstaggingapi"))
    group = sum(n for (service, op), n in calls.items() if (service, op) == ("ec2", "DescribeSecurityGroups"))
    users = sum(n for (service, _), n in calls.items() if service == "iam")
    return {"bucket": s3, "group": group, "user": users}


def floor_of(units: list[Any]) -> dict[str, int]:
    """The plan's distinct reads, per resource kind (from the estimate's units)."""
    floor: Counter[str] = Counter()
    for unit in units:
        name = unit.collector.split(" ")[0]
        for kind, services in SERVICE_OF.items():
            if name in services:
                if kind == "group":
                    floor[kind] += unit.calls.get("DescribeSecurityGroups", 0)
                else:
                    floor[kind] += unit.requests
    return dict(floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buckets", type=int, default=500)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    from moto.moto_server import werkzeug_app
    from moto.server import ThreadedMotoServer

    werkzeug_app.print = lambda *_, **__: None  # moto prints a line to stdout for each host it lacks

    from compliance.collect.estimate import estimate
    from compliance.collect.one import read_resources
    from compliance.collect.plan import rule_reads
    from compliance.collect.runner import run_collectors
    from compliance.evaluate import select_rules
    from compliance.fault_proxy import FaultProxy
    from compliance.plugins import load_plugins

    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)  # moto logs each call it lacks
    plugins = load_plugins(entry_points_enabled=False)
    collectors = list(plugins.collectors.values())
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    upstream = f"http://127.0.0.1:{port}"
    counts = {"bucket": args.buckets, "group": args.groups, "user": args.users}
    try:
        started = time.perf_counter()
        build(upstream, args.buckets, args.groups, args.users)
        print(f"account: {counts} in {HOME}, {EMPTY} empty (built in {time.perf_counter() - started:.0f} s)")
        with FaultProxy(upstream, rate=0.0) as proxy:
            found_groups = None
            head = f"{'scan':<22} {'wall s':>7} {'requests':>9} {'HTTP':>7}"
            print(f"{head}   per bucket (floor, x)   per SG (floor, x)   per user (floor, x)")
            for label, packs in SCANS:
                reads = None
                if packs != "collect":
                    rules, _ = select_rules(plugins, packs or [])
                    reads = rule_reads(rules)
                planning = new_session(proxy.url, args.workers)
                floor = floor_of(estimate(planning, collectors, reads, [HOME, EMPTY]))
                session = new_session(proxy.url, args.workers)
                session.account_id  # noqa: B018  (the identity call is not collection)
                before = proxy.requests
                started = time.perf_counter()
                snapshot = run_collectors(session, collectors, regions=[HOME, EMPTY], workers=args.workers, reads=reads)
                seconds = time.perf_counter() - started
                http = proxy.requests - before
                calls = session.recorder.calls
                kinds = per_kind(calls)
                found = Counter(i.resourceType for i in snapshot)
                found_groups = found_groups or found[TYPES["group"]]
                row = []
                for kind in ("bucket", "group", "user"):
                    n = found[TYPES[kind]] or counts[kind]
                    actual, least = kinds[kind] / n, floor.get(kind, 0) / n
                    ratio = f"{kinds[kind] / floor[kind]:.2f}x" if floor.get(kind) else "-"
                    row.append(f"{actual:5.2f} ({least:4.2f}, {ratio})")
                print(f"{label:<22} {seconds:7.1f} {session.recorder.total_calls:9} {http:7}   " + "   ".join(row))
                errors = Counter(f"{e.service} {e.api} {e.errorCode}" for e in snapshot.collectionErrors)
                if errors:
                    print(f"{'':<22} collection errors: " + ", ".join(f"{k} x{n}" for k, n in errors.most_common(4)))
            print(f"(security groups found: {found_groups}, with each VPC's default group)")

            print(f"\nrequests per (service, region) unit in the empty region {EMPTY}, collecting everything:")
            empty: dict[str, tuple[int, int]] = {}  # collector -> (requests, what it reads: types or settings)
            defaults: list[str] = []
            for collector in sorted(collectors, key=lambda c: c.name):
                if collector.is_global:
                    continue
                session = new_session(proxy.url, args.workers)
                session.account_id  # noqa: B018
                session.select_regions([EMPTY])
                start = session.recorder.total_calls
                snapshot = run_collectors(session, [collector], regions=[EMPTY], workers=1)
                made = session.recorder.total_calls - start - 1  # DescribeRegions of the region check
                if any(i.resourceType != "AWS::::Account" for i in snapshot):
                    defaults.append(f"{collector.name}={made}")  # moto's defaults (default VPC, its groups, ...)
                    continue
                types = {t for t in collector.resource_types if t != "AWS::::Account"}
                settings = {p for c in collector.calls for p in c.fills.get("AWS::::Account", ())}
                empty[collector.name] = (made, len(types) + len(settings))
            one = sorted(k for k, (made, _) in empty.items() if made <= 1)
            per_type = sorted(f"{k}={made}/{n}" for k, (made, n) in empty.items() if 1 < made <= n)
            over = sorted(f"{k}={made}/{n}" for k, (made, n) in empty.items() if made > max(n, 1))
            print(f"  nothing there, <= 1 request ({len(one)}): {', '.join(one)}")
            print(
                f"  nothing there, one list per independent resource type or setting ({len(per_type)}; "
                f"requests/types): {', '.join(per_type) or 'none'}"
            )
            print(f"  nothing there, more than one per type ({len(over)}): {', '.join(over) or 'none'}")
            print(f"  moto's default resources there (default VPC, ...): {', '.join(defaults)}")
            total = sum(made for made, _ in empty.values())
            print(f"  the empty region in all: {total} requests over {len(empty)} (service, region) units")

            session = new_session(proxy.url, args.workers)
            session.account_id  # noqa: B018
            before, start = proxy.requests, session.recorder.total_calls
            read = read_resources(session, ["arn:aws:s3:::bench-bucket-00004"], collectors)
            details = len([c for c in plugins.collectors["s3"].calls if c.per == "resource" and c.fills]) + 1
            print(
                f"\none --resource read of a bucket: {session.recorder.total_calls - start} requests "
                f"({proxy.requests - before} HTTP), {len(read.snapshot)} item; its own detail calls: {details} "
                f"(settings, policy status, tags) + 1 ListBuckets by prefix"
            )
    finally:
        server.stop()
    print(
        "\ntargets: CIS-only S3 <= 3.5 requests per bucket; every pack within 10% of its floor; "
        "an empty (service, region) <= 1 request"
    )


if __name__ == "__main__":
    main()
