"""Demo ElastiCache: a Redis OSS cluster and replication group kept the recommended way (backups, minor
upgrades, a private subnet group, failover, encryption, AUTH), and a bare cluster and group (ElastiCache.1-7)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from compliance.demo._clock import DEMO_SEED

SECRETS = ("demo-redis-auth-token-Xq8v2Lm4",)
NODE = {"CacheNodeType": "cache.t3.micro", "Engine": "redis"}


@contextmanager
def _fixed_endpoints() -> Iterator[None]:
    """The simulator names replication group endpoints with Python's own random module (not the seeded
    identifier source): seeded here for the groups' creation, the caller's random state restored after."""
    state = random.getstate()
    random.seed(f"{DEMO_SEED}:elasticache")
    try:
        yield
    finally:
        random.setstate(state)


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    ec2 = session.client("ec2", region_name=region)
    default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default_vpc]}])["Subnets"]
    elasticache = session.client("elasticache", region_name=region)
    elasticache.create_cache_subnet_group(
        CacheSubnetGroupName="sessions-private",
        CacheSubnetGroupDescription="sessions cache",
        SubnetIds=sorted(s["SubnetId"] for s in subnets)[:2],
    )
    elasticache.create_cache_cluster(
        CacheClusterId="sessions", NumCacheNodes=1, AutoMinorVersionUpgrade=True, SnapshotRetentionLimit=7,
        CacheSubnetGroupName="sessions-private", **NODE,
    )  # fmt: skip
    elasticache.create_cache_cluster(
        CacheClusterId="scratch", NumCacheNodes=1, AutoMinorVersionUpgrade=False, SnapshotRetentionLimit=0,
        CacheSubnetGroupName="default", **NODE,
    )  # fmt: skip
    with _fixed_endpoints():
        _groups(elasticache)


def _groups(elasticache: Any) -> None:
    elasticache.create_replication_group(
        ReplicationGroupId="carts", ReplicationGroupDescription="shopping carts", NumCacheClusters=2,
        AutomaticFailoverEnabled=True, MultiAZEnabled=True, AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True, AuthToken=SECRETS[0], SnapshotRetentionLimit=7,
        CacheSubnetGroupName="sessions-private", **NODE,
    )  # fmt: skip
    elasticache.create_replication_group(
        ReplicationGroupId="leaderboard", ReplicationGroupDescription="game leaderboard", NumCacheClusters=1, **NODE
    )
