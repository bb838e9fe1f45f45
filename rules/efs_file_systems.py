"""EFS file system rules FSBP added: automatic backups and encryption (Security Hub's newer checks)."""

from __future__ import annotations

from ._checks import is_in, setting
from .efs import FILE_SYSTEM

efs_automatic_backups_enabled = setting(
    id="efs-automatic-backups-enabled",
    title="EFS file systems have automatic backups",
    resource_types=[FILE_SYSTEM],
    path="configuration.BackupPolicy.Status",
    passes=is_in("ENABLED", "ENABLING"),
    failing="automatic backups are {value}",
    passing="automatic backups are on",
    severity="medium",
    rationale="Automatic backups let you restore files after deletion, corruption or ransomware.",
    remediation="aws efs put-backup-policy --file-system-id FS --backup-policy Status=ENABLED",
)
efs_filesystem_ct_encrypted = setting(
    id="efs-filesystem-ct-encrypted",
    title="EFS file systems are encrypted at rest",
    resource_types=[FILE_SYSTEM],
    path="configuration.Encrypted",
    what="encryption at rest",
    severity="medium",
    rationale="Encryption at rest protects file data on the underlying storage and its backups.",
    remediation="Encryption is set at creation: create an encrypted file system and copy the data (e.g. DataSync).",
)
