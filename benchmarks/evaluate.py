"""Load and evaluation speed on a synthetic 100,000-item snapshot.

Times, in one run: plain ``json.load`` of the file (the baseline), our ``load_snapshot``, and the
evaluation of every built-in rule; prints each, the ratio (load + evaluate) / json.load and the
peak memory. Usage: ``python benchmarks/evaluate.py [--items N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
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


def _best(func, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "snapshot.json"
        path.write_text(json.dumps(generate(args.items)))
        size_mb = path.stat().st_size / 1e6

        def plain() -> object:
            with path.open() as handle:
                return json.load(handle)

        t_json, _ = _best(plain, args.repeat)
        t_load, snapshot = _best(lambda: load_snapshot(path), args.repeat)
        plugins = load_plugins(entry_points_enabled=False)
        rules, _ = select_rules(plugins)
        t_eval, result = _best(lambda: evaluate(snapshot, rules), args.repeat)

        tracemalloc.start()
        traced = evaluate(load_snapshot(path), rules)
        _, peak_traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    states = result.counts()
    print(
        f"snapshot: {args.items:,} configuration items, {size_mb:.1f} MB; {len(rules)} built-in rules; "
        f"best of {args.repeat}"
    )
    print(f"json.load           {t_json:8.3f} s   (baseline)")
    print(f"load_snapshot       {t_load:8.3f} s   {t_load / t_json:5.2f}x json.load")
    print(
        f"evaluate (all)      {t_eval:8.3f} s   {len(result.evaluations):,} evaluations, "
        f"{len(result.evaluations) / t_eval:,.0f}/s"
    )
    print(f"load + evaluate     {t_load + t_eval:8.3f} s   {(t_load + t_eval) / t_json:5.2f}x json.load")
    print(f"peak memory         {peak_traced / 1e6:8.1f} MB traced (load + evaluate), {peak_rss:.0f} MB max RSS")
    print("states: " + ", ".join(f"{k}={v:,}" for k, v in states.items()))
    assert len(traced.evaluations) == len(result.evaluations)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
