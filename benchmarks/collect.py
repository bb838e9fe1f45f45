"""Collection benchmark: build an account of N resources in moto's server mode on 127.0.0.1,
collect it with the built-in S3, IAM and EC2 collectors over real HTTP, and print wall time,
API requests, requests per resource and items per second, plus the request economy per
S3 bucket, per IAM user, and for security groups + volumes + VPCs.

    python benchmarks/collect.py                # about 3,000 resources
    python benchmarks/collect.py --resources 600 --workers 8

Needs ``moto[server]`` (the test extra). Figures go to stdout; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

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

REGION = "us-east-1"
SERVICES = ["iam", "s3", "ec2"]
# Share of N per resource kind.
MIX = {"buckets": 0.15, "users": 0.35, "security_groups": 0.25, "volumes": 0.2, "vpcs": 0.05}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(endpoint: str, counts: dict[str, int], threads: int) -> None:
    config = Config(max_pool_connections=threads * 2, retries={"mode": "standard", "total_max_attempts": 5})
    session = boto3.Session(region_name=REGION)
    s3 = session.client("s3", endpoint_url=endpoint, config=config)
    iam = session.client("iam", endpoint_url=endpoint, config=config)
    ec2 = session.client("ec2", endpoint_url=endpoint, config=config)
    vpcs = [ec2.create_vpc(CidrBlock=f"10.{n % 250}.0.0/16")["Vpc"]["VpcId"] for n in range(counts["vpcs"])]
    vpcs.append(next(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["IsDefault"]))

    def bucket(n: int) -> None:
        name = f"bench-bucket-{n:05d}"
        s3.create_bucket(Bucket=name)
        if n % 2 == 0:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if n % 4 == 0:
            policy = {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": f"arn:aws:s3:::{name}/*"}
                ],
            }
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))

    def user(n: int) -> None:
        name = f"bench-user-{n:05d}"
        iam.create_user(UserName=name)
        if n % 2 == 0:
            iam.create_access_key(UserName=name)
        if n % 3 == 0:
            iam.create_login_profile(UserName=name, Password="Bench-passw0rd-1!")

    def group(n: int) -> None:
        ec2.create_security_group(GroupName=f"bench-sg-{n:05d}", Description="bench", VpcId=vpcs[n % len(vpcs)])

    def volume(n: int) -> None:
        ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=1, Encrypted=n % 2 == 0)

    with ThreadPoolExecutor(threads) as pool:
        for fn, key in ((bucket, "buckets"), (user, "users"), (group, "security_groups"), (volume, "volumes")):
            list(pool.map(fn, range(counts[key])))


def _strip_account(url: str) -> str:
    return url.replace("://123456789012.", "://")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=3000, help="resources to create (default 3000)")
    parser.add_argument("--workers", type=int, default=None, help="collector workers (default: the runner's)")
    parser.add_argument("--build-threads", type=int, default=8)
    args = parser.parse_args()

    import logging

    from moto.server import ThreadedMotoServer

    from compliance.collect.runner import DEFAULT_WORKERS, run_collectors, select_collectors
    from compliance.collect.session import AwsSession
    from compliance.plugins import load_plugins

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    counts = {kind: max(1, int(args.resources * share)) for kind, share in MIX.items()}
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        build(endpoint, counts, args.build_threads)
        build_seconds = time.perf_counter() - started

        workers = args.workers or DEFAULT_WORKERS
        session = AwsSession(region=REGION, endpoint_url=endpoint, max_pool_connections=max(10, workers * 2))
        # S3 Control puts the account id in the host name, which 127.0.0.1 cannot serve.
        session.boto_session.events.register_first(
            "before-send.s3-control", lambda request, **_: setattr(request, "url", _strip_account(request.url))
        )
        collectors = select_collectors(load_plugins(entry_points_enabled=False).collectors.values(), SERVICES)
        started = time.perf_counter()
        units: list = []
        snapshot = run_collectors(session, collectors, regions=[REGION], workers=workers, unit_results=units)
        seconds = time.perf_counter() - started
    finally:
        server.stop()

    calls = session.recorder.calls
    by_service: Counter[str] = Counter()
    for (service, _), n in calls.items():
        by_service[service] += n
    total_calls = sum(calls.values())
    created = sum(counts.values())
    types = Counter(i.resourceType for i in snapshot)
    s3_requests = by_service["s3"] + by_service["resourcegroupstaggingapi"] + by_service["s3control"]
    network = sum(calls.get(("ec2", op), 0) for op in ("DescribeSecurityGroups", "DescribeVolumes", "DescribeVpcs"))
    network_items = sum(types[t] for t in ("AWS::EC2::SecurityGroup", "AWS::EC2::Volume", "AWS::EC2::VPC"))

    print(f"resources created        {created} {dict(counts)} (build {build_seconds:.1f} s)")
    print(f"workers                  {workers}")
    print(f"collection wall time     {seconds:.2f} s")
    print(f"configuration items      {len(snapshot)} ({len(snapshot) / seconds:.0f} items/s)")
    print(f"API requests (calls)     {total_calls} ({session.recorder.attempts} HTTP attempts incl. retries)")
    print(f"requests per resource    {total_calls / created:.2f}")
    print(f"requests per S3 bucket   {s3_requests / counts['buckets']:.2f} (target <= 7)")
    print(f"requests per IAM user    {by_service['iam'] / counts['users']:.3f} (target <= 1)")
    print(f"SG+volume+VPC requests   {network} for {network_items} items (pages, not resources)")
    print("unit durations           " + ", ".join(f"{u.collector.name}={u.seconds:.1f}s" for u in units))
    print(f"collection errors        {len(snapshot.collectionErrors)}")
    for error in snapshot.collectionErrors[:5]:
        print(f"  {error.service} {error.api} {error.region}: {error.errorCode}: {error.message}")
    print("requests by API          " + ", ".join(f"{s}:{o}={n}" for (s, o), n in sorted(calls.items())))


if __name__ == "__main__":
    main()
