"""RDS rules: DB instances (public access, encryption, upgrades, backups) and snapshots."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_list, is_false, is_true, property_rule

DB = "AWS::RDS::DBInstance"
SNAPSHOTS = ["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"]

rds_instance_public_access_check = property_rule(
    id="rds-instance-public-access-check",
    title="RDS DB instances are not publicly accessible",
    resource_types=[DB],
    path="configuration.publiclyAccessible",
    passes=is_false,
    failing="the instance is publicly accessible",
    passing="not publicly accessible",
    severity="critical",
    rationale="A public endpoint exposes the database to password guessing and engine exploits from anywhere.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --no-publicly-accessible --apply-immediately",
)


@rule(
    id="rds-storage-encrypted",
    title="RDS DB instances are encrypted at rest",
    resource_types=[DB],
    severity="medium",
    parameters={"kmsKeyId": Param(str, None, "Require this KMS key (ARN or id)")},
    rationale="Encryption at rest also covers the instance's snapshots, backups and read replicas.",
    remediation="Snapshot the instance, copy the snapshot with encryption, and restore from the copy.",
    reads=["configuration.kmsKeyId", "configuration.storageEncrypted"],
)
def rds_storage_encrypted(ci, params):
    """Reads configuration.storageEncrypted and kmsKeyId."""
    encrypted = ci.configuration.get("storageEncrypted")
    if encrypted is None:
        return insufficient_data("configuration.storageEncrypted was not recorded")
    if not is_true(encrypted):
        return non_compliant("storage is not encrypted")
    key = str(ci.configuration.get("kmsKeyId") or "")
    if params["kmsKeyId"] and params["kmsKeyId"] not in key:
        return non_compliant(f"encrypted with {key or 'an unknown key'}, not {params['kmsKeyId']}")
    return compliant("storage is encrypted")


rds_automatic_minor_version_upgrade_enabled = property_rule(
    id="rds-automatic-minor-version-upgrade-enabled",
    title="RDS DB instances apply minor engine upgrades automatically",
    resource_types=[DB],
    path="configuration.autoMinorVersionUpgrade",
    passes=is_true,
    failing="automatic minor version upgrade is off",
    passing="automatic minor version upgrade is on",
    severity="high",
    rationale="Minor versions carry security fixes; applying them in the maintenance window keeps them current.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --auto-minor-version-upgrade",
)

rds_instance_deletion_protection_enabled = property_rule(
    id="rds-instance-deletion-protection-enabled",
    title="RDS DB instances have deletion protection",
    resource_types=[DB],
    path="configuration.deletionProtection",
    passes=is_true,
    failing="deletion protection is off",
    passing="deletion protection is on",
    severity="low",
    rationale="Deletion protection stops an accidental or malicious delete-db-instance.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --deletion-protection",
)

rds_multi_az_support = property_rule(
    id="rds-multi-az-support",
    title="RDS DB instances are deployed in multiple Availability Zones",
    resource_types=[DB],
    path="configuration.multiAZ",
    passes=is_true,
    failing="single-AZ deployment",
    passing="Multi-AZ",
    severity="medium",
    rationale="A standby in another zone keeps the database up through a zone failure.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --multi-az",
)

rds_instance_iam_authentication_enabled = property_rule(
    id="rds-instance-iam-authentication-enabled",
    title="RDS DB instances accept IAM database authentication",
    resource_types=[DB],
    path="configuration.iAMDatabaseAuthenticationEnabled",
    passes=is_true,
    failing="IAM database authentication is off",
    passing="IAM database authentication is on",
    severity="medium",
    rationale="IAM authentication replaces long-lived database passwords with short-lived tokens.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --enable-iam-database-authentication",
)


@rule(
    id="db-instance-backup-enabled",
    title="RDS DB instances have automated backups",
    resource_types=[DB],
    severity="medium",
    parameters={"backupRetentionMinimum": Param(int, None, "Minimum retention in days, when set")},
    rationale="Automated backups allow point-in-time recovery after corruption or deletion.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --backup-retention-period 7",
    reads=["configuration.backupRetentionPeriod"],
)
def db_instance_backup_enabled(ci, params):
    """Reads configuration.backupRetentionPeriod (0 means no automated backups)."""
    days = ci.configuration.get("backupRetentionPeriod")
    if days is None:
        return insufficient_data("the backup retention period was not recorded")
    if int(days) <= 0:
        return non_compliant("automated backups are off")
    if params["backupRetentionMinimum"] and int(days) < params["backupRetentionMinimum"]:
        return non_compliant(f"retention {days} days < {params['backupRetentionMinimum']}")
    return compliant(f"backups kept {days} days")


@rule(
    id="rds-snapshots-public-prohibited",
    title="RDS snapshots are not public",
    resource_types=SNAPSHOTS,
    severity="critical",
    rationale="Anyone can restore a public snapshot and read the whole database.",
    remediation="aws rds modify-db-snapshot-attribute --db-snapshot-identifier SNAP --attribute-name restore "
    "--values-to-remove all",
    reads={
        "AWS::RDS::DBSnapshot": ["supplementaryConfiguration.DBSnapshotAttributes"],
        "AWS::RDS::DBClusterSnapshot": ["supplementaryConfiguration.DBClusterSnapshotAttributes"],
    },
)
def rds_snapshots_public_prohibited(ci):
    """Reads supplementaryConfiguration.DBSnapshotAttributes (restore attribute containing 'all')."""
    key = "DBSnapshotAttributes" if ci.resourceType == SNAPSHOTS[0] else "DBClusterSnapshotAttributes"
    attributes = ci.supplementaryConfiguration.get(key)
    if attributes is None:
        return insufficient_data("the snapshot's attributes were not recorded")
    for attribute in as_list(attributes):
        if attribute.get("attributeName") == "restore" and "all" in as_list(attribute.get("attributeValues")):
            return non_compliant("the snapshot is public")
    return compliant("the snapshot is not public")


@rule(
    id="rds-snapshot-encrypted",
    title="RDS snapshots are encrypted",
    resource_types=SNAPSHOTS,
    severity="medium",
    rationale="An unencrypted snapshot is a full copy of the database outside the instance's protection.",
    remediation="Copy the snapshot with --kms-key-id and delete the unencrypted one.",
    reads=["configuration.encrypted", "configuration.storageEncrypted"],
)
def rds_snapshot_encrypted(ci):
    """Reads configuration.encrypted (DB snapshots) or storageEncrypted (cluster snapshots)."""
    value = ci.configuration.get("encrypted", ci.configuration.get("storageEncrypted"))
    if value is None:
        return insufficient_data("encryption was not recorded")
    return compliant("encrypted") if is_true(value) else non_compliant("the snapshot is not encrypted")


@rule(
    id="rds-enhanced-monitoring-enabled",
    title="RDS DB instances have enhanced monitoring",
    resource_types=[DB],
    severity="low",
    parameters={"monitoringInterval": Param(int, None, "Required interval in seconds, when set")},
    rationale="Enhanced monitoring shows OS-level metrics that help diagnose incidents.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --monitoring-interval 60 "
    "--monitoring-role-arn ROLE",
    reads=["configuration.monitoringInterval"],
)
def rds_enhanced_monitoring_enabled(ci, params):
    """Reads configuration.monitoringInterval (0 means off)."""
    interval = ci.configuration.get("monitoringInterval")
    if interval is None:
        return insufficient_data("the monitoring interval was not recorded")
    if not int(interval):
        return non_compliant("enhanced monitoring is off")
    if params["monitoringInterval"] and int(interval) != params["monitoringInterval"]:
        return non_compliant(f"interval {interval}s, not {params['monitoringInterval']}s")
    return compliant(f"enhanced monitoring every {interval}s")


@rule(
    id="rds-logging-enabled",
    title="RDS DB instances export their logs to CloudWatch Logs",
    resource_types=[DB],
    severity="medium",
    rationale="Database logs in CloudWatch survive the instance and can be searched and alarmed on.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --cloudwatch-logs-export-configuration ...",
    reads=["configuration.dBClusterIdentifier", "configuration.enabledCloudwatchLogsExports"],
)
def rds_logging_enabled(ci):
    """Reads configuration.enabledCloudwatchLogsExports."""
    if not ci.configuration:
        return insufficient_data("the instance was not recorded")
    if ci.configuration.get("dBClusterIdentifier"):
        return not_applicable("cluster members log at the cluster level")
    exports = as_list(ci.configuration.get("enabledCloudwatchLogsExports"))
    if exports:
        return compliant("exports " + ", ".join(exports))
    return non_compliant("no log is exported to CloudWatch Logs")
