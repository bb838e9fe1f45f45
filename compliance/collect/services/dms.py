"""DMS: replication instances (public access, encryption key, upgrades), in Config's PascalCase."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import jsonable, paginate
from compliance.model import ConfigurationItem, Relationship

REPLICATION_INSTANCE = "AWS::DMS::ReplicationInstance"
TYPES = (REPLICATION_INSTANCE,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    dms = ctx.client("dms")
    for instance in paginate(ctx, dms, "describe_replication_instances", "ReplicationInstances", TYPES) or []:
        configuration = jsonable(instance)
        configuration["Id"] = instance["ReplicationInstanceIdentifier"]
        yield ctx.item(
            REPLICATION_INSTANCE,
            instance["ReplicationInstanceIdentifier"],
            configuration,
            arn=instance.get("ReplicationInstanceArn"),
            name=instance["ReplicationInstanceIdentifier"],
            relationships=[
                Relationship(
                    "AWS::EC2::SecurityGroup",
                    sg["VpcSecurityGroupId"],
                    relationshipName="Is associated with SecurityGroup",
                )
                for sg in instance.get("VpcSecurityGroups") or []
            ],
            created=configuration.get("InstanceCreateTime"),
        )


COLLECTORS = [
    Collector(
        name="dms",
        resource_types=TYPES,
        permissions=("dms:DescribeReplicationInstances",),
        collect=collect,
        description="DMS replication instances: public access, encryption, minor version upgrades",
    )
]
