"""RDS cluster and instance rules (issue 13) on clusters and instances created in a simulated account (moto) and
read by the real collectors: IAM authentication, log exports, copy-tags-to-snapshot, minor upgrades, admin names
and ports, each on one database that has the setting and one that lacks it."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

CLUSTER, DB = "AWS::RDS::DBCluster", "AWS::RDS::DBInstance"
LOGIN = {"MasterUserPassword": "password-123"}
MULTI_AZ = {"DBClusterInstanceClass": "db.m5d.large", "StorageType": "io1", "AllocatedStorage": 100, "Iops": 1000}


def _build(session: boto3.Session) -> None:
    rds = session.client("rds", region_name=REGION)
    rds.create_db_cluster(DBClusterIdentifier="amy", Engine="aurora-mysql", MasterUsername="owner",
                          EnableIAMDatabaseAuthentication=True, EnableCloudwatchLogsExports=["audit", "error"],
                          **LOGIN)  # fmt: skip
    rds.create_db_cluster(DBClusterIdentifier="amy-bare", Engine="aurora-mysql", MasterUsername="admin",
                          EnableCloudwatchLogsExports=["error"], **LOGIN)  # fmt: skip
    rds.create_db_cluster(DBClusterIdentifier="apg", Engine="aurora-postgresql", MasterUsername="owner",
                          EnableCloudwatchLogsExports=["postgresql"], **LOGIN)  # fmt: skip
    rds.create_db_cluster(DBClusterIdentifier="apg-bare", Engine="aurora-postgresql", MasterUsername="owner", **LOGIN)
    for engine in ("mysql", "postgres"):
        rds.create_db_cluster(DBClusterIdentifier=f"{engine}-tagged", Engine=engine, MasterUsername="owner",
                              CopyTagsToSnapshot=True, AutoMinorVersionUpgrade=True, **MULTI_AZ, **LOGIN)  # fmt: skip
        rds.create_db_cluster(DBClusterIdentifier=f"{engine}-bare", Engine=engine, MasterUsername="owner",
                              CopyTagsToSnapshot=False, AutoMinorVersionUpgrade=False, **MULTI_AZ, **LOGIN)  # fmt: skip
    small = {"DBInstanceClass": "db.t3.micro", "AllocatedStorage": 20, **LOGIN}
    rds.create_db_instance(DBInstanceIdentifier="pg-db", Engine="postgres", MasterUsername="dbowner", Port=5433,
                           CopyTagsToSnapshot=True, EnableCloudwatchLogsExports=["postgresql", "upgrade"],
                           **small)  # fmt: skip
    rds.create_db_instance(DBInstanceIdentifier="pg-plain", Engine="postgres", MasterUsername="postgres", Port=5432,
                           EnableCloudwatchLogsExports=["upgrade"], **small)  # fmt: skip
    rds.create_db_instance(DBInstanceIdentifier="ss-db", Engine="sqlserver-ex", MasterUsername="dbowner",
                           EnableCloudwatchLogsExports=["agent", "error"], **small)  # fmt: skip
    rds.create_db_instance(DBInstanceIdentifier="ss-plain", Engine="sqlserver-ex", MasterUsername="dbowner",
                           EnableCloudwatchLogsExports=["error"], **small)  # fmt: skip
    maria = {"Engine": "mariadb", "EngineVersion": "10.11.6", **small}  # moto has no default mariadb version
    rds.create_db_instance(DBInstanceIdentifier="maria-db", MasterUsername="dbowner",
                           EnableCloudwatchLogsExports=["audit", "error", "general"], **maria)  # fmt: skip
    rds.create_db_instance(DBInstanceIdentifier="maria-plain", MasterUsername="admin", **maria)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return collected(_build, ["rds"])


@pytest.mark.parametrize(
    ("rule_id", "resource_type", "expected"),
    [
        ("rds-cluster-iam-authentication-enabled", CLUSTER, {"amy": COMPLIANT, "amy-bare": NON_COMPLIANT}),
        ("rds-aurora-mysql-audit-logging-enabled", CLUSTER, {"amy": COMPLIANT, "amy-bare": NON_COMPLIANT}),
        ("rds-aurora-postgresql-logs-to-cloudwatch", CLUSTER, {"apg": COMPLIANT, "apg-bare": NON_COMPLIANT}),
        ("rds-mysql-cluster-copy-tags-to-snapshot-check", CLUSTER,
         {"mysql-tagged": COMPLIANT, "mysql-bare": NON_COMPLIANT}),
        ("rds-pgsql-cluster-copy-tags-to-snapshot-check", CLUSTER,
         {"postgres-tagged": COMPLIANT, "postgres-bare": NON_COMPLIANT}),
        ("rds-cluster-auto-minor-version-upgrade-enable", CLUSTER,
         {"mysql-tagged": COMPLIANT, "mysql-bare": NON_COMPLIANT,
          "postgres-tagged": COMPLIANT, "postgres-bare": NON_COMPLIANT}),
        ("rds-instance-copy-tags-to-snapshots-enabled", DB, {"pg-db": COMPLIANT, "pg-plain": NON_COMPLIANT}),
        ("rds-instance-default-admin-check", DB,
         {"pg-db": COMPLIANT, "pg-plain": NON_COMPLIANT, "maria-plain": NON_COMPLIANT}),
        ("rds-no-default-ports", DB, {"pg-db": COMPLIANT, "pg-plain": NON_COMPLIANT}),
        ("rds-postgresql-logs-to-cloudwatch", DB, {"pg-db": COMPLIANT, "pg-plain": NON_COMPLIANT}),
        ("rds-sql-server-logs-to-cloudwatch", DB, {"ss-db": COMPLIANT, "ss-plain": NON_COMPLIANT}),
        ("mariadb-publish-logs-to-cloudwatch-logs", DB, {"maria-db": COMPLIANT, "maria-plain": NON_COMPLIANT}),
    ],
)  # fmt: skip
def test_rules_on_collected_databases(snapshot, rule_id, resource_type, expected):
    found = verdicts(rule_id, snapshot, resource_type)
    assert {name: found.get(name) for name in expected} == expected
