"""Classic Load Balancers (``AWS::ElasticLoadBalancing::LoadBalancer``) as AWS Config records them: resource id the
load balancer name, ``configuration`` in Config's older spelling (``dnsname``, ``vpcid``,
``listenerDescriptions[].listener.sslcertificateId``, ``policies.lbcookieStickinessPolicies``), and
``supplementaryConfiguration.LoadBalancerAttributes`` (cross-zone balancing, connection draining, access logs,
additional attributes such as ``elb.http.desyncmitigationmode``) and ``LoadBalancerPolicies`` (the policies created
for the load balancer, with their attributes).

DescribeLoadBalancers lists them; DescribeLoadBalancerAttributes and DescribeLoadBalancerPolicies run per load
balancer only when a selected rule reads what they fill; DescribeTags takes 20 names a request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore import xform_name

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, call, chunks, error_code, jackson_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

LOAD_BALANCER = "AWS::ElasticLoadBalancing::LoadBalancer"
TYPES = (LOAD_BALANCER,)
SERVICE = "elb"
ATTRIBUTES = "supplementaryConfiguration.LoadBalancerAttributes"
POLICIES = "supplementaryConfiguration.LoadBalancerPolicies"
NOT_FOUND = ("LoadBalancerNotFound", "AccessPointNotFound")

CALLS = (
    Call("DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers", {LOAD_BALANCER: ("configuration",)},
         lists=TYPES),
    Call("DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes",
         {LOAD_BALANCER: (ATTRIBUTES,)}, per="resource"),
    Call("DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancerPolicies",
         {LOAD_BALANCER: (POLICIES,)}, per="resource"),
    Call("DescribeTags", "elasticloadbalancing:DescribeTags", {LOAD_BALANCER: ("tags",)}),
)  # fmt: skip


def _arn(ctx: CollectContext, name: str) -> str:
    return f"arn:{ctx.partition}:elasticloadbalancing:{ctx.region}:{ctx.account_id}:loadbalancer/{name}"


def _relationships(description: dict[str, Any]) -> list[Relationship]:
    found = [Relationship("AWS::EC2::Instance", i["InstanceId"], relationshipName="Is associated with Instance")
             for i in description.get("Instances") or [] if i.get("InstanceId")]  # fmt: skip
    found += [Relationship("AWS::EC2::SecurityGroup", g, relationshipName="Is associated with SecurityGroup")
              for g in description.get("SecurityGroups") or []]  # fmt: skip
    found += [Relationship("AWS::EC2::Subnet", s, relationshipName="Is attached to Subnet")
              for s in description.get("Subnets") or []]  # fmt: skip
    if description.get("VPCId"):
        found.append(Relationship("AWS::EC2::VPC", description["VPCId"], relationshipName="Is attached to Vpc"))
    return found


def _detail(ctx: CollectContext, elb: Any, api: str, name: str, key: str) -> tuple[bool, Any]:
    """(read, value under ``key``) of a per-load-balancer describe call; (False, None) when not asked or failed."""
    if not ctx.wants(api):
        return False, None
    found = call(ctx, SERVICE, api, getattr(elb, xform_name(api)), TYPES, resource_id=name, LoadBalancerName=name)
    if found is None:
        return False, None
    return True, jackson_case(found.get(key))


def _item(ctx: CollectContext, elb: Any, description: dict[str, Any], tags: dict[str, str]) -> ConfigurationItem:
    name = description["LoadBalancerName"]
    supplementary: dict[str, Any] = {}
    read, attributes = _detail(ctx, elb, "DescribeLoadBalancerAttributes", name, "LoadBalancerAttributes")
    if read:
        supplementary["LoadBalancerAttributes"] = attributes or {}
    read, policies = _detail(ctx, elb, "DescribeLoadBalancerPolicies", name, "PolicyDescriptions")
    if read:
        supplementary["LoadBalancerPolicies"] = policies or []
    created = description.get("CreatedTime")
    configuration = jackson_case(description)
    return ctx.item(
        LOAD_BALANCER,
        name,
        configuration,
        arn=_arn(ctx, name),
        name=name,
        tags=tags,
        relationships=_relationships(description),
        supplementary=supplementary,
        created=configuration.get("createdTime") if created else None,
    )


def _tags(ctx: CollectContext, elb: Any, names: list[str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    if not ctx.wants("DescribeTags"):
        return found
    for batch in chunks(names, 20):  # the API's limit
        answer = call(ctx, SERVICE, "DescribeTags", elb.describe_tags, TYPES, LoadBalancerNames=batch)
        for description in (answer or {}).get("TagDescriptions") or []:
            found[description["LoadBalancerName"]] = tag_dict(description.get("Tags"))
    return found


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    elb = ctx.client(SERVICE)
    balancers = paginate(ctx, elb, "describe_load_balancers", "LoadBalancerDescriptions", TYPES)
    if not balancers:
        return
    tags = _tags(ctx, elb, [b["LoadBalancerName"] for b in balancers])
    yield from ctx.map(lambda b: _item(ctx, elb, b, tags.get(b["LoadBalancerName"], {})), balancers)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """One Classic Load Balancer by name or ARN (``...:loadbalancer/NAME``; a v2 ARN is not one)."""
    name = id_or_arn.split(":loadbalancer/", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    if "/" in name or not name:
        return None  # an application, network or gateway load balancer
    elb = ctx.client(SERVICE)
    try:
        found = elb.describe_load_balancers(LoadBalancerNames=[name]).get("LoadBalancerDescriptions") or []
    except AWS_ERRORS as exc:
        # another type's id, or a deleted load balancer: not this one; anything else is recorded
        if error_code(exc) not in (*NOT_FOUND, "ValidationError"):
            ctx.record_error(SERVICE, "DescribeLoadBalancers", exc, TYPES, resource_id=name)
        return None
    if not found:
        return None
    return _item(ctx, elb, found[0], _tags(ctx, elb, [name]).get(name, {}))


COLLECTORS = [
    Collector(
        name="elb",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="Classic Load Balancers: listeners, certificates, TLS policies, draining, zones, desync mode",
    )
]
