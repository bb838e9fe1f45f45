import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.elasticache import CLUSTER, COLLECTORS, GROUP

ELASTICACHE = COLLECTORS[0]
ARN = "arn:aws:elasticache:us-east-1:123456789012:{}"
TOKEN = "auth-token-never-recorded-0123"


def _caches() -> None:
    elasticache = boto3.client("elasticache", region_name="us-east-1")
    elasticache.create_cache_cluster(
        CacheClusterId="sessions", Engine="redis", CacheNodeType="cache.t3.micro", NumCacheNodes=1,
        AutoMinorVersionUpgrade=True, SnapshotRetentionLimit=7, CacheSubnetGroupName="private",
    )  # fmt: skip
    elasticache.create_cache_cluster(
        CacheClusterId="pages", Engine="memcached", CacheNodeType="cache.t3.micro", NumCacheNodes=2,
        AutoMinorVersionUpgrade=False, CacheSubnetGroupName="default",
    )  # fmt: skip
    elasticache.create_replication_group(
        ReplicationGroupId="orders", ReplicationGroupDescription="orders", Engine="redis",
        CacheNodeType="cache.t3.micro", NumCacheClusters=2, AutomaticFailoverEnabled=True,
        AtRestEncryptionEnabled=True, TransitEncryptionEnabled=True, AuthToken=TOKEN, SnapshotRetentionLimit=5,
    )  # fmt: skip
    elasticache.create_replication_group(
        ReplicationGroupId="scratch", ReplicationGroupDescription="scratch", Engine="redis",
        CacheNodeType="cache.t3.micro", NumCacheClusters=1,
    )  # fmt: skip


@mock_aws
def test_clusters_and_groups_as_the_api_spells_them():
    _caches()
    items, errors = run(ELASTICACHE)
    assert errors == []
    sessions = one(items, CLUSTER, "sessions")
    assert (sessions.arn, sessions.resourceName) == (ARN.format("cluster:sessions"), "sessions")
    assert sessions.get("configuration.Engine") == "redis"
    assert sessions.get("configuration.AutoMinorVersionUpgrade") is True
    assert sessions.get("configuration.SnapshotRetentionLimit") == 7
    assert sessions.get("configuration.CacheSubnetGroupName") == "private"
    pages = one(items, CLUSTER, "pages")
    assert pages.get("configuration.AutoMinorVersionUpgrade") is False
    assert pages.get("configuration.CacheSubnetGroupName") == "default"
    orders = one(items, GROUP, "orders")
    assert orders.arn == ARN.format("replicationgroup:orders")
    assert orders.get("configuration.AutomaticFailover") == "enabled"
    assert orders.get("configuration.AtRestEncryptionEnabled") is True
    assert orders.get("configuration.TransitEncryptionEnabled") is True
    assert orders.get("configuration.AuthTokenEnabled") is True
    assert orders.get("configuration.SnapshotRetentionLimit") == 5
    assert isinstance(orders.get("configuration.ReplicationGroupCreateTime"), str)
    scratch = one(items, GROUP, "scratch")
    assert scratch.get("configuration.AutomaticFailover") == "disabled"
    assert scratch.get("configuration.AtRestEncryptionEnabled") is False
    assert scratch.get("configuration.AuthTokenEnabled") is False
    assert TOKEN not in str([i.to_dict() for i in items])


@mock_aws
def test_a_denied_list_is_an_error_and_the_other_type_is_still_read():
    _caches()
    items, errors = run(ELASTICACHE, deny={"elasticache": ["DescribeReplicationGroups"]})
    assert [(e.api, e.resourceTypes) for e in errors] == [("DescribeReplicationGroups", [GROUP])]
    assert {i.resourceType for i in items} == {CLUSTER}


@mock_aws
def test_an_empty_region_costs_one_request_per_type():
    calls: list[str] = []
    ctx = context()
    ctx.client("elasticache", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(ELASTICACHE.collect(ctx)) == []
    assert calls == ["DescribeCacheClusters", "DescribeReplicationGroups"]


@mock_aws
def test_one_cluster_or_group_by_id_or_arn():
    _caches()
    ctx = context()
    assert ELASTICACHE.read_one(ctx, "sessions").resourceType == CLUSTER
    assert ELASTICACHE.read_one(ctx, ARN.format("cluster:pages")).resourceId == "pages"
    group = ELASTICACHE.read_one(ctx, ARN.format("replicationgroup:orders"))
    assert (group.resourceType, group.resourceId) == (GROUP, "orders")
    assert ELASTICACHE.read_one(ctx, "gone") is None
