"""API Gateway REST API stages in AWS Config's spelling (``AWS::ApiGateway::Stage``, resource id the stage ARN
``arn:aws:apigateway:REGION::/restapis/API/stages/NAME``, the resource name the stage name). GetRestApis names the
REST APIs; GetStages per API gives every stage as the API writes it, which is Config's spelling: ``stageName``,
``methodSettings`` (a map keyed ``resource/method``, ``*/*`` for every method: ``loggingLevel``,
``cachingEnabled``, ``cacheDataEncrypted``, ...), ``cacheClusterEnabled``, ``tracingEnabled``,
``clientCertificateId``, ``accessLogSettings`` and ``webAclArn``, the WAF web ACL associated with the stage.
Stage variables are left out (they may carry backend credentials). A stage's relationship names its REST API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate
from compliance.model import ConfigurationItem, Relationship

STAGE = "AWS::ApiGateway::Stage"
REST_API = "AWS::ApiGateway::RestApi"
TYPES = (STAGE,)
DROPPED = ("variables", "tags")  # stage variables may hold secrets; tags go to the item's tags
CALLS = (
    Call("GetRestApis", "apigateway:GET", {STAGE: ("configuration", "tags", "relationships")}, lists=TYPES),
    Call("GetStages", "apigateway:GET", {STAGE: ("configuration", "tags", "relationships")}, lists=TYPES,
         per="resource"),
)  # fmt: skip


def _api_arn(ctx: CollectContext, api_id: str) -> str:
    return f"arn:{ctx.partition}:apigateway:{ctx.region}::/restapis/{api_id}"


def _stages(ctx: CollectContext, client: Any, api_id: str) -> list[ConfigurationItem]:
    found = call(ctx, "apigateway", "GetStages", client.get_stages, TYPES, resource_id=_api_arn(ctx, api_id),
                 restApiId=api_id)  # fmt: skip
    return [_item(ctx, api_id, stage) for stage in (found or {}).get("item") or []]


def _item(ctx: CollectContext, api_id: str, stage: dict[str, Any]) -> ConfigurationItem:
    api_arn = _api_arn(ctx, api_id)
    arn = f"{api_arn}/stages/{stage['stageName']}"
    configuration = jsonable({k: v for k, v in stage.items() if k not in DROPPED and v is not None})
    return ctx.item(
        STAGE, arn, configuration, arn=arn, name=stage["stageName"], tags=dict(stage.get("tags") or {}),
        relationships=[Relationship(REST_API, api_arn, relationshipName="Is contained in RestApi")],
        created=configuration.get("createdDate"),
    )  # fmt: skip


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("apigateway")
    apis = paginate(ctx, client, "get_rest_apis", "items", TYPES, service="apigateway", api="GetRestApis") or []
    for stages in ctx.map(lambda api: _stages(ctx, client, api["id"]), apis):
        yield from stages


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """The stage an ARN (``...::/restapis/API/stages/NAME``) names; None for anything else."""
    _, _, path = id_or_arn.partition("::/restapis/")
    api_id, _, name = path.partition("/stages/")
    if not api_id or not name:
        return None
    client = ctx.client("apigateway")
    found = call(ctx, "apigateway", "GetStages", client.get_stages, TYPES, resource_id=id_or_arn,
                 absent=("NotFoundException",), restApiId=api_id)  # fmt: skip
    stage = next((s for s in (found or {}).get("item") or [] if s.get("stageName") == name), None)
    return _item(ctx, api_id, stage) if stage is not None else None


COLLECTORS = [
    Collector(
        name="apigateway",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="API Gateway REST API stages: execution logging, caching, X-Ray, client certificates, WAF",
    )
]
