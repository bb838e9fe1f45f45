"""RDS: DB instances and DB snapshots (with who may restore a manual snapshot)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

INSTANCE = "AWS::RDS::DBInstance"
SNAPSHOT = "AWS::RDS::DBSnapshot"
TYPES = (INSTANCE, SNAPSHOT)


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


def _instance(ctx: CollectContext, db: dict[str, Any], resource_id: str) -> ConfigurationItem:
    configuration = config_case({k: v for k, v in db.items() if k != "TagList"})
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


COLLECTORS = [
    Collector(
        name="rds",
        resource_types=TYPES,
        permissions=("rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:DescribeDBSnapshotAttributes"),
        collect=collect,
        description="RDS DB instances (public access, encryption, upgrades, backups) and DB snapshots (sharing)",
    )
]
