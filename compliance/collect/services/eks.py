"""EKS clusters: ListClusters (names only), then DescribeCluster per cluster, in AWS Config's
CloudFormation spelling. The API's ``logging.clusterLogging`` (groups of types, each enabled or not)
becomes Config's ``Logging.ClusterLogging.EnabledTypes`` (``[{"Type": "audit"}, ...]``, the enabled ones
only); no ``EncryptionConfig`` means secrets envelope encryption is off. The certificate authority data
is left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, paginate, pascal_case
from compliance.model import ConfigurationItem, Relationship

CLUSTER = "AWS::EKS::Cluster"
TYPES = (CLUSTER,)
# the certificate (large, not configuration), the idempotency token of the create call, and what is reshaped
DROPPED = ("certificateAuthority", "clientRequestToken", "tags", "logging")
CALLS = (
    Call("ListClusters", "eks:ListClusters", {CLUSTER: ("configuration", "tags")}, lists=TYPES),
    Call("DescribeCluster", "eks:DescribeCluster", {CLUSTER: ("configuration", "tags")}, per="resource"),
)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    eks = ctx.client("eks")
    names = paginate(ctx, eks, "list_clusters", "clusters", TYPES) or []
    found = ctx.map(lambda name: _cluster(ctx, eks, name), names)
    yield from (item for item in found if item is not None)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    name = id_or_arn.rsplit("/", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    return _cluster(ctx, ctx.client("eks"), name, absent_ok=True)


def configuration(cluster: dict[str, Any]) -> dict[str, Any]:
    """DescribeCluster's cluster as AWS Config records it."""
    shaped = pascal_case({k: v for k, v in cluster.items() if k not in DROPPED})
    enabled = [
        {"Type": kind}
        for group in (cluster.get("logging") or {}).get("clusterLogging") or []
        if group.get("enabled")
        for kind in group.get("types") or []
    ]
    shaped["Logging"] = {"ClusterLogging": {"EnabledTypes": enabled}} if enabled else {}
    shaped["ClusterStatus"] = shaped.pop("Status", None)
    return shaped


def _cluster(ctx: CollectContext, eks: Any, name: str, *, absent_ok: bool = False) -> ConfigurationItem | None:
    absent = ("ResourceNotFoundException",) if absent_ok else ()
    found = call(ctx, "eks", "DescribeCluster", eks.describe_cluster, TYPES, resource_id=name, absent=absent, name=name)
    cluster = (found or {}).get("cluster")
    if not cluster:
        return None
    vpc = cluster.get("resourcesVpcConfig") or {}
    relationships = [
        Relationship("AWS::EC2::Subnet", s, relationshipName="Is associated with Subnet")
        for s in vpc.get("subnetIds") or []
    ] + [
        Relationship("AWS::EC2::SecurityGroup", g, relationshipName="Is associated with SecurityGroup")
        for g in vpc.get("securityGroupIds") or []
    ]
    shaped = configuration(cluster)
    return ctx.item(
        CLUSTER, name, shaped, arn=cluster.get("arn"), name=name, tags=cluster.get("tags") or {},
        relationships=relationships, created=shaped.get("CreatedAt"),
    )  # fmt: skip


COLLECTORS = [
    Collector(
        name="eks",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="EKS clusters: endpoint access, Kubernetes version, secrets encryption, control plane logs",
    )
]
