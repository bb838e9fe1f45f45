"""ElastiCache cache clusters and replication groups, as data (:mod:`compliance.collect.spec`):
DescribeCacheClusters and DescribeReplicationGroups, one call each per region, nothing per resource.

AWS Config publishes no property schema for ``AWS::ElastiCache::CacheCluster`` or
``AWS::ElastiCache::ReplicationGroup``; the items keep the API's own PascalCase keys
(``AutoMinorVersionUpgrade``, ``SnapshotRetentionLimit``, ``CacheSubnetGroupName``,
``AutomaticFailover``, ``AtRestEncryptionEnabled``, ``TransitEncryptionEnabled``, ``AuthTokenEnabled``),
resource id the cluster or group id, ARN the API's ``ARN``. The API never returns an AUTH token, only
whether one is set. Node endpoints are not asked for (``ShowCacheNodeInfo`` off); tags, which need a call
per resource, are left out."""

from __future__ import annotations

from compliance.collect.spec import ResourceSpec, spec_collector

CLUSTER = "AWS::ElastiCache::CacheCluster"
GROUP = "AWS::ElastiCache::ReplicationGroup"

COLLECTORS = [
    spec_collector(
        "elasticache",
        "elasticache",
        (
            ResourceSpec(
                CLUSTER,
                "DescribeCacheClusters",
                "CacheClusters",
                "CacheClusterId",
                arn="ARN",
                name_key="CacheClusterId",
                casing="api",
                tags_key=None,
                one=lambda cluster_id: {"CacheClusterId": cluster_id},
            ),
            ResourceSpec(
                GROUP,
                "DescribeReplicationGroups",
                "ReplicationGroups",
                "ReplicationGroupId",
                arn="ARN",
                name_key="ReplicationGroupId",
                casing="api",
                tags_key=None,
                one=lambda group_id: {"ReplicationGroupId": group_id},
            ),
        ),
        description="ElastiCache clusters and replication groups: backups, upgrades, failover, encryption, AUTH",
    )
]
