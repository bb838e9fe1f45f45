"""Cache and broker rules (ElastiCache, Amazon MQ, DAX) on resources created in a simulated account (moto) and read
by the real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

CACHE_CLUSTER = "AWS::ElastiCache::CacheCluster"
REPLICATION_GROUP = "AWS::ElastiCache::ReplicationGroup"
BROKER = "AWS::AmazonMQ::Broker"
DAX = "AWS::DAX::Cluster"
NODE = {"CacheNodeType": "cache.t3.micro"}


def _caches(session: boto3.Session) -> None:
    elasticache = session.client("elasticache", region_name=REGION)
    elasticache.create_cache_cluster(
        CacheClusterId="kept", Engine="redis", NumCacheNodes=1, AutoMinorVersionUpgrade=True,
        SnapshotRetentionLimit=7, CacheSubnetGroupName="private", **NODE,
    )  # fmt: skip
    elasticache.create_cache_cluster(
        CacheClusterId="bare", Engine="redis", NumCacheNodes=1, AutoMinorVersionUpgrade=False,
        SnapshotRetentionLimit=0, CacheSubnetGroupName="default", **NODE,
    )  # fmt: skip
    elasticache.create_cache_cluster(CacheClusterId="memcached", Engine="memcached", NumCacheNodes=1, **NODE)
    elasticache.create_replication_group(
        ReplicationGroupId="kept-group", ReplicationGroupDescription="kept", Engine="redis", NumCacheClusters=2,
        AutomaticFailoverEnabled=True, AtRestEncryptionEnabled=True, TransitEncryptionEnabled=True,
        AuthToken="auth-token-for-the-test-0123", SnapshotRetentionLimit=5, **NODE,
    )  # fmt: skip
    elasticache.create_replication_group(
        ReplicationGroupId="bare-group", ReplicationGroupDescription="bare", Engine="redis", NumCacheClusters=1,
        **NODE,
    )  # fmt: skip


@pytest.fixture(scope="module")
def elasticache_snapshot() -> Snapshot:
    return collected(_caches, ["elasticache"])


@pytest.mark.parametrize("rule_id", ["elasticache-auto-minor-version-upgrade-check", "elasticache-subnet-group-check"])
def test_elasticache_cluster_rules(elasticache_snapshot, rule_id):
    found = verdicts(rule_id, elasticache_snapshot, CACHE_CLUSTER)
    assert {name: found[name] for name in ("kept", "bare")} == {"kept": COMPLIANT, "bare": NON_COMPLIANT}


def test_elasticache_backups_of_clusters_and_groups(elasticache_snapshot):
    rule = "elasticache-redis-cluster-automatic-backup-check"
    assert verdicts(rule, elasticache_snapshot, CACHE_CLUSTER) == {
        "kept": COMPLIANT,
        "bare": NON_COMPLIANT,
        "memcached": NOT_APPLICABLE,
    }
    assert verdicts(rule, elasticache_snapshot, REPLICATION_GROUP) == {
        "kept-group": COMPLIANT,
        "bare-group": NON_COMPLIANT,
    }


@pytest.mark.parametrize(
    "rule_id",
    [
        "elasticache-repl-grp-auto-failover-enabled",
        "elasticache-repl-grp-encrypted-at-rest",
        "elasticache-repl-grp-encrypted-in-transit",
        "elasticache-repl-grp-redis-auth-enabled",  # moto omits EngineVersion: the 6+ NOT_APPLICABLE is item-tested
    ],
)
def test_elasticache_replication_group_rules(elasticache_snapshot, rule_id):
    assert verdicts(rule_id, elasticache_snapshot, REPLICATION_GROUP) == {
        "kept-group": COMPLIANT,
        "bare-group": NON_COMPLIANT,
    }


def _brokers(session: boto3.Session) -> None:
    mq = session.client("mq", region_name=REGION)
    common = {"HostInstanceType": "mq.t3.micro", "DeploymentMode": "SINGLE_INSTANCE", "PubliclyAccessible": False,
              "Users": [{"Username": "admin", "Password": "broker-password-for-the-test"}]}  # fmt: skip
    mq.create_broker(BrokerName="kept", EngineType="ACTIVEMQ", EngineVersion="5.18", AutoMinorVersionUpgrade=True,
                     Logs={"Audit": True, "General": True}, **common)  # fmt: skip
    mq.create_broker(BrokerName="bare", EngineType="ACTIVEMQ", EngineVersion="5.18", AutoMinorVersionUpgrade=False,
                     **common)  # fmt: skip
    mq.create_broker(BrokerName="rabbit", EngineType="RABBITMQ", EngineVersion="3.13", AutoMinorVersionUpgrade=True,
                     **common)  # fmt: skip


@pytest.fixture(scope="module")
def mq_snapshot() -> Snapshot:
    return collected(_brokers, ["mq"])


def test_mq_audit_logs(mq_snapshot):
    assert verdicts("mq-cloudwatch-audit-log-enabled", mq_snapshot, BROKER) == {
        "kept": COMPLIANT,
        "bare": NON_COMPLIANT,
        "rabbit": NOT_APPLICABLE,
    }


def test_mq_minor_version_upgrades(mq_snapshot):
    assert verdicts("mq-auto-minor-version-upgrade-enabled", mq_snapshot, BROKER) == {
        "kept": COMPLIANT,
        "bare": NON_COMPLIANT,
        "rabbit": COMPLIANT,
    }


def _dax(session: boto3.Session) -> None:
    dax = session.client("dax", region_name=REGION)
    role = "arn:aws:iam::123456789012:role/dax"
    dax.create_cluster(ClusterName="kept", NodeType="dax.t3.small", ReplicationFactor=3, IamRoleArn=role,
                       SSESpecification={"Enabled": True}, ClusterEndpointEncryptionType="TLS")  # fmt: skip
    dax.create_cluster(ClusterName="bare", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=role)


@pytest.fixture(scope="module")
def dax_snapshot() -> Snapshot:
    return collected(_dax, ["dax"])


@pytest.mark.parametrize("rule_id", ["dax-encryption-enabled", "dax-tls-endpoint-encryption"])
def test_dax_cluster_rules(dax_snapshot, rule_id):
    assert verdicts(rule_id, dax_snapshot, DAX) == {"kept": COMPLIANT, "bare": NON_COMPLIANT}
