"""RDS: DB instances and clusters, and their snapshots (with who may restore a manual snapshot).

DB clusters use AWS Config's older spelling (`dbclusterIdentifier`, `iamdatabaseAuthenticationEnabled`);
point-in-time-restore bounds (`latestRestorableTime`) are left out: they move every few minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, jackson_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

INSTANCE = "AWS::RDS::DBInstance"
SNAPSHOT = "AWS::RDS::DBSnapshot"
CLUSTER = "AWS::RDS::DBCluster"
CLUSTER_SNAPSHOT = "AWS::RDS::DBClusterSnapshot"
TYPES = (INSTANCE, SNAPSHOT, CLUSTER, CLUSTER_SNAPSHOT)
# Point-in-time-restore bounds move every few minutes: recording them would make every scan a change.
VOLATILE = ("TagList", "LatestRestorableTime", "EarliestRestorableTime")


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    rds = ctx.client("rds")
    instances = paginate(ctx, rds, "describe_db_instances", "DBInstances", (INSTANCE,)) or []
    # AWS Config names an instance by its DbiResourceId; should two instances share one (the
    # simulator hands every instance the same), their identifiers keep them apart.
    resource_ids = [db.get("DbiResourceId") for db in instances]
    for db in instances:
        unique = db.get("DbiResourceId") and resource_ids.count(db["DbiResourceId"]) == 1
        yield _instance(ctx, db, db["DbiResourceId"] if unique else db["DBInstanceIdentifier"])
    snapshots = paginate(ctx, rds, "describe_db_snapshots", "DBSnapshots", (SNAPSHOT,))
    yield from ctx.map(lambda snap: _snapshot(ctx, rds, snap), snapshots or [])
    for cluster in paginate(ctx, rds, "describe_db_clusters", "DBClusters", (CLUSTER,)) or []:
        yield _cluster(ctx, cluster)
    cluster_snapshots = paginate(ctx, rds, "describe_db_cluster_snapshots", "DBClusterSnapshots", (CLUSTER_SNAPSHOT,))
    yield from ctx.map(lambda snap: _cluster_snapshot(ctx, rds, snap), cluster_snapshots or [])


def _instance(ctx: CollectContext, db: dict[str, Any], resource_id: str) -> ConfigurationItem:
    configuration = config_case({k: v for k, v in db.items() if k not in VOLATILE})
    # AWS always answers PubliclyAccessible; when it is missing (the simulator omits it when it
    # was not given at creation) AWS's documented default applies: public when the VPC has an
    # internet gateway, which every default VPC has. Assume public rather than guess private.
    configuration.setdefault("publiclyAccessible", True)
    configuration.setdefault("storageEncrypted", False)
    configuration.setdefault("deletionProtection", False)
    relationships = [
        Relationship(
            "AWS::EC2::SecurityGroup", sg["VpcSecurityGroupId"], relationshipName="Is associated with SecurityGroup"
        )
        for sg in db.get("VpcSecurityGroups") or []
    ]
    subnet_group = db.get("DBSubnetGroup") or {}
    if subnet_group.get("VpcId"):
        relationships.append(
            Relationship("AWS::EC2::VPC", subnet_group["VpcId"], relationshipName="Is contained in Vpc")
        )
    if subnet_group.get("DBSubnetGroupName"):
        relationships.append(
            Relationship(
                "AWS::RDS::DBSubnetGroup",
                resourceName=subnet_group["DBSubnetGroupName"],
                relationshipName="Is associated with DBSubnetGroup",
            )
        )
    return ctx.item(
        INSTANCE,
        resource_id,
        configuration,
        arn=db.get("DBInstanceArn"),
        name=db["DBInstanceIdentifier"],
        tags=tag_dict(db.get("TagList")),
        relationships=relationships,
        created=configuration.get("instanceCreateTime"),
        availability_zone=db.get("AvailabilityZone"),
    )


def _snapshot(ctx: CollectContext, rds: Any, snap: dict[str, Any]) -> ConfigurationItem:
    snapshot_id = snap["DBSnapshotIdentifier"]
    configuration = config_case({k: v for k, v in snap.items() if k != "TagList"})
    supplementary: dict[str, Any] = {}
    if snap.get("SnapshotType") == "manual":  # only manual snapshots can be shared
        answer = call(
            ctx,
            "rds",
            "DescribeDBSnapshotAttributes",
            rds.describe_db_snapshot_attributes,
            (SNAPSHOT,),
            resource_id=snapshot_id,
            DBSnapshotIdentifier=snapshot_id,
        )
        if answer is not None:
            result = answer.get("DBSnapshotAttributesResult") or {}
            supplementary["DBSnapshotAttributes"] = config_case(result.get("DBSnapshotAttributes") or [])
    else:
        supplementary["DBSnapshotAttributes"] = []
    return ctx.item(
        SNAPSHOT,
        snapshot_id,
        configuration,
        arn=snap.get("DBSnapshotArn"),
        name=snapshot_id,
        tags=tag_dict(snap.get("TagList")),
        supplementary=supplementary,
        relationships=[
            Relationship(
                INSTANCE, resourceName=snap["DBInstanceIdentifier"], relationshipName="Is associated with DBInstance"
            )
        ]
        if snap.get("DBInstanceIdentifier")
        else [],
        created=configuration.get("snapshotCreateTime"),
    )


def _cluster(ctx: CollectContext, cluster: dict[str, Any]) -> ConfigurationItem:
    # AWS Config spells DBCluster keys with the leading capitals lowered: dbclusterIdentifier, ...
    configuration = jackson_case({k: v for k, v in cluster.items() if k not in VOLATILE})
    configuration.setdefault("storageEncrypted", False)
    configuration.setdefault("deletionProtection", False)
    relationships = [
        Relationship(
            "AWS::EC2::SecurityGroup", sg["VpcSecurityGroupId"], relationshipName="Is associated with SecurityGroup"
        )
        for sg in cluster.get("VpcSecurityGroups") or []
    ]
    relationships += [
        Relationship(INSTANCE, resourceName=m["DBInstanceIdentifier"], relationshipName="Contains DBInstance")
        for m in cluster.get("DBClusterMembers") or []
    ]
    return ctx.item(
        CLUSTER,
        cluster.get("DbClusterResourceId") or cluster["DBClusterIdentifier"],
        configuration,
        arn=cluster.get("DBClusterArn"),
        name=cluster["DBClusterIdentifier"],
        tags=tag_dict(cluster.get("TagList")),
        relationships=relationships,
        created=configuration.get("clusterCreateTime"),
    )


def _cluster_snapshot(ctx: CollectContext, rds: Any, snap: dict[str, Any]) -> ConfigurationItem:
    snapshot_id = snap["DBClusterSnapshotIdentifier"]
    configuration = jackson_case({k: v for k, v in snap.items() if k != "TagList"})
    supplementary: dict[str, Any] = {"DBClusterSnapshotAttributes": []}
    if snap.get("SnapshotType") == "manual":
        answer = call(
            ctx,
            "rds",
            "DescribeDBClusterSnapshotAttributes",
            rds.describe_db_cluster_snapshot_attributes,
            (CLUSTER_SNAPSHOT,),
            resource_id=snapshot_id,
            DBClusterSnapshotIdentifier=snapshot_id,
        )
        if answer is None:
            supplementary = {}
        else:
            result = answer.get("DBClusterSnapshotAttributesResult") or {}
            supplementary["DBClusterSnapshotAttributes"] = config_case(result.get("DBClusterSnapshotAttributes") or [])
    return ctx.item(
        CLUSTER_SNAPSHOT,
        snapshot_id,
        configuration,
        arn=snap.get("DBClusterSnapshotArn"),
        name=snapshot_id,
        tags=tag_dict(snap.get("TagList")),
        supplementary=supplementary,
        relationships=[
            Relationship(
                CLUSTER, resourceName=snap["DBClusterIdentifier"], relationshipName="Is associated with DBCluster"
            )
        ]
        if snap.get("DBClusterIdentifier")
        else [],
        created=configuration.get("snapshotCreateTime"),
    )


COLLECTORS = [
    Collector(
        name="rds",
        resource_types=TYPES,
        permissions=(
            "rds:DescribeDBInstances",
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBSnapshotAttributes",
            "rds:DescribeDBClusters",
            "rds:DescribeDBClusterSnapshots",
            "rds:DescribeDBClusterSnapshotAttributes",
        ),
        collect=collect,
        description="RDS DB instances and clusters (public access, encryption, upgrades, backups) and their snapshots",
    )
]
