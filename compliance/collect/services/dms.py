"""DMS: replication instances (public access, encryption key, upgrades), endpoints (SSL mode and the
engine settings: MongoDB authentication, Neptune IAM authorization, Redis OSS TLS) and replication tasks
(their ReplicationTaskSettings JSON, which holds the logging levels), in Config's PascalCase, resource id
the identifier.

Endpoints and tasks are resource specs (DescribeEndpoints, DescribeReplicationTasks): every password the
API may echo (``Password``, ``AuthPassword``, ``SaslPassword``, ...) is left out of the endpoint, and a
task's run statistics (state, not configuration) are left out. DMS ARNs end in a generated name, not the
identifier, so one resource by ARN is read with the ``endpoint-arn`` / ``replication-task-arn`` filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import jsonable, paginate
from compliance.collect.spec import ResourceSpec, spec_collector
from compliance.model import ConfigurationItem, Relationship

REPLICATION_INSTANCE = "AWS::DMS::ReplicationInstance"
ENDPOINT = "AWS::DMS::Endpoint"
TASK = "AWS::DMS::ReplicationTask"
TYPES = (REPLICATION_INSTANCE,)
TASK_STATE = ("ReplicationTaskStats", "StopReason", "LastFailureMessage", "RecoveryCheckpoint")


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


def _without_passwords(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_passwords(v) for k, v in value.items() if "password" not in k.lower()}
    if isinstance(value, list):
        return [_without_passwords(v) for v in value]
    return value


def _endpoint(entry: dict[str, Any]) -> dict[str, Any]:
    return {**_without_passwords(entry), "Id": entry.get("EndpointIdentifier")}


def _task(entry: dict[str, Any]) -> dict[str, Any]:
    shaped = {k: v for k, v in entry.items() if k not in TASK_STATE}
    return {**shaped, "Id": entry.get("ReplicationTaskIdentifier")}


def _filter(name: str) -> Any:
    return lambda value: {"Filters": [{"Name": name, "Values": [value]}]}


SPECS = (
    ResourceSpec(
        ENDPOINT, "DescribeEndpoints", "Endpoints", "EndpointIdentifier", arn="EndpointArn",
        name_key="EndpointIdentifier", casing="api", tags_key=None, clean=_endpoint,
        one=_filter("endpoint-id"), one_arn=_filter("endpoint-arn"),
    ),
    ResourceSpec(
        TASK, "DescribeReplicationTasks", "ReplicationTasks", "ReplicationTaskIdentifier", arn="ReplicationTaskArn",
        name_key="ReplicationTaskIdentifier", casing="api", tags_key=None, clean=_task,
        one=_filter("replication-task-id"), one_arn=_filter("replication-task-arn"),
    ),
)  # fmt: skip

COLLECTORS = [
    Collector(
        name="dms",
        resource_types=TYPES,
        permissions=("dms:DescribeReplicationInstances",),
        collect=collect,
        description="DMS replication instances: public access, encryption, minor version upgrades",
    ),
    spec_collector(
        "dms-migration", "dms", SPECS, description="DMS endpoints (SSL, authentication) and replication tasks (logging)"
    ),
]
