"""EFS rules: file system encryption and backups, access point restrictions."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import as_bool, property_rule

FILE_SYSTEM = "AWS::EFS::FileSystem"
ACCESS_POINT = "AWS::EFS::AccessPoint"


@rule(
    id="efs-encrypted-check",
    title="EFS file systems are encrypted at rest with KMS",
    resource_types=[FILE_SYSTEM],
    severity="medium",
    trigger="periodic",
    parameters={"KmsKeyId": Param(str, None, "Require this KMS key ARN")},
    rationale="Encryption at rest protects file data on the underlying storage and its backups.",
    remediation="Encryption is set at creation: create an encrypted file system and copy the data (e.g. DataSync).",
    reads=["configuration.Encrypted", "configuration.KmsKeyId"],
)
def efs_encrypted_check(ci, params):
    """Reads configuration.Encrypted and KmsKeyId."""
    encrypted = as_bool(ci.configuration.get("Encrypted"))
    if encrypted is None:
        return insufficient_data("configuration.Encrypted was not recorded")
    if not encrypted:
        return non_compliant("the file system is not encrypted")
    if params["KmsKeyId"] and ci.configuration.get("KmsKeyId") != params["KmsKeyId"]:
        return non_compliant(f"encrypted with {ci.configuration.get('KmsKeyId')}, not {params['KmsKeyId']}")
    return compliant("encrypted at rest")


efs_in_backup_plan = property_rule(
    id="efs-in-backup-plan",
    title="EFS file systems are backed up automatically",
    resource_types=[FILE_SYSTEM],
    path="configuration.BackupPolicy.Status",
    passes=lambda value, params: str(value).upper() == "ENABLED",
    failing="automatic backups are {value}",
    passing="automatic backups are enabled",
    trigger="periodic",
    rationale="Backups let you restore files after deletion, corruption or ransomware.",
    remediation="aws efs put-backup-policy --file-system-id FS --backup-policy Status=ENABLED",
)

efs_access_point_enforce_root_directory = property_rule(
    id="efs-access-point-enforce-root-directory",
    title="EFS access points enforce a root directory",
    resource_types=[ACCESS_POINT],
    path="configuration.RootDirectory.Path",
    passes=lambda value, params: str(value) not in ("", "/"),
    failing="the access point exposes the file system root",
    passing="a root directory is enforced",
    absent="fail",
    rationale="A root directory confines clients of the access point to their own subtree.",
    remediation="Create a new access point with --root-directory Path=/app and move clients to it.",
)

efs_access_point_enforce_user_identity = property_rule(
    id="efs-access-point-enforce-user-identity",
    title="EFS access points enforce a user identity",
    resource_types=[ACCESS_POINT],
    path="configuration.PosixUser.Uid",
    passes=lambda value, params: value not in ("", None),
    failing="no POSIX user is enforced",
    passing="a POSIX user is enforced",
    absent="fail",
    rationale="An enforced POSIX user keeps clients from acting as any user id they like, including root.",
    remediation="Create a new access point with --posix-user Uid=...,Gid=... and move clients to it.",
)
