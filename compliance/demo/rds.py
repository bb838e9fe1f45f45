"""Demo RDS: a hardened instance and an exposed one, a private and a public manual snapshot, an
unencrypted Aurora cluster, a DB proxy requiring TLS and one that does not, and an event
subscription covering critical instance events (in the first region only)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    _seed_proxy_and_events(session, regions)
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


def _seed_proxy_and_events(session: Any, regions: list[str]) -> None:
    for index, region in enumerate(regions[:2]):
        rds = session.client("rds", region_name=region)
        ec2 = session.client("ec2", region_name=region)
        default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default_vpc]}])["Subnets"]
        account = session.client("sts", region_name=region).get_caller_identity()["Account"]
        rds.create_db_proxy(
            DBProxyName="orders-proxy" if index == 0 else "legacy-proxy",
            EngineFamily="POSTGRESQL",
            Auth=[{"AuthScheme": "SECRETS", "SecretArn": f"arn:aws:secretsmanager:{region}:{account}:secret:db"}],
            RoleArn=f"arn:aws:iam::{account}:role/rds-proxy",
            VpcSubnetIds=sorted(s["SubnetId"] for s in subnets)[:2],
            RequireTLS=index == 0,
        )
        if index == 0:
            rds.create_event_subscription(
                SubscriptionName="db-instance-alerts",
                SnsTopicArn=f"arn:aws:sns:{region}:{account}:rds-alerts",
                SourceType="db-instance",
                EventCategories=["maintenance", "configuration change", "failure"],
                Enabled=True,
            )
