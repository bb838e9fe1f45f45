"""Demo RDS: a hardened instance and an exposed one, a private and a public manual snapshot, and an
unencrypted Aurora cluster."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    for index, region in enumerate(regions[:2]):
        rds = session.client("rds", region_name=region)
        common = {
            "DBInstanceClass": "db.t3.micro",
            "Engine": "postgres",
            "MasterUsername": "demo",
            "MasterUserPassword": "demo-password-1",
            "AllocatedStorage": 20,
        }
        if index == 0:
            rds.create_db_instance(
                DBInstanceIdentifier="orders-db",
                PubliclyAccessible=False,
                StorageEncrypted=True,
                DeletionProtection=True,
                AutoMinorVersionUpgrade=True,
                BackupRetentionPeriod=7,
                **common,
            )
            rds.create_db_snapshot(DBInstanceIdentifier="orders-db", DBSnapshotIdentifier="orders-db-manual")
        else:
            rds.create_db_instance(
                DBInstanceIdentifier="legacy-reporting-db",
                PubliclyAccessible=True,
                StorageEncrypted=False,
                AutoMinorVersionUpgrade=False,
                BackupRetentionPeriod=0,
                **common,
            )
            rds.create_db_snapshot(
                DBInstanceIdentifier="legacy-reporting-db", DBSnapshotIdentifier="legacy-reporting-shared"
            )
            rds.modify_db_snapshot_attribute(
                DBSnapshotIdentifier="legacy-reporting-shared", AttributeName="restore", ValuesToAdd=["all"]
            )
            rds.create_db_cluster(
                DBClusterIdentifier="legacy-aurora",
                Engine="aurora-postgresql",
                MasterUsername="demo",
                MasterUserPassword="demo-password-1",
                StorageEncrypted=False,
            )
