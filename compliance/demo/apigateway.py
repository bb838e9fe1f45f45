"""Demo API Gateway: a REST API ``orders-api`` with a guarded ``prod`` stage (execution logging, an encrypted
cache, X-Ray, a client certificate, a WAF web ACL) and a bare ``dev`` stage caching in clear (APIGateway.1 to
.5); and an HTTP API ``catalog-api`` whose ``live`` stage writes access logs and whose ``draft`` stage does not, with a
route behind a JWT authorizer and one open to everyone, and a WebSocket API ``chat-api`` with an execution-logged
and an unlogged stage (APIGateway.8, .9).

The simulator cannot make client certificates (GenerateClientCertificate is not implemented) and leaves
``tracingEnabled`` out of a stage created without it: the demo answers GetStages as AWS would, with the ``prod``
stage's certificate and ``tracingEnabled`` false where it is unset."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import amend

CLIENT_CERTIFICATE = "demo-backend-cert"
GUARDED = "prod"


def _as_aws(parsed: dict[str, Any]) -> None:
    for stage in parsed.get("item") or []:
        stage.setdefault("tracingEnabled", False)
        if stage.get("stageName") == GUARDED:
            stage.setdefault("clientCertificateId", CLIENT_CERTIFICATE)


def _rest(session: Any, region: str) -> None:
    apigw = session.client("apigateway", region_name=region)
    api = apigw.create_rest_api(name="orders-api")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="AWS_IAM")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    apigw.create_stage(restApiId=api, stageName=GUARDED, deploymentId=deployment, tracingEnabled=True,
                       cacheClusterEnabled=True)  # fmt: skip
    apigw.update_stage(restApiId=api, stageName=GUARDED, patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "true"},
    ])  # fmt: skip
    apigw.create_stage(restApiId=api, stageName="dev", deploymentId=deployment, cacheClusterEnabled=True)
    apigw.update_stage(restApiId=api, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "false"},
    ])  # fmt: skip
    wafv2 = session.client("wafv2", region_name=region)
    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "orders-api"}
    acl = wafv2.create_web_acl(Name="orders-api-acl", Scope="REGIONAL", DefaultAction={"Allow": {}},
                               VisibilityConfig=visibility)["Summary"]["ARN"]  # fmt: skip
    wafv2.associate_web_acl(WebACLArn=acl, ResourceArn=f"arn:aws:apigateway:{region}::/restapis/{api}/stages/{GUARDED}")


def _v2(session: Any, region: str) -> None:
    v2 = session.client("apigatewayv2", region_name=region)
    account = session.client("sts", region_name=region).get_caller_identity()["Account"]
    http = v2.create_api(Name="catalog-api", ProtocolType="HTTP")["ApiId"]
    logs = {"DestinationArn": f"arn:aws:logs:{region}:{account}:log-group:catalog-api-access",
            "Format": "$context.requestId $context.status"}  # fmt: skip
    v2.create_stage(ApiId=http, StageName="live", AccessLogSettings=logs)
    v2.create_stage(ApiId=http, StageName="draft")
    authorizer = v2.create_authorizer(
        ApiId=http, AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"], Name="catalog-jwt",
        JwtConfiguration={"Audience": ["catalog"], "Issuer": f"https://cognito-idp.{region}.amazonaws.com/demo"},
    )["AuthorizerId"]  # fmt: skip
    v2.create_route(ApiId=http, RouteKey="POST /items", AuthorizationType="JWT", AuthorizerId=authorizer)
    v2.create_route(ApiId=http, RouteKey="GET /items")
    chat = v2.create_api(Name="chat-api", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    v2.create_stage(ApiId=chat["ApiId"], StageName="prod", AccessLogSettings=logs,
                    DefaultRouteSettings={"LoggingLevel": "ERROR"})  # fmt: skip
    v2.create_stage(ApiId=chat["ApiId"], StageName="test", DefaultRouteSettings={"LoggingLevel": "OFF"})


def seed(session: Any, regions: list[str]) -> None:
    amend(session, "apigateway", "GetStages", _as_aws)
    _rest(session, regions[0])
    _v2(session, regions[0])
