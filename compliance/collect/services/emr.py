"""EMR clusters and security configurations, as data (:mod:`compliance.collect.spec`): ListClusters then
DescribeCluster per cluster (primary node DNS name, state); ListSecurityConfigurations then
DescribeSecurityConfiguration per configuration (the JSON document, as AWS Config records it).

``emr-account`` contributes the region's block public access configuration to the regional account item
(``emrBlockPublicAccess``: GetBlockPublicAccessConfiguration's ``BlockPublicAccessConfiguration``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, jsonable
from compliance.collect.spec import Detail, ResourceSpec, spec_collector
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

CLUSTER = "AWS::EMR::Cluster"
SECURITY_CONFIGURATION = "AWS::EMR::SecurityConfiguration"
BLOCK_PUBLIC_ACCESS = "emrBlockPublicAccess"


def _cluster(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in (response.get("Cluster") or {}).items() if k != "Tags"}


def collect_account(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    """The region's block public access configuration, as an account setting (no item of its own)."""
    try:
        response = ctx.client("emr").get_block_public_access_configuration()
    except AWS_ERRORS as exc:
        ctx.record_error(
            "emr", "GetBlockPublicAccessConfiguration", exc, (ACCOUNT_RESOURCE_TYPE,), resource_id=ctx.account_id
        )
        return iter(())
    ctx.account_setting(
        BLOCK_PUBLIC_ACCESS, jsonable(response.get("BlockPublicAccessConfiguration") or {}), regional=True
    )
    return iter(())


COLLECTORS = [
    spec_collector(
        "emr",
        "emr",
        (
            ResourceSpec(
                CLUSTER,
                "ListClusters",
                "Clusters",
                "Id",
                arn="ClusterArn",
                name_key="Name",
                casing="api",
                tags_key=None,
                details=(Detail("DescribeCluster", "configuration", lambda e: {"ClusterId": e["Id"]}, _cluster),),
            ),
            ResourceSpec(
                SECURITY_CONFIGURATION,
                "ListSecurityConfigurations",
                "SecurityConfigurations",
                "Name",
                name_key="Name",
                casing="api",
                tags_key=None,
                details=(
                    Detail(
                        "DescribeSecurityConfiguration",
                        "configuration",
                        lambda e: {"Name": e["Name"]},
                        lambda r: {k: v for k, v in r.items() if k != "ResponseMetadata"},
                    ),
                ),
            ),
        ),
        description="EMR clusters (primary node address) and security configurations (encryption)",
    ),
    Collector(
        name="emr-account",
        resource_types=(ACCOUNT_RESOURCE_TYPE,),
        calls=(
            Call(
                "GetBlockPublicAccessConfiguration",
                "elasticmapreduce:GetBlockPublicAccessConfiguration",
                {ACCOUNT_RESOURCE_TYPE: (f"configuration.{BLOCK_PUBLIC_ACCESS}",)},
            ),
        ),
        collect=collect_account,
        description="EMR block public access (per region, on the account item)",
    ),
]
