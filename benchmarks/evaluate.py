"""Whole-process scan speed per report format on a synthetic 100,000-item snapshot.

In one run, on one AWS Config-format snapshot file (a superset of Config's snapshot file:
``fileVersion``, ``configSnapshotId``, ``configurationItems``), as separate processes, rounds
interleaved so that a busy machine slows every command alike:

* the baseline ``python -c 'json.load(...)'`` of the file;
* ``compliance scan --snapshot F --format FMT --output O --no-store`` for every format;
* the same JSON scan recording into a fresh SQLite history (``--store sqlite:PATH``): the
  recording's cost is its time minus the ``--no-store`` scan's;
* and in this process, the library path: ``load_snapshot`` and ``evaluate``.

Prints the median wall time of each, its ratio to the baseline's median, and each process's peak
resident memory beside the file's size. Usage:
``python benchmarks/evaluate.py [--items N] [--repeat R] [--formats json,csv,...]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compliance.evaluate import evaluate, select_rules
from compliance.plugins import load_plugins
from compliance.snapshot import load_snapshot

ACCOUNT = "111122223333"
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
# Share of each type in a typical account (EC2-heavy, many SGs and volumes, some buckets and users).
MIX = [
    ("AWS::EC2::Instance", 0.18),
    ("AWS::EC2::Volume", 0.22),
    ("AWS::EC2::SecurityGroup", 0.15),
    ("AWS::S3::Bucket", 0.10),
    ("AWS::IAM::User", 0.05),
    ("AWS::IAM::Role", 0.10),
    ("AWS::IAM::Policy", 0.06),
    ("AWS::EC2::VPC", 0.03),
    ("AWS::EC2::NetworkAcl", 0.04),
    ("AWS::KMS::Key", 0.03),
    ("AWS::RDS::DBInstance", 0.02),
    ("AWS::Lambda::Function", 0.02),
]


def _configuration(rtype: str, i: int, rng: random.Random) -> tuple[dict, dict]:
    if rtype == "AWS::S3::Bucket":
        supplementary = {
            "BucketVersioningConfiguration": {"status": rng.choice(["Enabled", "Off", "Suspended"])},
            "PublicAccessBlockConfiguration": {
                "blockPublicAcls": True,
                "ignorePublicAcls": True,
                "blockPublicPolicy": rng.random() < 0.9,
                "restrictPublicBuckets": True,
            },
        }
        if rng.random() < 0.8:
            supplementary["ServerSideEncryptionConfiguration"] = {
                "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]
            }
        return {"name": f"bucket-{i}", "creationDate": "2024-01-01T00:00:00Z"}, supplementary
    if rtype == "AWS::EC2::SecurityGroup":
        perms = [
            {
                "ipProtocol": "tcp",
                "fromPort": p,
                "toPort": p,
                "ipv4Ranges": [{"cidrIp": rng.choice(["0.0.0.0/0", "10.0.0.0/8", "192.168.1.0/24"])}],
                "ipv6Ranges": [],
                "prefixListIds": [],
                "userIdGroupPairs": [],
            }
            for p in rng.sample([22, 80, 443, 3389, 5432, 8080], k=rng.randint(1, 4))
        ]
        return {
            "groupId": f"sg-{i:017x}",
            "groupName": f"sg-{i}",
            "vpcId": "vpc-1",
            "ipPermissions": perms,
            "ipPermissionsEgress": [{"ipProtocol": "-1", "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}],
        }, {}
    if rtype == "AWS::EC2::Volume":
        attached = rng.random() < 0.8
        return {
            "volumeId": f"vol-{i:017x}",
            "encrypted": rng.random() < 0.7,
            "size": rng.choice([8, 20, 100]),
            "volumeType": "gp3",
            "attachments": [{"instanceId": f"i-{i:017x}", "state": "attached"}] if attached else [],
        }, {}
    if rtype == "AWS::EC2::Instance":
        return {
            "instanceId": f"i-{i:017x}",
            "instanceType": rng.choice(["t3.micro", "m5.large", "c6g.xlarge"]),
            "metadataOptions": {"httpTokens": rng.choice(["required", "optional"]), "httpEndpoint": "enabled"},
            "securityGroups": [{"groupId": f"sg-{rng.randint(0, 999):017x}"}],
            "tags": [],
            "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeId": f"vol-{i:017x}"}}],
            "privateIpAddress": f"10.0.{i % 256}.{i % 200}",
        }, {}
    if rtype == "AWS::IAM::Policy":
        document = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"arn:aws:s3:::bucket-{i}/*"}],
        }
        return {
            "policyName": f"p-{i}",
            "policyVersionList": [{"document": json.dumps(document), "isDefaultVersion": True}],
        }, {}
    return {"name": f"{rtype.split('::')[-1].lower()}-{i}", "arn": f"arn:aws:x:::{i}", "description": "x" * 40}, {}


def generate(count: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    items = []
    types = [t for t, _ in MIX]
    weights = [w for _, w in MIX]
    account = {
        "resourceType": "AWS::::Account",
        "resourceId": ACCOUNT,
        "accountId": ACCOUNT,
        "awsRegion": "global",
        "configuration": {
            "passwordPolicy": {"minimumPasswordLength": 12},
            "credentialReport": [],
            "accountSummary": {"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0},
        },
    }
    items.append(account)
    for i in range(count - 1):
        rtype = rng.choices(types, weights)[0]
        configuration, supplementary = _configuration(rtype, i, rng)
        region = "global" if rtype.startswith("AWS::IAM::") else rng.choice(REGIONS)
        items.append(
            {
                "version": "1.3",
                "accountId": ACCOUNT,
                "awsRegion": region,
                "resourceType": rtype,
                "resourceId": f"{rtype.split('::')[-1].lower()}-{i}",
                "arn": f"arn:aws:x:{region}:{ACCOUNT}:{i}",
                "configurationItemCaptureTime": "2026-11-01T00:00:00Z",
                "configurationItemStatus": "OK",
                "configurationStateId": str(i),
                "configurationItemMD5Hash": f"{i:032x}",
                "tags": {"team": rng.choice(["web", "data", "ops"]), "env": rng.choice(["prod", "dev"])},
                "relationships": [
                    {"resourceType": "AWS::EC2::VPC", "resourceId": "vpc-1", "relationshipName": "Is contained in Vpc"}
                ],
                "configuration": configuration,
                "supplementaryConfiguration": supplementary,
            }
        )
    return {
        "fileVersion": "1.0",
        "configSnapshotId": "bench",
        "configurationItems": items,
        "accountIds": [ACCOUNT],
        "regions": REGIONS,
        "toolVersion": "bench",
        "resourceTypesCollected": types + ["AWS::::Account", "AWS::CloudTrail::Trail"],
        "collectionErrors": [],
    }


FORMATS = ("json", "table", "csv", "sarif", "junit", "markdown", "asff", "ocsf", "html")
BASELINE = "json.load"
RECORD = "json + record"


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("compliance")
    return [str(script)] if script.exists() else [sys.executable, "-m", "compliance"]


def _commands(path: Path, out: Path, formats: list[str]) -> dict[str, list[str]]:
    commands = {BASELINE: [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1]))", str(path)]}
    for fmt in formats:
        commands[fmt] = [*_cli(), "scan", "--snapshot", str(path), "--format", fmt, "--output", str(out / fmt)]
        commands[fmt].append("--no-store")
    if "json" in formats:
        commands[RECORD] = [*_cli(), "scan", "--snapshot", str(path), "--format", "json"]
        commands[RECORD] += ["--output", str(out / "recorded.json"), "--store", f"sqlite:{out / 'history.db'}"]
    return commands


def _run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):  # 1: the gate failed, as it does on this snapshot
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr.strip()}")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def _library(path: Path, repeat: int) -> tuple[float, float, int]:
    rules, packs = select_rules(load_plugins(entry_points_enabled=False))
    loads, evals, count = [], [], 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        snapshot = load_snapshot(path)
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        count = len(evaluate(snapshot, rules, packs).evaluations)
        evals.append(time.perf_counter() - start)
        del snapshot
    return statistics.median(loads), statistics.median(evals), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: every format)")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "snapshot.json"
        path.write_text(json.dumps(generate(args.items)))
        size_mb = path.stat().st_size / 1e6
        out = Path(tmp) / "out"
        out.mkdir()
        commands = _commands(path, out, formats)
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
        for round_ in range(args.repeat):
            for name, command in commands.items():
                if name == RECORD:
                    (out / "history.db").unlink(missing_ok=True)  # each recording starts from an empty store
                elapsed, peak = _run(command)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
                print(f"  round {round_ + 1}: {name:<14} {elapsed:7.2f} s {peak:7.0f} MB", file=sys.stderr)
        sizes = {fmt: (out / fmt).stat().st_size / 1e6 for fmt in formats}
        t_load, t_eval, count = _library(path, args.repeat)
        shutil.rmtree(out, ignore_errors=True)

    median = {name: statistics.median(values) for name, values in times.items()}
    base = median[BASELINE]
    print(
        f"snapshot: {args.items:,} configuration items, {size_mb:.1f} MB; {count:,} evaluations; "
        f"median of {args.repeat} interleaved rounds; {os.cpu_count()} CPUs"
    )
    print(f"{'process':<28} {'median s':>9} {'x json.load':>12} {'peak RSS MB':>12} {'x file':>7} {'output MB':>10}")
    for name, seconds in median.items():
        label = "python -c json.load" if name == BASELINE else f"scan --format {name}"
        if name == RECORD:
            label = "scan --format json --store"
        size = f"{sizes[name]:10.1f}" if name in sizes else " " * 10
        print(
            f"{label:<28} {seconds:9.2f} {seconds / base:12.2f} {peaks[name]:12.0f} {peaks[name] / size_mb:7.2f} {size}"
        )
    if RECORD in median:
        recording = median[RECORD] - median["json"]
        print(f"recording into SQLite history {recording:6.2f} s = {recording / median['json']:.2f}x the scan's time")
    print(
        f"library: load_snapshot {t_load:.2f} s ({t_load / base:.2f}x), "
        f"evaluate {t_eval:.2f} s ({t_eval / base:.2f}x)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
