import boto3
from collecting import by_type, one, run
from moto import mock_aws

from compliance.collect.services.rds import CLUSTER, CLUSTER_SNAPSHOT, COLLECTORS, INSTANCE, SNAPSHOT

RDS = COLLECTORS[0]


def _db(rds, name, **kwargs):
    return rds.create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="password123",
        AllocatedStorage=20,
        **kwargs,
    )["DBInstance"]


@mock_aws
def test_instances_and_snapshots_with_config_names():
    rds = boto3.client("rds", region_name="eu-west-1")
    private = _db(
        rds,
        "private",
        PubliclyAccessible=False,
        StorageEncrypted=True,
        DeletionProtection=True,
        AutoMinorVersionUpgrade=True,
        BackupRetentionPeriod=7,
        Tags=[{"Key": "env", "Value": "prod"}],
    )
    _db(rds, "defaults")  # the simulator omits PubliclyAccessible for this one
    rds.create_db_snapshot(DBInstanceIdentifier="private", DBSnapshotIdentifier="shared")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="shared", AttributeName="restore", ValuesToAdd=["all"])
    rds.create_db_snapshot(DBInstanceIdentifier="private", DBSnapshotIdentifier="kept")

    items, errors = run(RDS, region="eu-west-1")

    assert errors == []
    # the simulator gives every instance the same DbiResourceId: identifiers keep them apart
    assert private["DbiResourceId"] == "db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U"
    good = one(items, INSTANCE, "private")
    assert good.resourceName == "private"
    assert good.awsRegion == "eu-west-1"
    c = good.configuration
    assert (c["publiclyAccessible"], c["storageEncrypted"], c["deletionProtection"]) == (False, True, True)
    assert (c["autoMinorVersionUpgrade"], c["backupRetentionPeriod"]) == (True, 7)
    assert c["dBInstanceIdentifier"] == "private"
    assert good.tags == {"env": "prod"}
    assert "TagList" not in good.configuration and "tagList" not in good.configuration
    defaults = next(i for i in by_type(items, INSTANCE) if i.resourceName == "defaults")
    assert defaults.configuration["publiclyAccessible"] is True  # AWS's default in a VPC with an IGW
    assert defaults.configuration["storageEncrypted"] is False

    shared = one(items, SNAPSHOT, "shared")
    attrs = {
        a["attributeName"]: a["attributeValues"] for a in shared.supplementaryConfiguration["DBSnapshotAttributes"]
    }
    assert attrs["restore"] == ["all"]
    kept = one(items, SNAPSHOT, "kept")
    attrs = {a["attributeName"]: a["attributeValues"] for a in kept.supplementaryConfiguration["DBSnapshotAttributes"]}
    assert "all" not in attrs.get("restore", [])
    assert shared.relationships[0].resourceName == "private"


@mock_aws
def test_denied_snapshot_attributes_recorded_per_snapshot():
    rds = boto3.client("rds", region_name="us-east-1")
    _db(rds, "db1")
    rds.create_db_snapshot(DBInstanceIdentifier="db1", DBSnapshotIdentifier="snap1")

    items, errors = run(RDS, deny={"rds": ["DescribeDBSnapshotAttributes"]})

    assert "DBSnapshotAttributes" not in one(items, SNAPSHOT, "snap1").supplementaryConfiguration
    assert [(e.api, e.resourceId, e.resourceTypes) for e in errors] == [
        ("DescribeDBSnapshotAttributes", "snap1", [SNAPSHOT])
    ]
    assert [i.resourceId for i in by_type(items, INSTANCE)] == ["db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U"]  # unique: Config's id


@mock_aws
def test_denied_instances_still_collects_snapshots():
    items, errors = run(RDS, deny={"rds": ["DescribeDBInstances"]})
    assert by_type(items, INSTANCE) == []
    assert [(e.api, e.resourceTypes) for e in errors] == [("DescribeDBInstances", [INSTANCE])]


@mock_aws
def test_clusters_and_cluster_snapshots():
    rds = boto3.client("rds", region_name="us-east-1")
    cluster = rds.create_db_cluster(
        DBClusterIdentifier="aurora",
        Engine="aurora-postgresql",
        MasterUsername="admin",
        MasterUserPassword="password123",
        StorageEncrypted=True,
        DeletionProtection=True,
    )["DBCluster"]
    rds.create_db_cluster_snapshot(DBClusterIdentifier="aurora", DBClusterSnapshotIdentifier="aurora-shared")
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="aurora-shared", AttributeName="restore", ValuesToAdd=["all"]
    )

    items, errors = run(RDS)

    assert errors == []
    found = one(items, CLUSTER, cluster["DbClusterResourceId"])
    c = found.configuration
    assert (c["dbclusterIdentifier"], c["storageEncrypted"], c["deletionProtection"]) == ("aurora", True, True)
    assert "iamdatabaseAuthenticationEnabled" in c and "latestRestorableTime" not in c
    shared = one(items, CLUSTER_SNAPSHOT, "aurora-shared")
    attributes = shared.supplementaryConfiguration["DBClusterSnapshotAttributes"]
    assert {a["attributeName"]: a["attributeValues"] for a in attributes}["restore"] == ["all"]
    assert shared.configuration["dbclusterSnapshotIdentifier"] == "aurora-shared"
