"""Neptune cluster rules on clusters and cluster snapshots created in a simulated account (moto) through the RDS
API (Neptune clusters are AWS::RDS::DBCluster items) and read by the real RDS collector: one guarded and one bare
cluster, and a private snapshot of the first and a public one of the second. (moto 5.2.5 refuses Engine docdb, so
the DocumentDB rules are tested on Config-shaped items only.)"""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

CLUSTER, CLUSTER_SNAPSHOT = "AWS::RDS::DBCluster", "AWS::RDS::DBClusterSnapshot"
LOGIN = {"MasterUsername": "owner", "MasterUserPassword": "password-123"}


def _build(session: boto3.Session) -> None:
    rds = session.client("rds", region_name=REGION)
    for engine, logs in (("neptune", ["audit"]),):
        rds.create_db_cluster(DBClusterIdentifier=f"{engine}-guarded", Engine=engine, StorageEncrypted=True,
                              DeletionProtection=True, BackupRetentionPeriod=14, CopyTagsToSnapshot=True,
                              EnableCloudwatchLogsExports=logs,
                              **LOGIN)  # fmt: skip
        rds.create_db_cluster(DBClusterIdentifier=f"{engine}-bare", Engine=engine, StorageEncrypted=False,
                              DeletionProtection=False, BackupRetentionPeriod=1, CopyTagsToSnapshot=False,
                              **LOGIN)  # fmt: skip
        for source, name in ((f"{engine}-guarded", f"{engine}-private"), (f"{engine}-bare", f"{engine}-public")):
            rds.create_db_cluster_snapshot(DBClusterIdentifier=source, DBClusterSnapshotIdentifier=name)
        rds.modify_db_cluster_snapshot_attribute(
            DBClusterSnapshotIdentifier=f"{engine}-public", AttributeName="restore", ValuesToAdd=["all"]
        )


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return collected(_build, ["rds"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "neptune-cluster-backup-retention-check",
        "neptune-cluster-cloudwatch-log-export-enabled",
        "neptune-cluster-copy-tags-to-snapshot-enabled",
        "neptune-cluster-deletion-protection-enabled",
        "neptune-cluster-encrypted",
    ],
)
def test_cluster_rules(snapshot, rule_id):
    engine = rule_id.split("-")[0]
    verdict = verdicts(rule_id, snapshot, CLUSTER)
    assert verdict == {f"{engine}-guarded": COMPLIANT, f"{engine}-bare": NON_COMPLIANT}


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("neptune-cluster-snapshot-public-prohibited", {"neptune-private": COMPLIANT, "neptune-public": NON_COMPLIANT}),
        ("neptune-cluster-snapshot-encrypted", {"neptune-private": COMPLIANT, "neptune-public": NON_COMPLIANT}),
    ],
)
def test_cluster_snapshot_rules(snapshot, rule_id, expected):
    engine = rule_id.split("-")[0]
    verdict = verdicts(rule_id, snapshot, CLUSTER_SNAPSHOT)
    assert {k: v for k, v in verdict.items() if k.startswith(engine)} == expected
