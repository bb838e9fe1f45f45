"""Redshift rules: cluster exposure, backups, upgrades, logging, encryption."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import is_false, is_true, property_rule

CLUSTER = "AWS::Redshift::Cluster"

redshift_cluster_public_access_check = property_rule(
    id="redshift-cluster-public-access-check",
    title="Redshift clusters are not publicly accessible",
    resource_types=[CLUSTER],
    path="configuration.publiclyAccessible",
    passes=is_false,
    failing="the cluster is publicly accessible",
    passing="not publicly accessible",
    severity="critical",
    rationale="A public warehouse endpoint invites password guessing against the data it holds.",
    remediation="aws redshift modify-cluster --cluster-identifier C --no-publicly-accessible",
)
redshift_cluster_maintenancesettings_check = property_rule(
    id="redshift-cluster-maintenancesettings-check",
    title="Redshift clusters receive automatic version upgrades",
    resource_types=[CLUSTER],
    path="configuration.allowVersionUpgrade",
    passes=is_true,
    failing="automatic version upgrades are off",
    passing="automatic version upgrades are on",
    severity="high",
    rationale="Upgrades in the maintenance window bring security fixes without manual work.",
    remediation="aws redshift modify-cluster --cluster-identifier C --allow-version-upgrade",
)
redshift_enhanced_vpc_routing_enabled = property_rule(
    id="redshift-enhanced-vpc-routing-enabled",
    title="Redshift clusters use enhanced VPC routing",
    resource_types=[CLUSTER],
    path="configuration.enhancedVpcRouting",
    passes=is_true,
    failing="enhanced VPC routing is off",
    passing="enhanced VPC routing is on",
    rationale="COPY and UNLOAD traffic then stays in the VPC, under its endpoints, flow logs and policies.",
    remediation="aws redshift modify-cluster --cluster-identifier C --enhanced-vpc-routing",
)


@rule(
    id="redshift-backup-enabled",
    title="Redshift clusters keep automated snapshots",
    resource_types=[CLUSTER],
    severity="medium",
    parameters={"MinRetentionPeriod": Param(int, 7, "Minimum retention in days")},
    rationale="Automated snapshots allow recovery after a bad load or deletion.",
    remediation="aws redshift modify-cluster --cluster-identifier C --automated-snapshot-retention-period 7",
    reads=["configuration.automatedSnapshotRetentionPeriod"],
)
def redshift_backup_enabled(ci, params):
    """Reads configuration.automatedSnapshotRetentionPeriod."""
    days = ci.configuration.get("automatedSnapshotRetentionPeriod")
    if days is None:
        return insufficient_data("the snapshot retention was not recorded")
    if int(days) < max(1, params["MinRetentionPeriod"] or 1):
        return non_compliant(f"snapshots kept {days} day(s)")
    return compliant(f"snapshots kept {days} days")


@rule(
    id="redshift-cluster-audit-logging-enabled",
    title="Redshift clusters have audit logging enabled",
    resource_types=[CLUSTER],
    severity="medium",
    rationale="Audit logs record connections and queries against the warehouse.",
    remediation="aws redshift enable-logging --cluster-identifier C --log-destination-type cloudwatch ...",
    reads=["supplementaryConfiguration.LoggingStatus"],
)
def redshift_cluster_audit_logging_enabled(ci):
    """Reads supplementaryConfiguration.LoggingStatus.loggingEnabled."""
    status = ci.supplementaryConfiguration.get("LoggingStatus")
    if not isinstance(status, dict):
        return insufficient_data("the logging status was not recorded")
    return compliant("audit logging is on") if is_true(status.get("loggingEnabled")) else non_compliant(
        "audit logging is off"
    )


@rule(
    id="redshift-cluster-kms-enabled",
    title="Redshift clusters are encrypted with a KMS key",
    resource_types=[CLUSTER],
    severity="medium",
    parameters={"kmsKeyArns": Param(list, [], "Allowed key ARNs (any when empty)")},
    rationale="KMS encryption puts the warehouse's data under a key policy and its audit trail.",
    remediation="aws redshift modify-cluster --cluster-identifier C --encrypted --kms-key-id KEY",
    reads=["configuration.encrypted", "configuration.kmsKeyId"],
)
def redshift_cluster_kms_enabled(ci, params):
    """Reads configuration.encrypted and kmsKeyId."""
    encrypted = ci.configuration.get("encrypted")
    if encrypted is None:
        return insufficient_data("encryption was not recorded")
    key = ci.configuration.get("kmsKeyId")
    if not is_true(encrypted) or not key:
        return non_compliant("the cluster is not encrypted with KMS")
    if params["kmsKeyArns"] and key not in params["kmsKeyArns"]:
        return non_compliant(f"encrypted with {key}, not an allowed key")
    return compliant("encrypted with KMS")


@rule(
    id="redshift-default-admin-check",
    title="Redshift clusters do not use the default admin user name",
    resource_types=[CLUSTER],
    severity="medium",
    parameters={"validAdminUserNames": Param(list, [], "Allowed admin user names (any but awsuser when empty)")},
    rationale="The default name is the first one a password-guessing attack tries.",
    remediation="Create the cluster with a custom master user name (it cannot be renamed), then migrate.",
    reads=["configuration.masterUsername"],
)
def redshift_default_admin_check(ci, params):
    """Reads configuration.masterUsername."""
    name = ci.configuration.get("masterUsername")
    if name is None:
        return insufficient_data("the admin user name was not recorded")
    if name == "awsuser" or (params["validAdminUserNames"] and name not in params["validAdminUserNames"]):
        return non_compliant(f"admin user is {name}")
    return compliant("a custom admin user name")
