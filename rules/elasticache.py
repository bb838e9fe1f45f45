"""ElastiCache rules: backups, minor version upgrades, failover, encryption, AUTH and subnet groups."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare, is_in, not_in, setting
from ._util import as_bool

CLUSTER = "AWS::ElastiCache::CacheCluster"
GROUP = "AWS::ElastiCache::ReplicationGroup"


def _version(value):
    return tuple(int(p) for p in str(value).split(".")[:2] if p.isdigit())


@declare(
    id="elasticache-redis-cluster-automatic-backup-check",
    title="ElastiCache (Redis OSS) clusters keep automatic backups",
    resource_types=[CLUSTER, GROUP],
    reads=["configuration.SnapshotRetentionLimit", "configuration.Engine", "configuration.ReplicationGroupId"],
    severity="high",
    trigger="periodic",
    parameters={"snapshotRetentionPeriod": Param(int, 1, "Minimum days of automatic backups")},
    rationale="Automatic backups let you restore the cache's data after corruption or deletion.",
    remediation="aws elasticache modify-replication-group --replication-group-id G --snapshot-retention-limit 7",
)
def elasticache_redis_cluster_automatic_backup_check(ci, params):
    """Reads configuration.SnapshotRetentionLimit (0: no automatic backups) of Redis OSS and Valkey caches."""
    engine = ci.configuration.get("Engine")
    if ci.resourceType == CLUSTER and engine is not None and str(engine).lower() not in ("redis", "valkey"):
        return not_applicable(f"engine {engine} has no backups")
    if ci.resourceType == CLUSTER and ci.configuration.get("ReplicationGroupId"):
        return not_applicable("a member of a replication group, which keeps the backups")
    days = ci.configuration.get("SnapshotRetentionLimit")
    if days is None:
        return insufficient_data("configuration.SnapshotRetentionLimit was not recorded")
    if int(days) < params["snapshotRetentionPeriod"]:
        return non_compliant(f"automatic backups kept {days} days (need {params['snapshotRetentionPeriod']})")
    return compliant(f"automatic backups kept {days} days")


elasticache_auto_minor_version_upgrade_check = setting(
    id="elasticache-auto-minor-version-upgrade-check",
    title="ElastiCache clusters apply minor engine upgrades automatically",
    resource_types=[CLUSTER],
    path="configuration.AutoMinorVersionUpgrade",
    what="automatic minor version upgrade",
    severity="high",
    trigger="periodic",
    rationale="Minor versions carry security fixes; applying them in the maintenance window keeps them current.",
    remediation="aws elasticache modify-cache-cluster --cache-cluster-id C --auto-minor-version-upgrade",
)
elasticache_repl_grp_auto_failover_enabled = setting(
    id="elasticache-repl-grp-auto-failover-enabled",
    title="ElastiCache replication groups fail over automatically",
    resource_types=[GROUP],
    path="configuration.AutomaticFailover",
    passes=is_in("enabled", "enabling"),
    failing="automatic failover is {value}",
    passing="automatic failover is enabled",
    severity="medium",
    trigger="periodic",
    rationale="Without automatic failover a primary node's failure stops writes until someone acts.",
    remediation="aws elasticache modify-replication-group --replication-group-id G --automatic-failover-enabled",
)
elasticache_repl_grp_encrypted_at_rest = setting(
    id="elasticache-repl-grp-encrypted-at-rest",
    title="ElastiCache replication groups are encrypted at rest",
    resource_types=[GROUP],
    path="configuration.AtRestEncryptionEnabled",
    what="encryption at rest",
    severity="medium",
    trigger="periodic",
    rationale="Encryption at rest protects cached data and backups on disk.",
    remediation="Encryption at rest is set at creation: create an encrypted group from a backup and move to it.",
)
elasticache_repl_grp_encrypted_in_transit = setting(
    id="elasticache-repl-grp-encrypted-in-transit",
    title="ElastiCache replication groups are encrypted in transit",
    resource_types=[GROUP],
    path="configuration.TransitEncryptionEnabled",
    what="encryption in transit",
    severity="medium",
    trigger="periodic",
    rationale="Without TLS, cached data and AUTH tokens cross the network in clear text.",
    remediation="aws elasticache modify-replication-group --replication-group-id G --transit-encryption-enabled "
    "--transit-encryption-mode preferred (then required)",
)


@declare(
    id="elasticache-repl-grp-redis-auth-enabled",
    title="ElastiCache (Redis OSS) replication groups before version 6 use AUTH",
    resource_types=[GROUP],
    reads=["configuration.AuthTokenEnabled", "configuration.EngineVersion", "configuration.UserGroupIds"],
    severity="medium",
    trigger="periodic",
    rationale="Without AUTH, anything that can reach the endpoint can read and change the cache.",
    remediation="aws elasticache modify-replication-group --replication-group-id G --auth-token TOKEN "
    "--auth-token-update-strategy ROTATE (needs encryption in transit)",
)
def elasticache_repl_grp_redis_auth_enabled(ci):
    """Reads configuration.AuthTokenEnabled of groups on Redis OSS before 6.0 (6+ use RBAC user groups)."""
    version = ci.configuration.get("EngineVersion")
    if version is not None and _version(version) >= (6,):
        return not_applicable(f"engine version {version} uses role-based access control")
    enabled = as_bool(ci.configuration.get("AuthTokenEnabled"))
    if enabled is None:
        return insufficient_data("configuration.AuthTokenEnabled was not recorded")
    return compliant("AUTH is on") if enabled else non_compliant("AUTH is off")


elasticache_subnet_group_check = setting(
    id="elasticache-subnet-group-check",
    title="ElastiCache clusters do not use the default subnet group",
    resource_types=[CLUSTER],
    path="configuration.CacheSubnetGroupName",
    passes=not_in("default"),
    failing="the cluster uses the default subnet group",
    passing="a custom subnet group",
    severity="high",
    trigger="periodic",
    rationale="The default subnet group spans the default VPC's subnets, which are usually public.",
    remediation="Create a cache subnet group of private subnets and recreate the cluster in it.",
)
