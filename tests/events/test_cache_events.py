"""Events of the cache and broker services (ElastiCache, Amazon MQ, DAX) to the resources they change."""

from __future__ import annotations

import pytest

from compliance.events import resolve
from compliance.events.load import EventRecord
from tests.events.records import cloudtrail

CACHE_CLUSTER = "AWS::ElastiCache::CacheCluster"
REPLICATION_GROUP = "AWS::ElastiCache::ReplicationGroup"
BROKER = "AWS::AmazonMQ::Broker"
DAX = "AWS::DAX::Cluster"
BROKER_ID = "b-1234a5b6-78cd-901e-2fab-3c45d6e178f9"


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
        (
            cloudtrail("amazonmq", "CreateBroker", {"brokerName": "orders"}, {"brokerId": BROKER_ID}),
            [(BROKER, BROKER_ID, False)],
        ),
        (
            cloudtrail("amazonmq", "UpdateBroker", {"brokerId": BROKER_ID, "logs": {"audit": True}}),
            [(BROKER, BROKER_ID, False)],
        ),
        (
            cloudtrail("amazonmq", "DeleteUser", {"brokerId": BROKER_ID, "username": "app"}),
            [(BROKER, BROKER_ID, False)],
        ),
        (cloudtrail("amazonmq", "DeleteBroker", {"brokerId": BROKER_ID}), [(BROKER, BROKER_ID, True)]),
        (
            cloudtrail("dax", "CreateCluster", {"clusterName": "reads", "nodeType": "dax.r5.large"}),
            [(DAX, "reads", False)],
        ),
        (cloudtrail("dax", "IncreaseReplicationFactor", {"clusterName": "reads"}), [(DAX, "reads", False)]),
        (cloudtrail("dax", "DeleteCluster", {"clusterName": "reads"}), [(DAX, "reads", True)]),
    ],
)
def test_write_calls_map_to_their_resources(record, expected):
    batch = resolve([EventRecord(record, "test:0")], None)
    assert [(c.resource_type, c.ref, c.deleted) for c in batch.changes] == expected
