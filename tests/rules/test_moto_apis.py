"""API Gateway, AppSync, EventBridge and Athena rules on resources created in a simulated account (moto) and read
by the real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

WORKGROUP = "AWS::Athena::WorkGroup"
BUS = "AWS::Events::EventBus"
REST_STAGE = "AWS::ApiGateway::Stage"
GRAPHQL, API_CACHE = "AWS::AppSync::GraphQLApi", "AWS::AppSync::ApiCache"
V2_STAGE, V2_ROUTE = "AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Route"


def _workgroups(session: boto3.Session) -> None:
    athena = session.client("athena", region_name=REGION)
    athena.create_work_group(Name="metered", Configuration={"PublishCloudWatchMetricsEnabled": True})
    athena.create_work_group(Name="quiet", Configuration={"PublishCloudWatchMetricsEnabled": False})


@pytest.fixture(scope="module")
def athena_snapshot() -> Snapshot:
    return collected(_workgroups, ["athena"])


def test_athena_workgroup_logging(athena_snapshot):
    found = verdicts("athena-workgroup-logging-enabled", athena_snapshot, WORKGROUP)
    assert {k: found[k] for k in ("metered", "quiet")} == {"metered": COMPLIANT, "quiet": NON_COMPLIANT}


def _buses(session: boto3.Session) -> None:
    events = session.client("events", region_name=REGION)
    events.create_event_bus(Name="guarded")
    events.put_permission(EventBusName="guarded", Action="events:PutEvents", Principal="210987654321",
                          StatementId="partner")  # fmt: skip
    events.create_event_bus(Name="open")


@pytest.fixture(scope="module")
def events_snapshot() -> Snapshot:
    return collected(_buses, ["events"])


def test_custom_eventbus_policy(events_snapshot):
    assert verdicts("custom-eventbus-policy-attached", events_snapshot, BUS) == {
        "guarded": COMPLIANT, "open": NON_COMPLIANT, "default": NOT_APPLICABLE,
    }  # fmt: skip


def _rest_stages(session: boto3.Session) -> None:
    apigw = session.client("apigateway", region_name=REGION)
    api = apigw.create_rest_api(name="orders")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    apigw.create_stage(restApiId=api, stageName="guarded", deploymentId=deployment, tracingEnabled=True,
                       cacheClusterEnabled=True)  # fmt: skip
    apigw.update_stage(restApiId=api, stageName="guarded", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "true"},
    ])  # fmt: skip
    apigw.create_stage(restApiId=api, stageName="bare", deploymentId=deployment, tracingEnabled=False,
                       cacheClusterEnabled=True)  # fmt: skip
    apigw.update_stage(restApiId=api, stageName="bare", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "OFF"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "false"},
    ])  # fmt: skip
    wafv2 = session.client("wafv2", region_name=REGION)
    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "orders"}
    acl = wafv2.create_web_acl(Name="orders", Scope="REGIONAL", DefaultAction={"Allow": {}},
                               VisibilityConfig=visibility)["Summary"]["ARN"]  # fmt: skip
    wafv2.associate_web_acl(WebACLArn=acl, ResourceArn=f"arn:aws:apigateway:{REGION}::/restapis/{api}/stages/guarded")


@pytest.fixture(scope="module")
def rest_snapshot() -> Snapshot:
    return collected(_rest_stages, ["apigateway"])


@pytest.mark.parametrize(
    "rule_id",
    ["api-gw-execution-logging-enabled", "api-gw-xray-enabled", "api-gw-associated-with-waf", "api-gw-cache-encrypted"],
)
def test_rest_stage_rules(rest_snapshot, rule_id):
    assert verdicts(rule_id, rest_snapshot, REST_STAGE) == {"guarded": COMPLIANT, "bare": NON_COMPLIANT}


def _v2(session: boto3.Session) -> None:
    v2 = session.client("apigatewayv2", region_name=REGION)
    http = v2.create_api(Name="catalog", ProtocolType="HTTP")["ApiId"]
    logs = f"arn:aws:logs:{REGION}:123456789012:log-group:catalog-access"
    v2.create_stage(
        ApiId=http, StageName="logged", AccessLogSettings={"DestinationArn": logs, "Format": "$context.requestId"}
    )
    v2.create_stage(ApiId=http, StageName="silent")
    authorizer = v2.create_authorizer(
        ApiId=http, AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"], Name="jwt",
        JwtConfiguration={"Audience": ["catalog"], "Issuer": "https://issuer.example.com"},
    )["AuthorizerId"]  # fmt: skip
    v2.create_route(ApiId=http, RouteKey="GET /guarded", AuthorizationType="JWT", AuthorizerId=authorizer)
    v2.create_route(ApiId=http, RouteKey="GET /open")
    socket = v2.create_api(Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    v2.create_stage(ApiId=socket["ApiId"], StageName="traced", DefaultRouteSettings={"LoggingLevel": "ERROR"})
    v2.create_stage(ApiId=socket["ApiId"], StageName="untraced", DefaultRouteSettings={"LoggingLevel": "OFF"})


@pytest.fixture(scope="module")
def v2_snapshot() -> Snapshot:
    return collected(_v2, ["apigateway-v2"])


def test_v2_access_logs(v2_snapshot):
    found = verdicts("api-gwv2-access-logs-enabled", v2_snapshot, V2_STAGE)
    assert {k: found[k] for k in ("logged", "silent")} == {"logged": COMPLIANT, "silent": NON_COMPLIANT}


def test_v2_execution_logging(v2_snapshot):
    found = verdicts("api-gw-execution-logging-enabled", v2_snapshot, V2_STAGE)
    assert {k: found[k] for k in ("traced", "untraced")} == {"traced": COMPLIANT, "untraced": NON_COMPLIANT}


def test_v2_route_authorization(v2_snapshot):
    assert verdicts("api-gwv2-authorization-type-configured", v2_snapshot, V2_ROUTE) == {
        "GET /guarded": COMPLIANT, "GET /open": NON_COMPLIANT,
    }  # fmt: skip


def _graphql(session: boto3.Session) -> None:
    appsync = session.client("appsync", region_name=REGION)
    cache = {"ttl": 300, "apiCachingBehavior": "FULL_REQUEST_CACHING", "type": "SMALL"}
    guarded = appsync.create_graphql_api(
        name="guarded", authenticationType="AWS_IAM",
        logConfig={"fieldLogLevel": "ALL", "cloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/logs"},
    )["graphqlApi"]["apiId"]  # fmt: skip
    appsync.create_api_cache(apiId=guarded, transitEncryptionEnabled=True, atRestEncryptionEnabled=True, **cache)
    keyed = appsync.create_graphql_api(name="keyed", authenticationType="API_KEY")["graphqlApi"]["apiId"]
    appsync.create_api_cache(apiId=keyed, transitEncryptionEnabled=False, atRestEncryptionEnabled=False, **cache)
    appsync.create_graphql_api(name="uncached", authenticationType="AWS_LAMBDA", lambdaAuthorizerConfig={
        "authorizerUri": f"arn:aws:lambda:{REGION}:123456789012:function:authorize"})  # fmt: skip


@pytest.fixture(scope="module")
def appsync_snapshot() -> Snapshot:
    return collected(_graphql, ["appsync"])


@pytest.mark.parametrize("rule_id", ["appsync-authorization-check", "appsync-logging-enabled"])
def test_appsync_api_rules(appsync_snapshot, rule_id):
    uncached = COMPLIANT if rule_id == "appsync-authorization-check" else NON_COMPLIANT  # Lambda auth, no logging
    assert verdicts(rule_id, appsync_snapshot, GRAPHQL) == {
        "guarded": COMPLIANT, "keyed": NON_COMPLIANT, "uncached": uncached,
    }  # fmt: skip


def test_appsync_cache_encryption(appsync_snapshot):
    assert verdicts("appsync-cache-ct-encryption-at-rest", appsync_snapshot, GRAPHQL) == {
        "guarded": COMPLIANT, "keyed": NON_COMPLIANT, "uncached": NOT_APPLICABLE,
    }  # fmt: skip
    in_transit = verdicts("appsync-cache-ct-encryption-in-transit", appsync_snapshot, API_CACHE)
    assert in_transit == {"guarded": COMPLIANT, "keyed": NON_COMPLIANT}
