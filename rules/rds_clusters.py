"""RDS DB cluster rules (Aurora, Multi-AZ clusters, DocumentDB and Neptune, all AWS::RDS::DBCluster),
instance settings FSBP added later, event subscriptions and DB proxies."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import at_least, declare, engine_is, setting
from ._util import as_bool, as_list, ci_name

CLUSTER = "AWS::RDS::DBCluster"
CLUSTER_SNAPSHOT = "AWS::RDS::DBClusterSnapshot"
DB = "AWS::RDS::DBInstance"
SUBSCRIPTION = "AWS::RDS::EventSubscription"
PROXY = "AWS::RDS::DBProxy"
AURORA = ("aurora",)  # aurora, aurora-mysql, aurora-postgresql
ENGINE = "configuration.engine"


def _cluster_flag(id, title, path, what, engines, severity, remediation, rationale="", types=(CLUSTER,)):
    return setting(
        id=id,
        title=title,
        resource_types=types,
        path=path,
        what=what,
        applies=engine_is(*engines) if engines else None,
        reads=[ENGINE] if engines else [],
        severity=severity,
        remediation=remediation,
        rationale=rationale,
    )


def _retention(id, title, engine, remediation):
    return setting(
        id=id,
        title=title,
        resource_types=[CLUSTER],
        path="configuration.backupRetentionPeriod",
        passes=at_least("minimumBackupRetentionPeriod"),
        failing="backups are kept {value} days, fewer than required",
        passing="backup retention is long enough",
        applies=engine_is(engine),
        reads=[ENGINE],
        parameters={"minimumBackupRetentionPeriod": Param(int, 7, "Minimum retention in days")},
        severity="medium",
        rationale="Automated backups are the point-in-time recovery window after corruption or deletion.",
        remediation=remediation,
    )


def _exports(id, title, types, engines, log_types, severity="medium", remediation="", trigger="change"):
    """A rule requiring ``log_types`` (a parameter ``logTypes``) among the CloudWatch Logs exports."""

    def check(ci, params):
        if skip := engine_is(*engines)(ci):
            return skip
        exports = ci.configuration.get("enabledCloudwatchLogsExports")  # absent when nothing is exported
        missing = [t for t in params["logTypes"] if t not in as_list(exports)]
        if missing:
            return non_compliant("not exported to CloudWatch Logs: " + ", ".join(missing))
        return compliant("exports " + ", ".join(params["logTypes"]))

    check.__doc__ = f"Reads configuration.enabledCloudwatchLogsExports of {', '.join(engines)} databases."
    return declare(
        id=id,
        title=title,
        resource_types=types,
        reads=[ENGINE, "configuration.enabledCloudwatchLogsExports"],
        severity=severity,
        trigger=trigger,
        parameters={"logTypes": Param(list, list(log_types), "Log types that must be exported")},
        rationale="Database logs in CloudWatch Logs outlive the database and can be searched and alarmed on.",
        remediation=remediation or "aws rds modify-db-cluster (or modify-db-instance) --cloudwatch-logs-export-"
        "configuration EnableLogTypes=...",
    )(check)


rds_cluster_deletion_protection_enabled = _cluster_flag(
    "rds-cluster-deletion-protection-enabled", "RDS DB clusters have deletion protection",
    "configuration.deletionProtection", "deletion protection", (), "low",
    "aws rds modify-db-cluster --db-cluster-identifier C --deletion-protection",
    "Deletion protection stops a cluster from being deleted by mistake or by a compromised principal.",
)  # fmt: skip
rds_cluster_iam_authentication_enabled = _cluster_flag(
    "rds-cluster-iam-authentication-enabled", "RDS DB clusters use IAM database authentication",
    "configuration.iamdatabaseAuthenticationEnabled", "IAM database authentication", (), "medium",
    "aws rds modify-db-cluster --db-cluster-identifier C --enable-iam-database-authentication",
    "IAM authentication replaces long-lived database passwords with short-lived tokens.",
)  # fmt: skip
rds_cluster_multi_az_enabled = _cluster_flag(
    "rds-cluster-multi-az-enabled", "RDS DB clusters span multiple Availability Zones",
    "configuration.multiAZ", "Multi-AZ", (), "medium",
    "Add a reader instance in another Availability Zone (Aurora) or recreate as a Multi-AZ DB cluster.",
    "A cluster in one zone goes down with it.",
)  # fmt: skip
rds_cluster_copy_tags_to_snapshots_enabled = _cluster_flag(
    "rds-cluster-copy-tags-to-snapshots-enabled", "Aurora DB clusters copy tags to their snapshots",
    "configuration.copyTagsToSnapshot", "copying tags to snapshots", AURORA, "low",
    "aws rds modify-db-cluster --db-cluster-identifier C --copy-tags-to-snapshot",
    "Tags on snapshots carry ownership and classification, which access policies and cleanup rely on.",
)  # fmt: skip
rds_pgsql_cluster_copy_tags_to_snapshot_check = _cluster_flag(
    "rds-pgsql-cluster-copy-tags-to-snapshot-check", "RDS for PostgreSQL DB clusters copy tags to snapshots",
    "configuration.copyTagsToSnapshot", "copying tags to snapshots", ("postgres",), "low",
    "aws rds modify-db-cluster --db-cluster-identifier C --copy-tags-to-snapshot",
    "Tags on snapshots carry ownership and classification, which access policies and cleanup rely on.",
)  # fmt: skip
rds_mysql_cluster_copy_tags_to_snapshot_check = _cluster_flag(
    "rds-mysql-cluster-copy-tags-to-snapshot-check", "RDS for MySQL DB clusters copy tags to snapshots",
    "configuration.copyTagsToSnapshot", "copying tags to snapshots", ("mysql",), "low",
    "aws rds modify-db-cluster --db-cluster-identifier C --copy-tags-to-snapshot",
    "Tags on snapshots carry ownership and classification, which access policies and cleanup rely on.",
)  # fmt: skip
rds_instance_copy_tags_to_snapshots_enabled = _cluster_flag(
    "rds-instance-copy-tags-to-snapshots-enabled", "RDS DB instances copy tags to their snapshots",
    "configuration.copyTagsToSnapshot", "copying tags to snapshots", (), "low",
    "aws rds modify-db-instance --db-instance-identifier DB --copy-tags-to-snapshot",
    "Tags on snapshots carry ownership and classification, which access policies and cleanup rely on.",
    types=(DB,),
)  # fmt: skip
rds_cluster_encrypted_at_rest = _cluster_flag(
    "rds-cluster-encrypted-at-rest", "RDS DB clusters are encrypted at rest",
    "configuration.storageEncrypted", "encryption at rest", (), "medium",
    "Encryption is set at creation: snapshot the cluster and restore it with --kms-key-id.",
    "Encryption at rest also covers the cluster's snapshots, backups and replicas.",
)  # fmt: skip
rds_cluster_auto_minor_version_upgrade_enable = _cluster_flag(
    "rds-cluster-auto-minor-version-upgrade-enable", "RDS Multi-AZ DB clusters apply minor upgrades automatically",
    "configuration.autoMinorVersionUpgrade", "automatic minor version upgrade", ("mysql", "postgres"), "medium",
    "aws rds modify-db-cluster --db-cluster-identifier C --auto-minor-version-upgrade",
    "Minor versions carry security fixes; applying them in the maintenance window keeps them current.",
)  # fmt: skip


@declare(
    id="aurora-mysql-backtracking-enabled",
    title="Aurora MySQL clusters have backtracking enabled",
    resource_types=[CLUSTER],
    reads=[ENGINE, "configuration.backtrackWindow"],
    severity="medium",
    parameters={"BacktrackWindowInHours": Param(float, None, "Minimum backtrack window in hours, when set")},
    rationale="Backtracking rewinds a cluster to a moment before a bad change in minutes, without a restore.",
    remediation="aws rds modify-db-cluster --db-cluster-identifier C --backtrack-window 86400",
)
def aurora_mysql_backtracking_enabled(ci, params):
    """Reads configuration.backtrackWindow (seconds; 0 or absent when off) of aurora-mysql clusters."""
    if skip := engine_is("aurora-mysql")(ci):
        return skip
    window = ci.configuration.get("backtrackWindow") or 0
    if not window:
        return non_compliant("backtracking is off")
    wanted = params["BacktrackWindowInHours"]
    if wanted and float(window) < wanted * 3600:
        return non_compliant(f"backtrack window {float(window) / 3600:g} h < {wanted:g} h")
    return compliant(f"backtrack window {float(window) / 3600:g} h")


_DEFAULT_ADMINS = ("admin", "postgres")


def _custom_admin(value, params):
    if str(value).lower() in _DEFAULT_ADMINS:
        return False
    return not params["validAdminUserNames"] or str(value) in params["validAdminUserNames"]


def _default_admin(id, title, types):
    return setting(
        id=id,
        title=title,
        resource_types=types,
        path="configuration.masterUsername",
        passes=_custom_admin,
        failing="the admin user name {value} is a default one or not among validAdminUserNames",
        passing="the admin user has a custom name",
        parameters={"validAdminUserNames": Param(list, None, "Allowed admin names (never admin or postgres)")},
        severity="medium",
        rationale="A default admin name gives password-guessing attacks half of the credentials.",
        remediation="Create a new database from a snapshot with a custom --master-username and move to it.",
    )


rds_cluster_default_admin_check = _default_admin(
    "rds-cluster-default-admin-check", "RDS DB clusters use a custom admin user name", [CLUSTER]
)
rds_instance_default_admin_check = _default_admin(
    "rds-instance-default-admin-check", "RDS DB instances use a custom admin user name", [DB]
)

rds_aurora_mysql_audit_logging_enabled = _exports(
    "rds-aurora-mysql-audit-logging-enabled", "Aurora MySQL clusters publish audit logs to CloudWatch Logs",
    [CLUSTER], ("aurora-mysql",), ["audit"],
)  # fmt: skip
rds_aurora_postgresql_logs_to_cloudwatch = _exports(
    "rds-aurora-postgresql-logs-to-cloudwatch", "Aurora PostgreSQL clusters publish logs to CloudWatch Logs",
    [CLUSTER], ("aurora-postgresql",), ["postgresql"],
)  # fmt: skip
rds_postgresql_logs_to_cloudwatch = _exports(
    "rds-postgresql-logs-to-cloudwatch", "RDS for PostgreSQL instances publish logs to CloudWatch Logs",
    [DB], ("postgres",), ["postgresql"],
)  # fmt: skip
rds_sql_server_logs_to_cloudwatch = _exports(
    "rds-sql-server-logs-to-cloudwatch", "RDS for SQL Server instances publish logs to CloudWatch Logs",
    [DB], ("sqlserver",), ["agent", "error"],
)  # fmt: skip
mariadb_publish_logs_to_cloudwatch_logs = _exports(
    "mariadb-publish-logs-to-cloudwatch-logs", "RDS for MariaDB instances publish logs to CloudWatch Logs",
    [DB], ("mariadb",), ["audit", "error"], trigger="periodic",
)  # fmt: skip
docdb_cluster_audit_logging_enabled = _exports(
    "docdb-cluster-audit-logging-enabled", "DocumentDB clusters publish audit logs to CloudWatch Logs",
    [CLUSTER], ("docdb",), ["audit"],
)  # fmt: skip
neptune_cluster_cloudwatch_log_export_enabled = _exports(
    "neptune-cluster-cloudwatch-log-export-enabled", "Neptune clusters publish audit logs to CloudWatch Logs",
    [CLUSTER], ("neptune",), ["audit"],
)  # fmt: skip

# longest prefix first: aurora-postgresql before aurora
_DEFAULT_PORTS = [("aurora-postgresql", 5432), ("aurora", 3306), ("mysql", 3306), ("mariadb", 3306),
                  ("postgres", 5432), ("custom-oracle", 1521), ("oracle", 1521), ("custom-sqlserver", 1433),
                  ("sqlserver", 1433), ("db2", 50000)]  # fmt: skip


@declare(
    id="rds-no-default-ports",
    title="RDS DB instances do not listen on their engine's default port",
    resource_types=[DB],
    reads=[ENGINE, "configuration.dbInstancePort", "configuration.endpoint.port"],
    severity="low",
    rationale="Scanners try the default ports first; a custom port takes an instance off the easy list.",
    remediation="aws rds modify-db-instance --db-instance-identifier DB --db-port-number PORT",
)
def rds_no_default_ports(ci):
    """Reads configuration.endpoint.port (or dbInstancePort) and engine."""
    engine = str(ci.configuration.get("engine") or "")
    port = ci.get("configuration.endpoint.port") or ci.configuration.get("dbInstancePort")
    if not engine or not port:
        return insufficient_data("the engine or the port was not recorded")
    default = next((p for prefix, p in _DEFAULT_PORTS if engine.startswith(prefix)), None)
    if default is None:
        return not_applicable(f"no known default port for engine {engine}")
    if int(port) == default:
        return non_compliant(f"listens on the default port {port}")
    return compliant(f"listens on port {port}")


def _subscription(id, title, source_type, categories, remediation):
    def check(ci):
        kind = ci.configuration.get("sourceType")
        if kind is None:
            return insufficient_data("configuration.sourceType was not recorded")
        if kind != source_type:
            return not_applicable(f"the subscription is for {kind} events")
        if as_bool(ci.configuration.get("enabled")) is not True:
            return non_compliant("the subscription is disabled")
        chosen = as_list(ci.configuration.get("eventCategoriesList"))
        missing = [c for c in categories if chosen and c not in chosen]
        if missing:
            return non_compliant("does not include " + ", ".join(missing))
        return compliant(f"covers {', '.join(categories)}")

    check.__doc__ = f"Reads the {source_type} subscription's enabled flag and event categories (none: all)."
    return declare(
        id=id,
        title=title,
        resource_types=[SUBSCRIPTION],
        reads=["configuration.sourceType", "configuration.enabled", "configuration.eventCategoriesList"],
        severity="low",
        rationale="Notifications of failures and changes reach the people who must react to them.",
        remediation=remediation,
    )(check)


rds_cluster_event_notifications_configured = _subscription(
    "rds-cluster-event-notifications-configured", "RDS event subscriptions cover critical cluster events",
    "db-cluster", ("failure", "maintenance"),
    "aws rds create-event-subscription --source-type db-cluster --event-categories failure maintenance ...",
)  # fmt: skip
rds_instance_event_notifications_configured = _subscription(
    "rds-instance-event-notifications-configured", "RDS event subscriptions cover critical DB instance events",
    "db-instance", ("maintenance", "configuration change", "failure"),
    "aws rds create-event-subscription --source-type db-instance --event-categories maintenance failure ...",
)  # fmt: skip
rds_pg_event_notifications_configured = _subscription(
    "rds-pg-event-notifications-configured", "RDS event subscriptions cover DB parameter group changes",
    "db-parameter-group", ("configuration change",),
    "aws rds create-event-subscription --source-type db-parameter-group --event-categories 'configuration change'",
)  # fmt: skip
rds_sg_event_notifications_configured = _subscription(
    "rds-sg-event-notifications-configured", "RDS event subscriptions cover DB security group events",
    "db-security-group", ("configuration change", "failure"),
    "aws rds create-event-subscription --source-type db-security-group --event-categories failure ...",
)  # fmt: skip

rds_proxy_tls_encryption = setting(
    id="rds-proxy-tls-encryption",
    title="RDS DB proxies require TLS",
    resource_types=[PROXY],
    path="configuration.RequireTLS",
    what="TLS enforcement",
    severity="medium",
    trigger="periodic",
    rationale="Without required TLS, clients may send credentials and data to the proxy in clear text.",
    remediation="aws rds modify-db-proxy --db-proxy-name P --require-tls",
)

# DocumentDB and Neptune clusters are AWS::RDS::DBCluster items with engine docdb / neptune.
docdb_cluster_encrypted = _cluster_flag(
    "docdb-cluster-encrypted", "DocumentDB clusters are encrypted at rest",
    "configuration.storageEncrypted", "encryption at rest", ("docdb",), "medium",
    "Encryption is set at creation: restore a snapshot into a cluster created with --storage-encrypted.",
    "Encryption at rest also covers the cluster's snapshots and backups.",
)  # fmt: skip
docdb_cluster_deletion_protection_enabled = _cluster_flag(
    "docdb-cluster-deletion-protection-enabled", "DocumentDB clusters have deletion protection",
    "configuration.deletionProtection", "deletion protection", ("docdb",), "medium",
    "aws docdb modify-db-cluster --db-cluster-identifier C --deletion-protection",
    "Deletion protection stops a cluster from being deleted by mistake or by a compromised principal.",
)  # fmt: skip
docdb_cluster_backup_retention_check = _retention(
    "docdb-cluster-backup-retention-check", "DocumentDB clusters keep backups long enough", "docdb",
    "aws docdb modify-db-cluster --db-cluster-identifier C --backup-retention-period 7",
)  # fmt: skip
neptune_cluster_encrypted = _cluster_flag(
    "neptune-cluster-encrypted", "Neptune clusters are encrypted at rest",
    "configuration.storageEncrypted", "encryption at rest", ("neptune",), "medium",
    "Encryption is set at creation: restore a snapshot into a cluster created with --storage-encrypted.",
    "Encryption at rest also covers the cluster's snapshots and backups.",
)  # fmt: skip
neptune_cluster_deletion_protection_enabled = _cluster_flag(
    "neptune-cluster-deletion-protection-enabled", "Neptune clusters have deletion protection",
    "configuration.deletionProtection", "deletion protection", ("neptune",), "low",
    "aws neptune modify-db-cluster --db-cluster-identifier C --deletion-protection",
    "Deletion protection stops a cluster from being deleted by mistake or by a compromised principal.",
)  # fmt: skip
neptune_cluster_iam_database_authentication = _cluster_flag(
    "neptune-cluster-iam-database-authentication", "Neptune clusters use IAM database authentication",
    "configuration.iamdatabaseAuthenticationEnabled", "IAM database authentication", ("neptune",), "medium",
    "aws neptune modify-db-cluster --db-cluster-identifier C --enable-iam-database-authentication",
    "IAM authentication ties database access to IAM principals and policies instead of shared secrets.",
)  # fmt: skip
neptune_cluster_copy_tags_to_snapshot_enabled = _cluster_flag(
    "neptune-cluster-copy-tags-to-snapshot-enabled", "Neptune clusters copy tags to their snapshots",
    "configuration.copyTagsToSnapshot", "copying tags to snapshots", ("neptune",), "low",
    "aws neptune modify-db-cluster --db-cluster-identifier C --copy-tags-to-snapshot",
    "Tags on snapshots carry ownership and classification, which access policies and cleanup rely on.",
)  # fmt: skip
neptune_cluster_backup_retention_check = _retention(
    "neptune-cluster-backup-retention-check", "Neptune clusters keep backups long enough", "neptune",
    "aws neptune modify-db-cluster --db-cluster-identifier C --backup-retention-period 7",
)  # fmt: skip
neptune_cluster_snapshot_encrypted = _cluster_flag(
    "neptune-cluster-snapshot-encrypted", "Neptune cluster snapshots are encrypted at rest",
    "configuration.storageEncrypted", "encryption", ("neptune",), "medium",
    "Copy the snapshot with --kms-key-id and delete the unencrypted one.",
    "An unencrypted snapshot is a full copy of the graph outside the cluster's protection.",
    types=(CLUSTER_SNAPSHOT,),
)  # fmt: skip


def _snapshot_public(id, title, engine, remediation):
    def check(ci):
        if skip := engine_is(engine)(ci):
            return skip
        attributes = ci.supplementaryConfiguration.get("DBClusterSnapshotAttributes")
        if attributes is None:
            return insufficient_data("the snapshot's attributes were not recorded")
        for attribute in as_list(attributes):
            if attribute.get("attributeName") == "restore" and "all" in as_list(attribute.get("attributeValues")):
                return non_compliant(f"{ci_name(ci)} can be restored by anyone")
        return compliant("the snapshot is not public")

    check.__doc__ = f"Reads the restore attribute of {engine} cluster snapshots ('all' means public)."
    return declare(
        id=id,
        title=title,
        resource_types=[CLUSTER_SNAPSHOT],
        reads=[ENGINE, "supplementaryConfiguration.DBClusterSnapshotAttributes"],
        severity="critical",
        rationale="Anyone can restore a public snapshot and read the whole database.",
        remediation=remediation,
    )(check)


docdb_cluster_snapshot_public_prohibited = _snapshot_public(
    "docdb-cluster-snapshot-public-prohibited", "DocumentDB manual cluster snapshots are not public", "docdb",
    "aws docdb modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier S --attribute-name restore "
    "--values-to-remove all",
)  # fmt: skip
neptune_cluster_snapshot_public_prohibited = _snapshot_public(
    "neptune-cluster-snapshot-public-prohibited", "Neptune manual cluster snapshots are not public", "neptune",
    "aws neptune modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier S --attribute-name restore "
    "--values-to-remove all",
)  # fmt: skip
