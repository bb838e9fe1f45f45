import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.apigatewayv2 import COLLECTORS, ROUTE, STAGE

V2 = COLLECTORS[0]
REGION = "us-east-1"
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:access"


def _api() -> tuple[str, dict[str, str]]:
    v2 = boto3.client("apigatewayv2", region_name=REGION)
    api = v2.create_api(Name="catalog", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(
        ApiId=api, StageName="live", AccessLogSettings={"DestinationArn": LOG_GROUP, "Format": "$context.requestId"},
        DefaultRouteSettings={"LoggingLevel": "INFO", "DetailedMetricsEnabled": True},
        RouteSettings={"GET /items": {"ThrottlingBurstLimit": 5}}, StageVariables={"token": "s3cret"},
    )  # fmt: skip
    v2.create_stage(ApiId=api, StageName="draft")
    authorizer = v2.create_authorizer(
        ApiId=api, AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"], Name="jwt",
        JwtConfiguration={"Audience": ["catalog"], "Issuer": "https://issuer.example.com"},
    )["AuthorizerId"]  # fmt: skip
    routes = {
        "GET /items": v2.create_route(
            ApiId=api, RouteKey="GET /items", AuthorizationType="JWT", AuthorizerId=authorizer
        )["RouteId"],  # fmt: skip
        "GET /open": v2.create_route(ApiId=api, RouteKey="GET /open")["RouteId"],
    }
    return api, routes


def _stage_arn(api: str, name: str) -> str:
    return f"arn:aws:apigateway:{REGION}::/apis/{api}/stages/{name}"


@mock_aws
def test_stages_in_config_spelling():
    api, _ = _api()
    items, errors = run(V2)
    assert errors == []
    live = one(items, STAGE, _stage_arn(api, "live"))
    assert (live.arn, live.resourceName) == (_stage_arn(api, "live"), "live")
    assert live.get("configuration.stageName") == "live"
    assert live.get("configuration.accessLogSettings") == {"destinationArn": LOG_GROUP, "format": "$context.requestId"}
    assert live.get("configuration.defaultRouteSettings.loggingLevel") == "INFO"
    assert live.get("configuration.routeSettings") == {"GET /items": {"throttlingBurstLimit": 5}}
    assert "stageVariables" not in live.configuration and "s3cret" not in str(live.to_dict())
    assert [(r.resourceType, r.resourceId) for r in live.relationships] == [
        ("AWS::ApiGatewayV2::Api", f"arn:aws:apigateway:{REGION}::/apis/{api}")
    ]
    draft = one(items, STAGE, _stage_arn(api, "draft"))
    assert "accessLogSettings" not in draft.configuration


@mock_aws
def test_routes_in_cloudformation_spelling():
    api, routes = _api()
    items, _ = run(V2)
    guarded = one(items, ROUTE, routes["GET /items"])
    assert guarded.arn == f"arn:aws:apigateway:{REGION}::/apis/{api}/routes/{routes['GET /items']}"
    assert guarded.resourceName == "GET /items"
    assert guarded.get("configuration.ApiId") == api
    assert guarded.get("configuration.RouteKey") == "GET /items"
    assert guarded.get("configuration.AuthorizationType") == "JWT"
    assert one(items, ROUTE, routes["GET /open"]).get("configuration.AuthorizationType") == "NONE"


@mock_aws
def test_a_denied_detail_list_is_an_error_for_its_api_and_its_type():
    api, _ = _api()
    items, errors = run(V2, deny={"apigatewayv2": ["GetRoutes"]})
    assert {i.resourceType for i in items} == {STAGE}
    assert [(e.api, e.resourceId, list(e.resourceTypes)) for e in errors] == [
        ("GetRoutes", f"arn:aws:apigateway:{REGION}::/apis/{api}", [ROUTE])
    ]


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("apigatewayv2", REGION).meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(V2.collect(ctx)) == []
    assert calls == ["GetApis"]


@mock_aws
def test_one_stage_or_route_by_arn():
    api, routes = _api()
    ctx = context()
    assert V2.read_one(ctx, _stage_arn(api, "draft")).resourceName == "draft"
    route = f"arn:aws:apigateway:{REGION}::/apis/{api}/routes/{routes['GET /open']}"
    assert V2.read_one(ctx, route).resourceId == routes["GET /open"]
    assert V2.read_one(ctx, _stage_arn(api, "gone")) is None
    assert V2.read_one(ctx, "draft") is None
