"""Redshift: clusters (public access, encryption, version upgrades) with audit logging status
in ``supplementaryConfiguration.LoggingStatus`` as AWS Config records it, and cluster parameter groups
(``AWS::Redshift::ClusterParameterGroup``, parameters in ``supplementaryConfiguration.Parameters``).

Every region lists AWS's default parameter groups, so groups are read only in a region that has a
cluster: an empty region costs its one DescribeClusters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

CLUSTER = "AWS::Redshift::Cluster"
PARAMETER_GROUP = "AWS::Redshift::ClusterParameterGroup"
TYPES = (CLUSTER, PARAMETER_GROUP)
# Descriptions and allowed values are AWS's prose; a group has about fifteen parameters (MaxRecords is 100).
PARAMETER_KEYS = ("ParameterName", "ParameterValue", "Source", "ApplyType", "DataType", "IsModifiable")
VOLATILE_LOGGING = ("LastSuccessfulDeliveryTime", "LastFailureTime", "LastFailureMessage")


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    redshift = ctx.client("redshift")
    clusters = paginate(ctx, redshift, "describe_clusters", "Clusters", TYPES) or []
    yield from ctx.map(lambda cluster: _cluster(ctx, redshift, cluster), clusters)
    if clusters:
        groups = paginate(ctx, redshift, "describe_cluster_parameter_groups", "ParameterGroups", (PARAMETER_GROUP,))
        yield from ctx.map(lambda group: _parameter_group(ctx, redshift, group), groups or [])


def _parameter_group(ctx: CollectContext, redshift: Any, group: dict[str, Any]) -> ConfigurationItem:
    name = group["ParameterGroupName"]
    supplementary: dict[str, Any] = {}
    parameters = call(
        ctx,
        "redshift",
        "DescribeClusterParameters",
        redshift.describe_cluster_parameters,
        (PARAMETER_GROUP,),
        resource_id=name,
        ParameterGroupName=name,
        MaxRecords=100,
    )
    if parameters is not None:
        supplementary["Parameters"] = [
            config_case({k: p[k] for k in PARAMETER_KEYS if k in p}) for p in parameters.get("Parameters") or []
        ]
    return ctx.item(
        PARAMETER_GROUP,
        name,
        config_case({k: v for k, v in group.items() if k != "Tags"}),
        arn=f"arn:{ctx.partition}:redshift:{ctx.region}:{ctx.account_id}:parametergroup:{name}",
        name=name,
        tags=tag_dict(group.get("Tags")),
        supplementary=supplementary,
    )


def _cluster(ctx: CollectContext, redshift: Any, cluster: dict[str, Any]) -> ConfigurationItem:
    cluster_id = cluster["ClusterIdentifier"]
    configuration = config_case({k: v for k, v in cluster.items() if k != "Tags"})
    configuration.setdefault("encrypted", False)
    supplementary: dict[str, Any] = {}
    logging = call(
        ctx,
        "redshift",
        "DescribeLoggingStatus",
        redshift.describe_logging_status,
        TYPES,
        resource_id=cluster_id,
        ClusterIdentifier=cluster_id,
    )
    if logging is not None:
        supplementary["LoggingStatus"] = config_case({k: v for k, v in logging.items() if k not in VOLATILE_LOGGING})
    relationships = [
        Relationship(
            "AWS::EC2::SecurityGroup", sg["VpcSecurityGroupId"], relationshipName="Is associated with SecurityGroup"
        )
        for sg in cluster.get("VpcSecurityGroups") or []
    ]
    if cluster.get("VpcId"):
        relationships.append(Relationship("AWS::EC2::VPC", cluster["VpcId"], relationshipName="Is contained in Vpc"))
    arn = f"arn:{ctx.partition}:redshift:{ctx.region}:{ctx.account_id}:cluster:{cluster_id}"
    return ctx.item(
        CLUSTER,
        cluster_id,
        configuration,
        arn=arn,
        name=cluster_id,
        tags=tag_dict(cluster.get("Tags")),
        supplementary=supplementary,
        relationships=relationships,
        created=configuration.get("clusterCreateTime"),
    )


COLLECTORS = [
    Collector(
        name="redshift",
        resource_types=TYPES,
        permissions=(
            "redshift:DescribeClusters",
            "redshift:DescribeLoggingStatus",
            "redshift:DescribeClusterParameterGroups",
            "redshift:DescribeClusterParameters",
        ),
        collect=collect,
        description="Redshift clusters: public access, encryption, version upgrades, audit logging; parameter groups",
    )
]
