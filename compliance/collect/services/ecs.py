"""ECS clusters, services, task sets and task definitions, in AWS Config's CloudFormation spelling.

Clusters: ListClusters, then DescribeClusters (settings) in batches of 100. Services: ListServices per cluster,
then DescribeServices in batches of 10; their task sets come with them (``taskSets``), so no DescribeTaskSets.
Task definitions: ListTaskDefinitionFamilies (ACTIVE), then DescribeTaskDefinition per family, which answers
the family's latest ACTIVE revision: the one new tasks and services get. Older ACTIVE revisions still in use
are not read (one call per family instead of one per revision). Container environment values are stored
redacted (:func:`compliance.collect.helpers.redact`); their names are kept, which is what the rules read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, chunks, paginate, pascal_case, redact
from compliance.model import ConfigurationItem

CLUSTER = "AWS::ECS::Cluster"
SERVICE = "AWS::ECS::Service"
TASK_SET = "AWS::ECS::TaskSet"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"
TYPES = (CLUSTER, SERVICE, TASK_SET, TASK_DEFINITION)
WHOLE = ("configuration", "tags")
CALLS = (
    Call("ListClusters", "ecs:ListClusters", {CLUSTER: WHOLE}, lists=(CLUSTER, SERVICE, TASK_SET)),
    Call("DescribeClusters", "ecs:DescribeClusters", {CLUSTER: WHOLE}, lists=(CLUSTER,)),
    Call("ListServices", "ecs:ListServices", {SERVICE: WHOLE}, lists=(SERVICE, TASK_SET), per="resource"),
    Call("DescribeServices", "ecs:DescribeServices", {SERVICE: WHOLE, TASK_SET: WHOLE}, lists=(SERVICE, TASK_SET),
         per="resource"),
    Call("ListTaskDefinitionFamilies", "ecs:ListTaskDefinitionFamilies", {TASK_DEFINITION: WHOLE},
         lists=(TASK_DEFINITION,)),
    Call("DescribeTaskDefinition", "ecs:DescribeTaskDefinition", {TASK_DEFINITION: WHOLE}, lists=(TASK_DEFINITION,),
         per="resource"),
)  # fmt: skip
DATA_KEYS = ("options", "dockerLabels", "secretOptions", "systemControls")  # maps whose keys are data


def _pascal(value: Any) -> Any:
    """pascal_case, except that the keys of maps holding data (log driver options, labels) are kept."""
    if isinstance(value, dict):
        return {
            k[:1].upper() + k[1:]: (dict(v) if k in DATA_KEYS and isinstance(v, dict) else _pascal(v))
            for k, v in value.items()
            if k != "ResponseMetadata"
        }
    if isinstance(value, list):
        return [_pascal(v) for v in value]
    return pascal_case(value)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    ecs = ctx.client("ecs")
    if ctx.wants("ListClusters"):
        arns = paginate(ctx, ecs, "list_clusters", "clusterArns", (CLUSTER, SERVICE, TASK_SET)) or []
        for batch in chunks(arns, 100):
            found = call(ctx, "ecs", "DescribeClusters", ecs.describe_clusters, (CLUSTER, SERVICE, TASK_SET),
                         clusters=batch, include=["SETTINGS", "TAGS", "CONFIGURATIONS"])  # fmt: skip
            for cluster in (found or {}).get("clusters") or []:
                yield _cluster(ctx, cluster)
                if ctx.wants("ListServices"):
                    yield from _services(ctx, ecs, cluster["clusterArn"])
    if ctx.wants("ListTaskDefinitionFamilies"):
        families = paginate(ctx, ecs, "list_task_definition_families", "families", (TASK_DEFINITION,),
                            status="ACTIVE") or []  # fmt: skip
        found = ctx.map(lambda family: _task_definition(ctx, ecs, family), families)
        yield from (item for item in found if item is not None)


def _cluster(ctx: CollectContext, cluster: dict[str, Any]) -> ConfigurationItem:
    configuration = {
        "ClusterName": cluster.get("clusterName"),
        "Arn": cluster.get("clusterArn"),
        "ClusterSettings": _pascal(cluster.get("settings") or []),
        "CapacityProviders": cluster.get("capacityProviders") or [],
        "DefaultCapacityProviderStrategy": _pascal(cluster.get("defaultCapacityProviderStrategy") or []),
        "Configuration": _pascal(cluster.get("configuration") or {}),
    }
    return ctx.item(CLUSTER, str(cluster.get("clusterName")), configuration, arn=cluster.get("clusterArn"),
                    name=cluster.get("clusterName"), tags=_tags(cluster))  # fmt: skip


def _tags(resource: dict[str, Any]) -> dict[str, str]:
    return {t["key"]: t.get("value", "") for t in resource.get("tags") or [] if "key" in t}


def _services(ctx: CollectContext, ecs: Any, cluster_arn: str) -> Iterator[ConfigurationItem]:
    arns = paginate(ctx, ecs, "list_services", "serviceArns", (SERVICE, TASK_SET), resource_id=cluster_arn,
                    cluster=cluster_arn)  # fmt: skip
    for batch in chunks(arns or [], 10):
        found = call(ctx, "ecs", "DescribeServices", ecs.describe_services, (SERVICE, TASK_SET),
                     resource_id=cluster_arn, cluster=cluster_arn, services=batch, include=["TAGS"])  # fmt: skip
        for service in (found or {}).get("services") or []:
            yield _service(ctx, cluster_arn, service)
            for task_set in service.get("taskSets") or []:
                yield _task_set(ctx, cluster_arn, service, task_set)


def _service(ctx: CollectContext, cluster_arn: str, service: dict[str, Any]) -> ConfigurationItem:
    kept = {k: v for k, v in service.items() if k not in ("events", "deployments", "taskSets", "tags", "clusterArn")}
    configuration = {**_pascal(kept), "Cluster": cluster_arn, "Name": service.get("serviceName")}
    return ctx.item(SERVICE, str(service.get("serviceArn")), configuration, arn=service.get("serviceArn"),
                    name=service.get("serviceName"), tags=_tags(service))  # fmt: skip


def _task_set(ctx: CollectContext, cluster_arn: str, service: dict[str, Any], task_set: dict[str, Any]) -> Any:
    network = (task_set.get("networkConfiguration") or {}).get("awsvpcConfiguration")
    configuration = {
        **_pascal({k: v for k, v in task_set.items() if k not in ("networkConfiguration", "tags", "clusterArn")}),
        "Cluster": cluster_arn,
        "Service": service.get("serviceArn"),
    }
    if network is not None:  # Config spells this one AwsVpcConfiguration
        configuration["NetworkConfiguration"] = {"AwsVpcConfiguration": _pascal(network)}
    return ctx.item(TASK_SET, str(task_set.get("id")), configuration, arn=task_set.get("taskSetArn"),
                    name=task_set.get("id"), tags=_tags(task_set))  # fmt: skip


def _task_definition(ctx: CollectContext, ecs: Any, family: str) -> ConfigurationItem | None:
    found = call(ctx, "ecs", "DescribeTaskDefinition", ecs.describe_task_definition, (TASK_DEFINITION,),
                 resource_id=family, taskDefinition=family, include=["TAGS"])  # fmt: skip
    definition = (found or {}).get("taskDefinition")
    if not definition:
        return None
    arn = definition.get("taskDefinitionArn")
    containers = [
        {**c, "environment": [{**e, "value": redact(e.get("value"), salt=f"{arn}#{c.get('name')}#{e.get('name')}")}
                              for e in c.get("environment") or []]}
        for c in definition.get("containerDefinitions") or []
    ]  # fmt: skip
    configuration = _pascal({**definition, "containerDefinitions": containers})
    configuration["TaskDefinitionArn"] = arn
    return ctx.item(TASK_DEFINITION, str(arn), configuration, arn=arn, name=family,
                    tags=_tags({"tags": (found or {}).get("tags")}))  # fmt: skip


COLLECTORS = [
    Collector(
        name="ecs",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        description="ECS clusters (Container Insights), services and task sets (public IPs, platform versions), "
        "latest ACTIVE task definition revision per family (container settings; environment values redacted)",
    )
]
