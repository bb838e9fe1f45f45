"""Events of the cache and broker services (ElastiCache, Amazon MQ, DAX) to the resources they change."""

from __future__ import annotations

import pytest

from compliance.events import resolve
from compliance.events.load import EventRecord
from tests.events.records import cloudtrail

CACHE_CLUSTER = "AWS::ElastiCache::CacheCluster"
REPLICATION_GROUP = "AWS::ElastiCache::ReplicationGroup"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            cloudtrail("elasticache", "CreateCacheCluster", {"cacheClusterId": "c1", "engine": "redis"}),
            [(CACHE_CLUSTER, "c1", False)],
        ),
        (
            cloudtrail("elasticache", "ModifyCacheCluster", {"cacheClusterId": "c1", "autoMinorVersionUpgrade": True}),
            [(CACHE_CLUSTER, "c1", False)],
        ),
        (cloudtrail("elasticache", "DeleteCacheCluster", {"cacheClusterId": "c1"}), [(CACHE_CLUSTER, "c1", True)]),
        (
            cloudtrail("elasticache", "ModifyReplicationGroup", {"replicationGroupId": "g1", "applyImmediately": True}),
            [(REPLICATION_GROUP, "g1", False)],
        ),
        (
            cloudtrail("elasticache", "ModifyReplicationGroupShardConfiguration", {"replicationGroupId": "g1"}),
            [(REPLICATION_GROUP, "g1", False)],
        ),
        (
            cloudtrail("elasticache", "DeleteReplicationGroup", {"replicationGroupId": "g1"}),
            [(REPLICATION_GROUP, "g1", True)],
        ),
    ],
)
def test_write_calls_map_to_their_resources(record, expected):
    batch = resolve([EventRecord(record, "test:0")], None)
    assert [(c.resource_type, c.ref, c.deleted) for c in batch.changes] == expected
