"""Demo AWS Backup, in the first region: a vault holding an encrypted recovery point of a database and an
unencrypted one of an EBS volume (Backup.1).

moto 5.2.5 lacks ListRecoveryPointsByBackupVault: the seed answers it, as AWS Backup would, for its vault."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID

VAULT = "compliance-demo-vault"
CREATED = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


class _Ok:
    status_code = 200
    headers: dict[str, str] = {}


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    vault_arn = session.client("backup", region_name=region).create_backup_vault(BackupVaultName=VAULT)[
        "BackupVaultArn"
    ]
    common = {"BackupVaultName": VAULT, "BackupVaultArn": vault_arn, "Status": "COMPLETED", "CreationDate": CREATED,
              "CompletionDate": CREATED, "Lifecycle": {"DeleteAfterDays": 35}}  # fmt: skip
    points = [
        {**common, "RecoveryPointArn": f"arn:aws:rds:{region}:{DEMO_ACCOUNT_ID}:snapshot:awsbackup:job-orders-db-1",
         "ResourceArn": f"arn:aws:rds:{region}:{DEMO_ACCOUNT_ID}:db:orders-db", "ResourceType": "RDS",
         "IsEncrypted": True, "EncryptionKeyArn": f"arn:aws:kms:{region}:{DEMO_ACCOUNT_ID}:key/demo-backup-key"},
        {**common, "RecoveryPointArn": f"arn:aws:ec2:{region}::snapshot/snap-0demo0unencrypted",
         "ResourceArn": f"arn:aws:ec2:{region}:{DEMO_ACCOUNT_ID}:volume/vol-0demo0legacy", "ResourceType": "EBS",
         "IsEncrypted": False},
    ]  # fmt: skip

    def recovery_points(params: dict[str, Any], request_signer: Any, **_: Any) -> tuple[Any, dict[str, Any]]:
        # /backup-vaults/{backupVaultName}/recovery-points/
        vault = str(params.get("url_path", "")).split("/")[2]
        here = request_signer._region_name == region and vault == VAULT
        return _Ok(), {"RecoveryPoints": points if here else [], "ResponseMetadata": {"HTTPStatusCode": 200}}

    session.events.register("before-call.backup.ListRecoveryPointsByBackupVault", recovery_points)
