"""Rules for AWS Backup, DataSync, FSx, Transfer Family, WorkSpaces, Route 53, Service Catalog, Private CA
and Amazon Connect."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare, non_empty, not_in, setting
from ._util import as_bool, as_list

FSX = "AWS::FSx::FileSystem"

backup_recovery_point_encrypted = setting(
    id="backup-recovery-point-encrypted",
    title="AWS Backup recovery points are encrypted at rest",
    resource_types=["AWS::Backup::RecoveryPoint"],
    path="configuration.IsEncrypted",
    what="encryption",
    severity="medium",
    rationale="A recovery point is a full copy of the resource's data.",
    remediation="Copy the recovery point to a vault with a KMS key (start-copy-job) and delete the unencrypted one.",
)
datasync_task_logging_enabled = setting(
    id="datasync-task-logging-enabled",
    title="DataSync tasks log to CloudWatch Logs",
    resource_types=["AWS::DataSync::Task"],
    path="configuration.CloudWatchLogGroupArn",
    passes=non_empty,
    failing="no CloudWatch log group",
    passing="the task logs to CloudWatch Logs",
    absent="fail",  # AWS Config leaves CloudWatchLogGroupArn out when logging is off
    severity="medium",
    rationale="Transfer logs show which files were copied, skipped or failed.",
    remediation="aws datasync update-task --task-arn T --cloud-watch-log-group-arn LOG_GROUP_ARN "
    "--options LogLevel=TRANSFER",
)


def _fsx(kind, rule_id, title, path, passes, failing, passing, severity, rationale, remediation, parameters=None):
    return setting(
        id=rule_id, title=title, resource_types=[FSX], path=path, passes=passes, failing=failing, passing=passing,
        severity=severity, trigger="periodic", parameters=parameters, rationale=rationale, remediation=remediation,
        applies=lambda ci: None if str(ci.configuration.get("FileSystemType", kind)).upper() == kind
        else f"not an FSx for {kind.title()} file system",
        reads=["configuration.FileSystemType"],
    )  # fmt: skip


def _in_param(name):
    return lambda value, params: str(value).upper() in [v.upper() for v in params[name]]


fsx_openzfs_copy_tags_enabled = _fsx(
    "OPENZFS", "fsx-openzfs-copy-tags-enabled", "FSx for OpenZFS copies tags to backups and volumes",
    "configuration.OpenZFSConfiguration", lambda v, p: as_bool(v.get("CopyTagsToBackups")) is True
    and as_bool(v.get("CopyTagsToVolumes")) is True, "tags are not copied to backups and volumes",
    "tags are copied to backups and volumes", "low",
    "Tags on backups and volumes carry ownership and classification, which access policies and cleanup rely on.",
    "aws fsx update-file-system --file-system-id FS --open-zfs-configuration CopyTagsToBackups=true,"
    "CopyTagsToVolumes=true",
)  # fmt: skip
fsx_lustre_copy_tags_to_backups = _fsx(
    "LUSTRE", "fsx-lustre-copy-tags-to-backups", "FSx for Lustre copies tags to backups",
    "configuration.LustreConfiguration.CopyTagsToBackups", lambda v, p: as_bool(v) is True,
    "tags are not copied to backups", "tags are copied to backups", "low",
    "Tags on backups carry ownership and classification, which access policies and cleanup rely on.",
    "Tags are copied only if set at creation: recreate the file system with CopyTagsToBackups=true.",
)  # fmt: skip
fsx_openzfs_deployment_type_check = _fsx(
    "OPENZFS", "fsx-openzfs-deployment-type-check", "FSx for OpenZFS file systems are Multi-AZ",
    "configuration.OpenZFSConfiguration.DeploymentType", _in_param("deploymentTypes"), "deployment type {value}",
    "Multi-AZ deployment", "medium", "A single-AZ file system goes down with its zone.",
    "Create a MULTI_AZ_1 file system and move the data (backup and restore or replication).",
    parameters={"deploymentTypes": Param(list, ["MULTI_AZ_1"], "Accepted deployment types")},
)  # fmt: skip
fsx_ontap_deployment_type_check = _fsx(
    "ONTAP", "fsx-ontap-deployment-type-check", "FSx for NetApp ONTAP file systems are Multi-AZ",
    "configuration.OntapConfiguration.DeploymentType", _in_param("deploymentTypes"), "deployment type {value}",
    "Multi-AZ deployment", "medium", "A single-AZ file system goes down with its zone.",
    "Create a MULTI_AZ file system and move the data with SnapMirror.",
    parameters={"deploymentTypes": Param(list, ["MULTI_AZ_1", "MULTI_AZ_2"], "Accepted deployment types")},
)  # fmt: skip
fsx_windows_deployment_type_check = _fsx(
    "WINDOWS", "fsx-windows-deployment-type-check", "FSx for Windows File Server file systems are Multi-AZ",
    "configuration.WindowsConfiguration.DeploymentType", _in_param("deploymentTypes"), "deployment type {value}",
    "Multi-AZ deployment", "medium", "A single-AZ file system goes down with its zone.",
    "Create a MULTI_AZ_1 file system and move the data (backup and restore or DataSync).",
    parameters={"deploymentTypes": Param(list, ["MULTI_AZ_1"], "Accepted deployment types")},
)  # fmt: skip

transfer_family_server_no_ftp = setting(
    id="transfer-family-server-no-ftp",
    title="Transfer Family servers do not use FTP",
    resource_types=["AWS::Transfer::Server"],
    path="configuration.Protocols",
    passes=lambda value, params: "FTP" not in [str(p).upper() for p in as_list(value)],
    failing="the server accepts plain FTP",
    passing="no plain FTP",
    severity="medium",
    trigger="periodic",
    rationale="FTP sends user names, passwords and files in clear text.",
    remediation="aws transfer update-server --server-id S --protocols SFTP FTPS",
)
transfer_connector_logging_enabled = setting(
    id="transfer-connector-logging-enabled",
    title="Transfer Family connectors log to CloudWatch",
    resource_types=["AWS::Transfer::Connector"],
    path="configuration.LoggingRole",
    passes=non_empty,
    failing="no logging role",
    passing="the connector logs to CloudWatch",
    absent="fail",  # AWS Config leaves LoggingRole out when logging is off
    severity="medium",
    rationale="Connector logs record each file sent or received and its outcome.",
    remediation="aws transfer update-connector --connector-id C --logging-role ROLE_ARN",
)
workspaces_user_volume_encryption_enabled = setting(
    id="workspaces-user-volume-encryption-enabled",
    title="WorkSpaces user volumes are encrypted at rest",
    resource_types=["AWS::WorkSpaces::Workspace"],
    path="configuration.UserVolumeEncryptionEnabled",
    what="user volume encryption",
    absent="fail",  # AWS Config leaves the flag out of unencrypted WorkSpaces
    severity="medium",
    rationale="The user volume holds the user's documents and profile.",
    remediation="Encryption is set at creation: create an encrypted WorkSpace and move the user to it.",
)
workspaces_root_volume_encryption_enabled = setting(
    id="workspaces-root-volume-encryption-enabled",
    title="WorkSpaces root volumes are encrypted at rest",
    resource_types=["AWS::WorkSpaces::Workspace"],
    path="configuration.RootVolumeEncryptionEnabled",
    what="root volume encryption",
    absent="fail",  # AWS Config leaves the flag out of unencrypted WorkSpaces
    severity="medium",
    rationale="The root volume holds the system, caches and whatever applications store locally.",
    remediation="Encryption is set at creation: create an encrypted WorkSpace and move the user to it.",
)


@declare(
    id="route53-query-logging-enabled",
    title="Route 53 public hosted zones log DNS queries",
    resource_types=["AWS::Route53::HostedZone"],
    reads=["configuration.QueryLoggingConfig", "configuration.HostedZoneConfig", "configuration.VPCs",
           "configuration.Name"],  # fmt: skip
    severity="medium",
    rationale="Query logs show which names are resolved, by whom, which helps with abuse and investigations.",
    remediation="aws route53 create-query-logging-config --hosted-zone-id Z --cloud-watch-logs-log-group-arn ARN",
)
def route53_query_logging_enabled(ci):
    """Reads configuration.QueryLoggingConfig of public zones (private zones, with VPCs, are not applicable)."""
    if not ci.configuration:
        return insufficient_data("the hosted zone was not recorded")
    private = as_bool((ci.configuration.get("HostedZoneConfig") or {}).get("PrivateZone"))
    if private or ci.configuration.get("VPCs"):
        return not_applicable("a private hosted zone")
    if ci.configuration.get("QueryLoggingConfig"):
        return compliant("queries are logged")
    return non_compliant("DNS query logging is off")


@declare(
    id="service-catalog-shared-within-organization",
    title="Service Catalog portfolios are shared only within the organization",
    resource_types=["AWS::ServiceCatalog::Portfolio"],
    reads=["supplementaryConfiguration.portfolioAccess"],
    severity="medium",
    rationale="Sharing with single accounts outside AWS Organizations escapes the organization's controls.",
    remediation="aws servicecatalog delete-portfolio-share --portfolio-id P --account-id ACCOUNT, then share with "
    "--organization-node Type=ORGANIZATION|ORGANIZATIONAL_UNIT,Value=...",
)
def service_catalog_shared_within_organization(ci):
    """Reads supplementaryConfiguration.portfolioAccess.accountIds, where AWS Config keeps the accounts a portfolio
    is shared with directly: any fails; shares with the organization or its units are not listed there and pass."""
    access = ci.supplementaryConfiguration.get("portfolioAccess")
    if access is None:
        return insufficient_data("the portfolio's shares were not recorded")
    accounts = [a for entry in as_list(access) for a in as_list(entry.get("accountIds"))]
    if accounts:
        return non_compliant(f"shared with account(s) {', '.join(sorted(set(map(str, accounts))))}")
    return compliant("shared only through AWS Organizations (or not at all)")


acm_pca_root_ca_disabled = setting(
    id="acm-pca-root-ca-disabled",
    title="AWS Private CA root certificate authorities are disabled",
    resource_types=["AWS::ACMPCA::CertificateAuthority"],
    path="configuration.Type",
    passes=not_in("ROOT"),
    failing="a root CA",
    passing="a subordinate CA",
    applies=lambda ci: "the CA is disabled" if str(ci.configuration.get("Status", "")).upper() in (
        "DISABLED", "DELETED") else None,  # fmt: skip
    reads=["configuration.Status"],
    severity="low",
    trigger="periodic",
    rationale="A root CA should be used only to sign subordinates and be disabled the rest of the time.",
    remediation="aws acm-pca update-certificate-authority --certificate-authority-arn CA --status DISABLED",
)
connect_instance_logging_enabled = setting(
    id="connect-instance-logging-enabled",
    title="Amazon Connect instances log contact flows to CloudWatch",
    resource_types=["AWS::Connect::Instance"],
    path="configuration.Attributes.ContactflowLogs",
    what="contact flow logging",
    severity="medium",
    rationale="Contact flow logs show how each call moved through the flows, for troubleshooting and audits.",
    remediation="aws connect update-instance-attribute --instance-id I --attribute-type CONTACTFLOW_LOGS --value true",
)

