"""API Gateway v2 (HTTP and WebSocket) API stages and routes in AWS Config's spelling.

GetApis names the APIs; per API, GetStages gives its stages and GetRoutes its routes.
``AWS::ApiGatewayV2::Stage`` (resource id the stage ARN ``arn:aws:apigateway:REGION::/apis/API/stages/NAME``, the
resource name the stage name) is recorded in Config's camelCase: ``stageName``, ``accessLogSettings``
(``destinationArn``, ``format``), ``defaultRouteSettings`` (``loggingLevel``, ...), ``routeSettings`` (keyed by
route key, kept as written), ``autoDeploy``, ``clientCertificateId``; stage variables are left out (they may carry
backend credentials). ``AWS::ApiGatewayV2::Route`` (resource id the route id, its ARN
``arn:aws:apigateway:REGION::/apis/API/routes/ROUTE``) is recorded in CloudFormation's spelling: ``ApiId``,
``RouteId``, ``RouteKey``, ``AuthorizationType``, ``AuthorizerId``, ``ApiKeyRequired``, ``Target``, ..."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import config_case, jsonable, paginate
from compliance.model import ConfigurationItem, Relationship

STAGE = "AWS::ApiGatewayV2::Stage"
ROUTE = "AWS::ApiGatewayV2::Route"
API = "AWS::ApiGatewayV2::Api"
TYPES = (STAGE, ROUTE)
DROPPED = ("StageVariables", "Tags", "RouteSettings")
WHOLE = ("configuration", "tags", "relationships")
CALLS = (
    Call("GetApis", "apigateway:GET", {STAGE: WHOLE, ROUTE: WHOLE}, lists=TYPES),
    Call("GetStages", "apigateway:GET", {STAGE: WHOLE}, lists=(STAGE,), per="resource"),
    Call("GetRoutes", "apigateway:GET", {ROUTE: WHOLE}, lists=(ROUTE,), per="resource"),
)


def _api_arn(ctx: CollectContext, api_id: str) -> str:
    return f"arn:{ctx.partition}:apigateway:{ctx.region}::/apis/{api_id}"


def _contained(ctx: CollectContext, api_id: str) -> list[Relationship]:
    return [Relationship(API, _api_arn(ctx, api_id), relationshipName="Is contained in Api")]


def stage_configuration(stage: dict[str, Any]) -> dict[str, Any]:
    """A GetStages item as AWS Config records it (route keys in ``routeSettings`` are data: kept as written)."""
    shaped = config_case({k: v for k, v in stage.items() if k not in DROPPED and v is not None})
    if isinstance(stage.get("RouteSettings"), dict):
        shaped["routeSettings"] = {key: config_case(value) for key, value in stage["RouteSettings"].items()}
    return shaped


def _stage(ctx: CollectContext, api_id: str, stage: dict[str, Any]) -> ConfigurationItem:
    arn = f"{_api_arn(ctx, api_id)}/stages/{stage['StageName']}"
    configuration = stage_configuration(stage)
    return ctx.item(
        STAGE, arn, configuration, arn=arn, name=stage["StageName"], tags=dict(stage.get("Tags") or {}),
        relationships=_contained(ctx, api_id), created=configuration.get("createdDate"),
    )  # fmt: skip


def _route(ctx: CollectContext, api_id: str, route: dict[str, Any]) -> ConfigurationItem:
    arn = f"{_api_arn(ctx, api_id)}/routes/{route['RouteId']}"
    configuration = jsonable({"ApiId": api_id, **{k: v for k, v in route.items() if v is not None}})
    return ctx.item(
        ROUTE, route["RouteId"], configuration, arn=arn, name=route.get("RouteKey"),
        relationships=_contained(ctx, api_id),
    )  # fmt: skip


def _of_api(ctx: CollectContext, client: Any, api_id: str) -> list[ConfigurationItem]:
    items: list[ConfigurationItem] = []
    api_arn = _api_arn(ctx, api_id)
    if ctx.wants("GetStages"):
        stages = paginate(ctx, client, "get_stages", "Items", (STAGE,), service="apigatewayv2", api="GetStages",
                          resource_id=api_arn, ApiId=api_id)  # fmt: skip
        items.extend(_stage(ctx, api_id, s) for s in stages or [])
    if ctx.wants("GetRoutes"):
        routes = paginate(ctx, client, "get_routes", "Items", (ROUTE,), service="apigatewayv2", api="GetRoutes",
                          resource_id=api_arn, ApiId=api_id)  # fmt: skip
        items.extend(_route(ctx, api_id, r) for r in routes or [])
    return items


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("apigatewayv2")
    apis = paginate(ctx, client, "get_apis", "Items", TYPES, service="apigatewayv2", api="GetApis") or []
    for items in ctx.map(lambda api: _of_api(ctx, client, api["ApiId"]), apis):
        yield from items


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """The stage or route an ARN (``...::/apis/API/stages/NAME`` or ``.../routes/ROUTE``) names."""
    _, _, path = id_or_arn.partition("::/apis/")
    api_id, _, rest = path.partition("/")
    kind, _, key = rest.partition("/")
    if not api_id or kind not in ("stages", "routes") or not key:
        return None
    client = ctx.client("apigatewayv2")
    if kind == "stages":
        stages = paginate(ctx, client, "get_stages", "Items", (STAGE,), service="apigatewayv2", api="GetStages",
                          resource_id=id_or_arn, ApiId=api_id) or []  # fmt: skip
        return next((_stage(ctx, api_id, s) for s in stages if s.get("StageName") == key), None)
    routes = paginate(ctx, client, "get_routes", "Items", (ROUTE,), service="apigatewayv2", api="GetRoutes",
                      resource_id=id_or_arn, ApiId=api_id) or []  # fmt: skip
    return next((_route(ctx, api_id, r) for r in routes if r.get("RouteId") == key), None)


COLLECTORS = [
    Collector(
        name="apigateway-v2",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="API Gateway v2 (HTTP, WebSocket) stages and routes: logging, access logs, route authorization",
    )
]
