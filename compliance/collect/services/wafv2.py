"""WAFv2 web ACLs: rules and default action, logging configuration, and associated resources.

Regional web ACLs in every region; CloudFront-scope web ACLs once, from us-east-1 (where AWS
Config records them too). ``supplementaryConfiguration`` carries ``LoggingConfiguration``
(None when logging is off) and ``AssociatedResources`` (ARNs of the application load
balancers and API Gateway stages the ACL protects; regional ACLs only).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, jsonable
from compliance.model import ConfigurationItem, Relationship

WEB_ACL = "AWS::WAFv2::WebACL"
TYPES = (WEB_ACL,)
ASSOCIATED_TYPES = ("APPLICATION_LOAD_BALANCER", "API_GATEWAY")
CLOUDFRONT_REGION = "us-east-1"


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    wafv2 = ctx.client("wafv2")
    scopes = ["REGIONAL"] + (["CLOUDFRONT"] if ctx.region == CLOUDFRONT_REGION else [])
    for scope in scopes:
        found = ctx.map(
            lambda summary, scope=scope: _web_acl(ctx, wafv2, scope, summary), _list(ctx, wafv2, scope) or []
        )
        yield from (item for item in found if item is not None)


def _list(ctx: CollectContext, wafv2: Any, scope: str) -> list[dict[str, Any]] | None:
    # ListWebACLs pages with NextMarker and has no botocore paginator
    found: list[dict[str, Any]] = []
    marker: str | None = None
    while True:
        kwargs: dict[str, Any] = {"Scope": scope, "Limit": 100}
        if marker:
            kwargs["NextMarker"] = marker
        page = call(ctx, "wafv2", "ListWebACLs", wafv2.list_web_acls, TYPES, **kwargs)
        if page is None:
            return None
        found.extend(page.get("WebACLs") or [])
        marker = page.get("NextMarker")
        if not marker or not page.get("WebACLs"):
            return found


def _web_acl(ctx: CollectContext, wafv2: Any, scope: str, summary: dict[str, Any]) -> ConfigurationItem | None:
    arn = summary["ARN"]
    answer = call(
        ctx,
        "wafv2",
        "GetWebACL",
        wafv2.get_web_acl,
        TYPES,
        resource_id=summary["Id"],
        Name=summary["Name"],
        Scope=scope,
        Id=summary["Id"],
    )
    if answer is None:
        return None
    acl = answer.get("WebACL") or {}
    configuration = config_case(acl)
    configuration["arn"] = configuration.pop("aRN", arn)
    configuration["scope"] = scope
    supplementary: dict[str, Any] = {}
    logging = call(
        ctx,
        "wafv2",
        "GetLoggingConfiguration",
        wafv2.get_logging_configuration,
        TYPES,
        resource_id=summary["Id"],
        absent=("WAFNonexistentItemException",),  # logging is not configured
        ResourceArn=arn,
    )
    if logging is not None:
        supplementary["LoggingConfiguration"] = jsonable(logging.get("LoggingConfiguration"))
    relationships = []
    if scope == "REGIONAL":
        associated: list[str] | None = []
        for resource_type in ASSOCIATED_TYPES:
            found = call(
                ctx,
                "wafv2",
                "ListResourcesForWebACL",
                wafv2.list_resources_for_web_acl,
                TYPES,
                resource_id=summary["Id"],
                WebACLArn=arn,
                ResourceType=resource_type,
            )
            if found is None:
                associated = None
                break
            associated.extend(found.get("ResourceArns") or [])
        if associated is not None:
            supplementary["AssociatedResources"] = associated
            relationships = [
                Relationship(
                    "AWS::ElasticLoadBalancingV2::LoadBalancer"
                    if ":elasticloadbalancing:" in resource
                    else "AWS::ApiGateway::Stage",
                    resource,
                    relationshipName="Is associated with",
                )
                for resource in associated
            ]
    return ctx.item(
        WEB_ACL,
        summary["Id"],
        configuration,
        arn=arn,
        name=summary["Name"],
        supplementary=supplementary,
        relationships=relationships,
    )


COLLECTORS = [
    Collector(
        name="wafv2",
        resource_types=TYPES,
        permissions=(
            "wafv2:ListWebACLs",
            "wafv2:GetWebACL",
            "wafv2:GetLoggingConfiguration",
            "wafv2:ListResourcesForWebACL",
        ),
        collect=collect,
        description="WAFv2 web ACLs: rules, default action, logging, protected load balancers and API stages",
    )
]
