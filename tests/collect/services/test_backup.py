"""AWS Backup recovery points. moto 5.2.5 has vaults but lacks ListRecoveryPointsByBackupVault: the recovery point
reads are answered by a Stubber in the API's real shape."""

from datetime import UTC, datetime

from collecting import access_denied, context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.backup import COLLECTORS, RECOVERY_POINT

BACKUP = COLLECTORS[0]
VAULT_ARN = "arn:aws:backup:us-east-1:123456789012:backup-vault:{}"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
WHEN = datetime(2026, 11, 1, tzinfo=UTC)


def _vault(name: str) -> dict:
    return {"BackupVaultName": name, "BackupVaultArn": VAULT_ARN.format(name), "NumberOfRecoveryPoints": 1}


def _point(vault: str, arn: str, encrypted: bool) -> dict:
    point = {
        "RecoveryPointArn": arn, "BackupVaultName": vault, "BackupVaultArn": VAULT_ARN.format(vault),
        "ResourceArn": "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0", "ResourceType": "EBS",
        "ResourceName": "data", "Status": "COMPLETED", "CreationDate": WHEN, "IsEncrypted": encrypted,
        "Lifecycle": {"DeleteAfterDays": 35}, "IsParent": False,
    }  # fmt: skip
    return {**point, "EncryptionKeyArn": KEY} if encrypted else point


SEALED = "arn:aws:ec2:us-east-1::snapshot/snap-0aaaaaaaaaaaaaaaa"
PLAIN = "arn:aws:ec2:us-east-1::snapshot/snap-0bbbbbbbbbbbbbbbb"


def test_recovery_points_of_every_vault_in_config_spelling():
    client, stubber = stubbed("backup")
    stubber.add_response("list_backup_vaults", {"BackupVaultList": [_vault("main"), _vault("legacy")]}, {})
    stubber.add_response("list_recovery_points_by_backup_vault", {"RecoveryPoints": [_point("main", SEALED, True)]},
                         {"BackupVaultName": "main"})  # fmt: skip
    stubber.add_response("list_recovery_points_by_backup_vault", {"RecoveryPoints": [_point("legacy", PLAIN, False)]},
                         {"BackupVaultName": "legacy"})  # fmt: skip
    with stubber:
        items, errors = run(BACKUP, clients={"backup": client})
    assert errors == []
    sealed = one(items, RECOVERY_POINT, SEALED)
    assert sealed.arn == SEALED
    assert sealed.get("configuration.IsEncrypted") is True
    assert sealed.get("configuration.EncryptionKeyArn") == KEY
    assert sealed.get("configuration.BackupVaultName") == "main"
    assert sealed.get("configuration.Lifecycle") == {"DeleteAfterDays": 35}
    assert sealed.get("configuration.CreationDate").startswith("2026-11-01")
    assert "ResourceName" not in sealed.configuration and "IsParent" not in sealed.configuration
    assert one(items, RECOVERY_POINT, PLAIN).get("configuration.IsEncrypted") is False


def test_a_vault_whose_points_are_denied_is_an_error_for_the_type():
    client, stubber = stubbed("backup")
    stubber.add_response("list_backup_vaults", {"BackupVaultList": [_vault("main")]}, {})
    access_denied(stubber, "list_recovery_points_by_backup_vault")
    with stubber:
        items, errors = run(BACKUP, clients={"backup": client})
    assert items == []
    assert [(e.api, e.resourceTypes, e.resourceId) for e in errors] == [
        ("ListRecoveryPointsByBackupVault", [RECOVERY_POINT], None)
    ]


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("backup", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(BACKUP.collect(ctx)) == []
    assert calls == ["ListBackupVaults"]
