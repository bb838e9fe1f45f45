"""AWS Backup recovery points: ListBackupVaults, then ListRecoveryPointsByBackupVault per vault, in AWS Config's
spelling (``AWS::Backup::RecoveryPoint``, resource id the recovery point's ARN; ``IsEncrypted``,
``EncryptionKeyArn``, ``BackupVaultName``, ``ResourceArn``, ``ResourceType``, ``Lifecycle``, ``CreatedBy``, ...).
Fields Config does not record (parent and composite members, resource names, index status) are left out. A vault
whose recovery points could not be listed is an error for the type in that region (its points are unknown, not
absent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import jsonable, paginate
from compliance.model import ConfigurationItem

RECOVERY_POINT = "AWS::Backup::RecoveryPoint"
TYPES = (RECOVERY_POINT,)
KEPT = (
    "RecoveryPointArn", "BackupVaultName", "BackupVaultArn", "SourceBackupVaultArn", "ResourceArn", "ResourceType",
    "CreatedBy", "IamRoleArn", "Status", "StatusMessage", "CreationDate", "CompletionDate", "BackupSizeInBytes",
    "CalculatedLifecycle", "Lifecycle", "EncryptionKeyArn", "IsEncrypted", "LastRestoreTime", "StorageClass",
    "VaultType",
)  # fmt: skip
CALLS = (
    Call("ListBackupVaults", "backup:ListBackupVaults", {}, lists=TYPES),
    Call(
        "ListRecoveryPointsByBackupVault",
        "backup:ListRecoveryPointsByBackupVault",
        {RECOVERY_POINT: ("configuration",)},
        lists=TYPES,
    ),  # fmt: skip
)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    backup = ctx.client("backup")
    vaults = paginate(ctx, backup, "list_backup_vaults", "BackupVaultList", TYPES) or []
    listed = ctx.map(lambda vault: _points(ctx, backup, vault["BackupVaultName"]), vaults)
    for points in listed:
        for point in points:
            yield _recovery_point(ctx, point)


def _points(ctx: CollectContext, backup: Any, vault: str) -> list[dict[str, Any]]:
    return paginate(ctx, backup, "list_recovery_points_by_backup_vault", "RecoveryPoints", TYPES,
                    BackupVaultName=vault) or []  # fmt: skip


def _recovery_point(ctx: CollectContext, point: dict[str, Any]) -> ConfigurationItem:
    configuration = jsonable({k: point[k] for k in KEPT if k in point})
    return ctx.item(
        RECOVERY_POINT,
        point["RecoveryPointArn"],
        configuration,
        arn=point["RecoveryPointArn"],
        created=configuration.get("CreationDate"),
    )


COLLECTORS = [
    Collector(
        name="backup",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        description="AWS Backup recovery points: encryption at rest",
    )
]
