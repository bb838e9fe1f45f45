"""Route 53 hosted zones (``AWS::Route53::HostedZone``, global), as AWS Config records them: resource id the
zone id without its ``/hostedzone/`` prefix, ``Id``, ``Name``, ``HostedZoneConfig`` (``Comment``,
``PrivateZone``), ``VPCs`` of private zones (GetHostedZone) and ``QueryLoggingConfig`` of public zones
(one account-wide ListQueryLoggingConfigs, matched to zones by ``HostedZoneId``, in Config's nesting:
``QueryLoggingConfig.CloudWatchLogsLogGroupArn`` holds the configuration's ``Id``, ``HostedZoneId`` and
``CloudWatchLogsLogGroupArn``). A public zone without query logging has no ``QueryLoggingConfig``; when the
configurations could not be listed, the failed call is recorded against each public zone, so their logging
stays unknown rather than off. Record sets are not configuration and are not read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import GLOBAL_REGION, Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, call, jsonable, paginate
from compliance.model import ConfigurationItem, Relationship

ZONE = "AWS::Route53::HostedZone"
TYPES = (ZONE,)
ABSENT = ("NoSuchHostedZone",)
CALLS = (
    Call(
        "ListHostedZones",
        "route53:ListHostedZones",
        {ZONE: ("configuration.Id", "configuration.Name", "configuration.HostedZoneConfig")},
        lists=TYPES,
    ),
    Call("GetHostedZone", "route53:GetHostedZone", {ZONE: ("configuration.VPCs",)}, per="resource"),
    Call("ListQueryLoggingConfigs", "route53:ListQueryLoggingConfigs", {ZONE: ("configuration.QueryLoggingConfig",)}),
)


def zone_id(value: str) -> str:
    """``/hostedzone/Z1`` (or the zone's ARN) -> ``Z1``."""
    return value.rsplit("/", 1)[-1]


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    route53 = ctx.client("route53")
    zones = paginate(ctx, route53, "list_hosted_zones", "HostedZones", TYPES, error_region=GLOBAL_REGION) or []
    logging = _query_logging(ctx, route53, zones)
    yield from ctx.map(lambda zone: _zone(ctx, route53, zone, logging), zones)


def _private(zone: dict[str, Any]) -> bool:
    return bool((zone.get("Config") or {}).get("PrivateZone"))


def _query_logging(ctx: CollectContext, route53: Any, zones: list[dict[str, Any]]) -> dict[str, Any] | None:
    """{zone id: its query logging configuration} of the account, listed once; None when the listing failed
    (recorded against each public zone). Query logging of private zones is Resolver's, not the zone's."""
    public = [zone_id(z["Id"]) for z in zones if not _private(z)]
    if not public or not ctx.wants("ListQueryLoggingConfigs"):
        return {}
    try:
        pages = route53.get_paginator("list_query_logging_configs").paginate()
        configs = [c for page in pages for c in page.get("QueryLoggingConfigs") or []]
    except AWS_ERRORS as exc:
        for resource_id in public:
            ctx.record_error("route53", "ListQueryLoggingConfigs", exc, TYPES, resource_id=resource_id,
                             region=GLOBAL_REGION)  # fmt: skip
        return None
    return {zone_id(c["HostedZoneId"]): c for c in configs if c.get("HostedZoneId")}


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    route53 = ctx.client("route53")
    resource_id = zone_id(id_or_arn)
    found = call(ctx, "route53", "GetHostedZone", route53.get_hosted_zone, TYPES, resource_id=resource_id,
                 absent=ABSENT, error_region=GLOBAL_REGION, Id=resource_id)  # fmt: skip
    if not found:
        return None
    zone = found["HostedZone"]
    return _zone(ctx, route53, zone, _query_logging(ctx, route53, [zone]), found)


def _zone(
    ctx: CollectContext,
    route53: Any,
    zone: dict[str, Any],
    logging: dict[str, Any] | None,
    detail: dict[str, Any] | None = None,
) -> ConfigurationItem:
    resource_id = zone_id(zone["Id"])
    settings = zone.get("Config") or {}
    configuration: dict[str, Any] = {"Id": resource_id, "Name": zone.get("Name")}
    if settings:
        configuration["HostedZoneConfig"] = jsonable(settings)
    relationships: list[Relationship] = []
    if _private(zone):
        if detail is None and ctx.wants("GetHostedZone"):
            detail = call(ctx, "route53", "GetHostedZone", route53.get_hosted_zone, TYPES, resource_id=resource_id,
                          error_region=GLOBAL_REGION, Id=resource_id)  # fmt: skip
        if detail is not None:
            vpcs = [{"VPCId": v.get("VPCId"), "VPCRegion": v.get("VPCRegion")} for v in detail.get("VPCs") or []]
            configuration["VPCs"] = vpcs
            relationships = [Relationship("AWS::EC2::VPC", v["VPCId"], relationshipName="Is associated with VPC")
                             for v in vpcs if v["VPCId"]]  # fmt: skip
    elif logging and resource_id in logging:
        configuration["QueryLoggingConfig"] = {"CloudWatchLogsLogGroupArn": jsonable(logging[resource_id])}
    return ctx.item(
        ZONE,
        resource_id,
        configuration,
        arn=f"arn:{ctx.partition}:route53:::hostedzone/{resource_id}",
        name=zone.get("Name"),
        region=GLOBAL_REGION,
        relationships=relationships,
    )


COLLECTORS = [
    Collector(
        name="route53",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        is_global=True,
        description="Route 53 hosted zones: DNS query logging of public zones, VPCs of private zones (global)",
    )
]
