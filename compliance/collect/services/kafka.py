"""Amazon MSK provisioned clusters and MSK Connect connectors, in AWS Config's PascalCase.

Clusters (``AWS::MSK::Cluster``, resource id the cluster ARN): ListClustersV2 with the PROVISIONED filter
gives every cluster with its settings in one request; the ``Provisioned`` part (broker node group and
public access, client authentication, encryption, logging, monitoring) is lifted to the top level as
Config records it. State, operation and connect strings are left out. One cluster by ARN is read with
DescribeClusterV2.

Connectors (``AWS::KafkaConnect::Connector``, resource id the connector ARN): ListConnectors' summaries
(camelCase in the API) as Config's PascalCase: ``KafkaClusterEncryptionInTransit``, ``LogDelivery``,
``KafkaClusterClientAuthentication``, capacity, plugins. DescribeConnector is never called: its connector
configuration may hold credentials."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate, pascal_case, tag_dict
from compliance.model import ConfigurationItem

CLUSTER = "AWS::MSK::Cluster"
CONNECTOR = "AWS::KafkaConnect::Connector"
ABSENT = ("NotFoundException",)
CLUSTER_STATE = (
    "ActiveOperationArn", "State", "StateInfo", "Tags", "ZookeeperConnectString", "ZookeeperConnectStringTls",
    "CustomerActionStatus", "Provisioned", "Serverless",
)  # fmt: skip
CONNECTOR_STATE = ("ConnectorState", "StateDescription")
CLUSTER_CALLS = (
    Call("ListClustersV2", "kafka:ListClustersV2", {CLUSTER: ("configuration", "tags")}, lists=(CLUSTER,)),
    Call("DescribeClusterV2", "kafka:DescribeClusterV2", {}, per="resource"),  # one cluster read by ARN
)
CONNECTOR_CALLS = (
    Call("ListConnectors", "kafkaconnect:ListConnectors", {CONNECTOR: ("configuration",)}, lists=(CONNECTOR,)),
)


def cluster_configuration(info: dict[str, Any]) -> dict[str, Any]:
    """A ListClustersV2 / DescribeClusterV2 provisioned cluster as AWS Config records it."""
    shaped = {k: v for k, v in info.items() if k not in CLUSTER_STATE}
    provisioned = {k: v for k, v in (info.get("Provisioned") or {}).items() if k not in CLUSTER_STATE}
    return jsonable({**shaped, **provisioned, "Arn": info.get("ClusterArn")})


def _cluster(ctx: CollectContext, info: dict[str, Any]) -> ConfigurationItem:
    configuration = cluster_configuration(info)
    return ctx.item(
        CLUSTER, info["ClusterArn"], configuration, arn=info["ClusterArn"], name=info.get("ClusterName"),
        tags=tag_dict(info.get("Tags")), created=configuration.get("CreationTime"),
    )  # fmt: skip


def collect_clusters(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    kafka = ctx.client("kafka")
    listed = paginate(ctx, kafka, "list_clusters_v2", "ClusterInfoList", (CLUSTER,), ClusterTypeFilter="PROVISIONED")
    for info in listed or []:
        if info.get("ClusterType", "PROVISIONED") == "PROVISIONED":
            yield _cluster(ctx, info)


def read_cluster(ctx: CollectContext, arn: str) -> ConfigurationItem | None:
    if not arn.startswith("arn:"):
        return None  # a cluster is named by its ARN
    found = call(ctx, "kafka", "DescribeClusterV2", ctx.client("kafka").describe_cluster_v2, (CLUSTER,),
                 resource_id=arn, absent=ABSENT, ClusterArn=arn)  # fmt: skip
    info = (found or {}).get("ClusterInfo")
    return _cluster(ctx, info) if info and info.get("ClusterType", "PROVISIONED") == "PROVISIONED" else None


def connector_configuration(summary: dict[str, Any]) -> dict[str, Any]:
    """A ListConnectors summary in AWS Config's PascalCase."""
    shaped = pascal_case(summary)
    return {k: v for k, v in shaped.items() if k not in CONNECTOR_STATE}


def collect_connectors(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    listed = paginate(ctx, ctx.client("kafkaconnect"), "list_connectors", "connectors", (CONNECTOR,))
    for summary in listed or []:
        configuration = connector_configuration(summary)
        yield ctx.item(
            CONNECTOR, summary["connectorArn"], configuration, arn=summary["connectorArn"],
            name=summary.get("connectorName"), created=configuration.get("CreationTime"),
        )  # fmt: skip


def read_connector(ctx: CollectContext, arn: str) -> ConfigurationItem | None:
    return next((i for i in collect_connectors(ctx) if arn in (i.arn, i.resourceName)), None)


COLLECTORS = [
    Collector(
        name="kafka",
        resource_types=(CLUSTER,),
        calls=CLUSTER_CALLS,
        collect=collect_clusters,
        read_one=read_cluster,
        description="MSK provisioned clusters: TLS, public access, unauthenticated access",
    ),
    Collector(
        name="kafkaconnect",
        resource_types=(CONNECTOR,),
        calls=CONNECTOR_CALLS,
        collect=collect_connectors,
        read_one=read_connector,
        description="MSK Connect connectors: encryption in transit, worker log delivery",
    ),
]
