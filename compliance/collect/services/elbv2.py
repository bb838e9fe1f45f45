"""Elastic Load Balancing v2: load balancers (with their attributes: deletion protection, access
logs, invalid-header dropping, ...) and listeners (protocol, TLS policy, default actions).

Load balancers are camelCase with ``supplementaryConfiguration.LoadBalancerAttributes`` as a
list of ``{key, value}`` (as AWS Config records it); listeners use Config's PascalCase.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, chunks, config_case, jsonable, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
TYPES = (LOAD_BALANCER, LISTENER)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    elbv2 = ctx.client("elbv2")
    balancers = paginate(ctx, elbv2, "describe_load_balancers", "LoadBalancers", TYPES)
    if not balancers:
        return
    tags = _tags(ctx, elbv2, [lb["LoadBalancerArn"] for lb in balancers])
    for found in ctx.map(lambda lb: _balancer_and_listeners(ctx, elbv2, lb, tags), balancers):
        yield from found


def _balancer_and_listeners(
    ctx: CollectContext, elbv2: Any, lb: dict[str, Any], tags: dict[str, dict[str, str]]
) -> list[ConfigurationItem]:
    arn = lb["LoadBalancerArn"]
    items = [_load_balancer(ctx, elbv2, lb, tags.get(arn, {}))]
    listeners = paginate(
        ctx, elbv2, "describe_listeners", "Listeners", (LISTENER,), resource_id=arn, LoadBalancerArn=arn
    )
    for listener in listeners or []:
        items.append(
            ctx.item(
                LISTENER,
                listener["ListenerArn"],
                jsonable(listener),
                arn=listener["ListenerArn"],
                relationships=[Relationship(LOAD_BALANCER, arn, lb["LoadBalancerName"], "Is attached to LoadBalancer")],
            )
        )
    return items


def _tags(ctx: CollectContext, elbv2: Any, arns: list[str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for batch in chunks(arns, 20):  # the API's limit
        answer = call(ctx, "elbv2", "DescribeTags", elbv2.describe_tags, (LOAD_BALANCER,), ResourceArns=batch)
        for description in (answer or {}).get("TagDescriptions", []):
            found[description["ResourceArn"]] = tag_dict(description.get("Tags"))
    return found


def _load_balancer(ctx: CollectContext, elbv2: Any, lb: dict[str, Any], tags: dict[str, str]) -> ConfigurationItem:
    arn = lb["LoadBalancerArn"]
    supplementary: dict[str, Any] = {}
    attributes = call(
        ctx,
        "elbv2",
        "DescribeLoadBalancerAttributes",
        elbv2.describe_load_balancer_attributes,
        (LOAD_BALANCER,),
        resource_id=arn,
        LoadBalancerArn=arn,
    )
    if attributes is not None:
        supplementary["LoadBalancerAttributes"] = config_case(attributes.get("Attributes", []))
    relationships = [
        Relationship("AWS::EC2::SecurityGroup", sg, relationshipName="Is associated with SecurityGroup")
        for sg in lb.get("SecurityGroups") or []
    ]
    if lb.get("VpcId"):
        relationships.append(Relationship("AWS::EC2::VPC", lb["VpcId"], relationshipName="Is contained in Vpc"))
    return ctx.item(
        LOAD_BALANCER,
        arn,
        config_case(lb),
        arn=arn,
        name=lb["LoadBalancerName"],
        tags=tags,
        supplementary=supplementary,
        relationships=relationships,
        created=jsonable(lb.get("CreatedTime")),
    )


COLLECTORS = [
    Collector(
        name="elbv2",
        resource_types=TYPES,
        permissions=(
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeTags",
        ),
        collect=collect,
        description="Application/Network/Gateway load balancers (attributes) and their listeners (protocol, TLS)",
    )
]
