"""Benchmark the SQLite history store: an account scanned daily, a small share changing each day.

Default: 10,000 resources, 365 daily scans, 1% of resources changed per day, two evaluations per
resource (each changes with its item). Prints the store's size against one snapshot file, the time
to record a scan, and the time to reconstruct the state at random past days. Targets: the store
within 5x one snapshot file; any past day in under 1 s.

    python benchmarks/history.py                       # the full year (several minutes)
    python benchmarks/history.py --days 30 --resources 2000
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder is sys.path[0]; keep its other modules (an org.py is imported by the
# standard library's copy module when it exists) from shadowing anything.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse  # noqa: E402
import gzip  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

from compliance.history import open_store  # noqa: E402
from compliance.model import ComplianceType, ConfigurationItem, Evaluation, Relationship, Snapshot  # noqa: E402
from compliance.snapshot import dump_snapshot  # noqa: E402

ACCOUNT = "111122223333"
REGIONS = ("us-east-1", "eu-west-1")
TYPES = ("AWS::EC2::SecurityGroup", "AWS::EC2::Volume", "AWS::EC2::Instance", "AWS::S3::Bucket")


def _configuration(kind: str, n: int, revision: int, rng: random.Random) -> dict:
    """A realistic-sized configuration (about 1-2 KB of JSON) for each resource type."""
    if kind == "AWS::EC2::SecurityGroup":
        return {
            "groupId": f"sg-{n:017x}",
            "groupName": f"group-{n}",
            "description": f"security group {n} revision {revision}",
            "vpcId": f"vpc-{n % 50:017x}",
            "ownerId": ACCOUNT,
            "ipPermissions": [
                {
                    "ipProtocol": "tcp",
                    "fromPort": port,
                    "toPort": port,
                    "ipv4Ranges": [{"cidrIp": f"10.{rng.randrange(256)}.0.0/16", "description": "office"}],
                    "ipv6Ranges": [],
                    "prefixListIds": [],
                    "userIdGroupPairs": [],
                }
                for port in (22, 443, 8080)[: 1 + n % 3]
            ],
            "ipPermissionsEgress": [{"ipProtocol": "-1", "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}],
        }
    if kind == "AWS::EC2::Volume":
        return {
            "volumeId": f"vol-{n:017x}",
            "size": 8 + revision,
            "volumeType": "gp3",
            "iops": 3000,
            "throughput": 125,
            "encrypted": n % 4 != 0,
            "kmsKeyId": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{n:08x}-1111-2222-3333-444455556666",
            "state": "in-use",
            "createTime": "2024-01-01T00:00:00.000Z",
            "availabilityZone": "us-east-1a",
            "attachments": [
                {"instanceId": f"i-{n:017x}", "device": "/dev/xvda", "state": "attached", "deleteOnTermination": True}
            ],
            "multiAttachEnabled": False,
        }
    if kind == "AWS::EC2::Instance":
        return {
            "instanceId": f"i-{n:017x}",
            "imageId": f"ami-{n % 20:017x}",
            "instanceType": ("t3.micro", "m5.large", "c6g.xlarge")[(n + revision) % 3],
            "state": {"code": 16, "name": "running"},
            "privateIpAddress": f"10.0.{n % 256}.{(n // 256) % 256}",
            "subnetId": f"subnet-{n % 30:017x}",
            "vpcId": f"vpc-{n % 50:017x}",
            "metadataOptions": {"httpTokens": "required", "httpEndpoint": "enabled", "httpPutResponseHopLimit": 2},
            "iamInstanceProfile": {"arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/app-{n % 10}"},
            "securityGroups": [{"groupId": f"sg-{n:017x}", "groupName": f"group-{n}"}],
            "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeId": f"vol-{n:017x}"}}],
            "monitoring": {"state": "disabled"},
            "launchTime": "2024-01-01T00:00:00.000Z",
            "userData": {"redacted": True, "sha256": f"{n:064x}"},
        }
    return {
        "name": f"bucket-{n}",
        "creationDate": "2024-01-01T00:00:00.000Z",
        "owner": {"id": f"{n:064x}"},
    }


def _item(n: int, revision: int, day: datetime, rng: random.Random) -> ConfigurationItem:
    kind = TYPES[n % len(TYPES)]
    region = REGIONS[n % len(REGIONS)]
    resource_id = f"res-{n:06d}"
    supplementary = {}
    if kind == "AWS::S3::Bucket":
        supplementary = {
            "BucketVersioningConfiguration": {"status": "Enabled" if (n + revision) % 2 else "Suspended"},
            "PublicAccessBlockConfiguration": {
                "blockPublicAcls": True,
                "ignorePublicAcls": True,
                "blockPublicPolicy": True,
                "restrictPublicBuckets": True,
            },
            "ServerSideEncryptionConfiguration": {
                "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms"}}]
            },
            "BucketLoggingConfiguration": {"destinationBucketName": "access-logs", "logFilePrefix": resource_id},
        }
    return ConfigurationItem(
        resourceType=kind,
        resourceId=resource_id,
        accountId=ACCOUNT,
        awsRegion=region,
        arn=f"arn:aws:ec2:{region}:{ACCOUNT}:resource/{resource_id}",
        resourceName=f"name-{n}",
        configurationItemCaptureTime=day.isoformat().replace("+00:00", "Z"),
        tags={"team": f"team-{n % 12}", "env": ("prod", "dev", "staging")[n % 3], "revision": str(revision)},
        relationships=[Relationship("AWS::EC2::VPC", f"vpc-{n % 50:017x}", None, "Is contained in Vpc")],
        configuration=_configuration(kind, n, revision, rng),
        supplementaryConfiguration=supplementary,
    )


def _evaluations(ci: ConfigurationItem) -> list[Evaluation]:
    """Two evaluations per resource; both change when the item does (they carry its hash)."""
    out = []
    revision = int(ci.tags["revision"])
    md5 = ci.compute_hash()
    for rule in ("synthetic-tagged", "synthetic-revision-even"):
        state = ComplianceType.COMPLIANT if rule == "synthetic-tagged" or revision % 2 == 0 else "NON_COMPLIANT"
        out.append(
            Evaluation(
                configRuleName=rule,
                ruleId=rule,
                resourceType=ci.resourceType,
                resourceId=ci.resourceId,
                complianceType=ComplianceType(state),
                annotation=f"revision {revision}",
                accountId=ci.accountId,
                awsRegion=ci.awsRegion,
                arn=ci.arn,
                configurationItemMD5Hash=md5,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--change-rate", type=float, default=0.01, help="share of resources changed per day")
    parser.add_argument("--samples", type=int, default=10, help="random past days to reconstruct")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", help="keep the store and snapshot file here (default: a temporary directory)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="compliance-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "history.db"
    db.unlink(missing_ok=True)
    start = datetime(2025, 1, 1, 6, tzinfo=UTC)
    revisions = [0] * args.resources
    items = [_item(n, 0, start, rng) for n in range(args.resources)]
    evaluations_by_resource = [_evaluations(ci) for ci in items]  # regenerated only for changed resources
    changes = max(1, round(args.resources * args.change_rate))
    record_times: list[float] = []
    record_cpu: list[float] = []  # CPU time too: on a shared machine wall time measures the neighbours
    print(f"{args.resources} resources, {args.days} daily scans, {changes} changed per day -> {db}", file=sys.stderr)
    with open_store(str(db)) as store:
        for day_index in range(args.days):
            day = start + timedelta(days=day_index)
            if day_index:
                for n in rng.sample(range(args.resources), changes):
                    revisions[n] += 1
                    items[n] = _item(n, revisions[n], day, rng)
                    evaluations_by_resource[n] = _evaluations(items[n])
            snapshot = Snapshot(
                configurationItems=list(items),
                accountIds=[ACCOUNT],
                regions=list(REGIONS),
                captureTime=day.isoformat().replace("+00:00", "Z"),
                resourceTypesCollected=list(TYPES),
            )
            evaluations = [e for group in evaluations_by_resource for e in group]
            began, began_cpu = time.perf_counter(), time.process_time()
            store.record(snapshot, evaluations)
            record_times.append(time.perf_counter() - began)
            record_cpu.append(time.process_time() - began_cpu)
            if day_index % 30 == 0:
                print(f"  day {day_index}: recorded in {record_times[-1]:.2f} s", file=sys.stderr)
        snapshot_file = workdir / "snapshot.json"
        dump_snapshot(snapshot, snapshot_file)
        snapshot_bytes = snapshot_file.stat().st_size
        gzip_bytes = len(gzip.compress(snapshot_file.read_bytes()))
        store_bytes = db.stat().st_size
        sample_days = sorted(rng.sample(range(args.days), min(args.samples, args.days)))
        reconstruct: list[float] = []
        reconstruct_cpu: list[float] = []
        for day_index in sample_days:
            at = (start + timedelta(days=day_index, hours=1)).isoformat()
            began, began_cpu = time.perf_counter(), time.process_time()
            state = store.state(store.at_time(at))
            reconstruct.append(time.perf_counter() - began)
            reconstruct_cpu.append(time.process_time() - began_cpu)
            assert len(state.configurationItems) == args.resources, len(state.configurationItems)
        began = time.perf_counter()
        report = store.verify()
        verify_seconds = time.perf_counter() - began
        assert report.ok, report.reason

    steady = record_times[1:] or record_times
    print(f"resources x days:              {args.resources} x {args.days} ({changes} changes/day)")
    print(f"one snapshot file:             {snapshot_bytes / 1e6:.1f} MB ({gzip_bytes / 1e6:.1f} MB gzipped)")
    print(f"history store (SQLite):        {store_bytes / 1e6:.1f} MB")
    ratio = store_bytes / snapshot_bytes
    print(f"store / one snapshot file:     {ratio:.2f}x  (target <= 5x: {'met' if ratio <= 5 else 'MISSED'})")
    print(f"record first scan:             {record_times[0]:.2f} s")
    steady_cpu = record_cpu[1:] or record_cpu
    print(
        f"record a daily scan:           median {statistics.median(steady):.2f} s, max {max(steady):.2f} s "
        f"(CPU median {statistics.median(steady_cpu):.2f} s)"
    )
    worst = max(reconstruct)
    print(
        f"reconstruct a past day:        median {statistics.median(reconstruct):.2f} s, max {worst:.2f} s "
        f"over {len(reconstruct)} random days (target < 1 s: {'met' if worst < 1 else 'MISSED'}); "
        f"CPU median {statistics.median(reconstruct_cpu):.2f} s, max {max(reconstruct_cpu):.2f} s"
    )
    print(f"verify the whole chain:        {verify_seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
