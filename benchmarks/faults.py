"""Scans under injected faults: the same verdicts as a clean scan, in bounded time.

Builds a small account in moto's server mode on 127.0.0.1, then runs whole ``compliance scan
--services s3,ec2,iam`` processes through a loopback proxy (compliance.fault_proxy) that
answers a share of requests with throttling errors or 503s. Prints, per fault rate, the wall
time (and its ratio to the clean run measured in the same invocation), HTTP requests, faults
injected, collection errors, and whether every verdict matches the clean run's.

    python benchmarks/faults.py                      # 0%, 10%, 30%, 50%
    python benchmarks/faults.py --rates 0.3 --resources 90

Needs ``moto[server]`` (the test extra). Figures go to stdout; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time

ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
}
os.environ.update(ENV)
for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(_name, None)

import boto3  # noqa: E402

REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(endpoint: str, per_kind: int) -> None:
    s3 = boto3.client("s3", region_name=REGION, endpoint_url=endpoint)
    iam = boto3.client("iam", region_name=REGION, endpoint_url=endpoint)
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=endpoint)
    for n in range(per_kind):
        bucket = f"faults-bucket-{n:04d}"
        s3.create_bucket(Bucket=bucket)
        if n % 2:
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        iam.create_user(UserName=f"faults-user-{n:04d}")
        if n % 3 == 0:
            iam.create_access_key(UserName=f"faults-user-{n:04d}")
        group = ec2.create_security_group(GroupName=f"faults-sg-{n:04d}", Description="bench")["GroupId"]
        if n % 2:
            ec2.authorize_security_group_ingress(
                GroupId=group,
                IpPermissions=[
                    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
                ],
            )


def scan(endpoint: str, workdir: str) -> tuple[float, dict, int]:
    """One whole CLI scan against ``endpoint``: (seconds, JSON report, exit code)."""
    report = os.path.join(workdir, "report.json")
    env = {**os.environ, "AWS_ENDPOINT_URL": endpoint, "COMPLIANCE_DATA_DIR": workdir}
    command = [sys.executable, "-m", "compliance", "scan", "--services", "s3,ec2,iam", "--regions", REGION, "-q"]
    command += ["--no-store", "--format", "json", "--output", report]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"scan failed ({done.returncode}): {done.stderr.strip()}")
    with open(report, encoding="utf-8") as handle:
        return seconds, json.load(handle), done.returncode


def verdicts(report: dict) -> set[tuple[str, str, str, str, str]]:
    return {
        (e["configRuleName"], e["resourceType"], e["resourceId"], e["awsRegion"], e["complianceType"])
        for e in report["evaluations"]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=60, help="resources to create, a third of each kind")
    parser.add_argument("--rates", default="0.1,0.3,0.5", help="fault rates to run (comma-separated)")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    from moto.server import ThreadedMotoServer

    from compliance.fault_proxy import FaultProxy

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    rows = []
    try:
        build(endpoint, max(1, args.resources // 3))
        with tempfile.TemporaryDirectory() as workdir:
            rates = [0.0] + [float(r) for r in args.rates.split(",") if r.strip()]
            baseline: set | None = None
            clean_seconds = 0.0
            for rate in rates:
                with FaultProxy(endpoint, rate=rate, seed=args.seed) as proxy:
                    seconds, report, code = scan(proxy.url, workdir)
                found = verdicts(report)
                if baseline is None:
                    baseline, clean_seconds = found, seconds
                differing = len(found ^ baseline)
                rows.append(
                    (
                        rate,
                        seconds,
                        seconds / clean_seconds,
                        proxy.requests,
                        proxy.faults,
                        len(found),
                        differing,
                        code,
                    )
                )
    finally:
        server.stop()

    print(f"resources created  {max(1, args.resources // 3) * 3} (buckets, IAM users, security groups)")
    print("fault rate  wall s  vs clean  HTTP requests  faults  evaluations  verdicts")
    for rate, seconds, ratio, requests, faults, count, differing, _code in rows:
        match = "identical" if not differing else f"{differing} differ"
        print(f"{rate:>9.0%}  {seconds:6.1f}  {ratio:7.2f}x  {requests:13d}  {faults:6d}  {count:11d}  {match}")


if __name__ == "__main__":
    main()
