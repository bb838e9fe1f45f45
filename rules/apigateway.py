"""API Gateway rules: REST API stages (logging, client certificates, X-Ray, WAF, cache encryption) and
HTTP/WebSocket (v2) stages and routes (logging, access logs, authorization)."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare, non_empty, setting
from ._util import as_bool

STAGE = "AWS::ApiGateway::Stage"
STAGE_V2 = "AWS::ApiGatewayV2::Stage"
LEVELS = ("ERROR", "INFO")


def _method_settings(ci):
    """REST stage method settings as a list (AWS Config records a map keyed "resource/method")."""
    settings = ci.configuration.get("methodSettings")
    if isinstance(settings, dict):
        return list(settings.values())
    return list(settings or [])


@declare(
    id="api-gw-execution-logging-enabled",
    title="API Gateway stages have execution logging",
    resource_types=[STAGE, STAGE_V2],
    reads={STAGE: ["configuration.methodSettings", "configuration.stageName"],
           STAGE_V2: ["configuration.defaultRouteSettings", "configuration.stageName"]},  # fmt: skip
    severity="medium",
    parameters={"loggingLevel": Param(list, list(LEVELS), "Accepted levels (ERROR, INFO)")},
    rationale="Execution logs show each request's path through the API, its errors and its callers.",
    remediation="aws apigateway update-stage --rest-api-id A --stage-name S --patch-operations "
    "op=replace,path=/*/*/logging/loglevel,value=ERROR (v2: update-stage --default-route-settings LoggingLevel=ERROR)",
)
def api_gw_execution_logging_enabled(ci, params):
    """Reads methodSettings[*].loggingLevel (REST) or defaultRouteSettings.loggingLevel (WebSocket)."""
    if not ci.configuration:
        return insufficient_data("the stage was not recorded")
    if ci.resourceType == STAGE_V2:
        levels = [(ci.configuration.get("defaultRouteSettings") or {}).get("loggingLevel")]
    else:
        levels = [s.get("loggingLevel") for s in _method_settings(ci)] or [None]
    wanted = [level.upper() for level in params["loggingLevel"]]
    off = [str(level or "OFF") for level in levels if str(level or "OFF").upper() not in wanted]
    if off:
        return non_compliant(f"execution logging level {', '.join(sorted(set(off)))}")
    return compliant("execution logging is on")


api_gw_ssl_enabled = setting(
    id="api-gw-ssl-enabled",
    title="API Gateway REST stages authenticate to backends with a client certificate",
    resource_types=[STAGE],
    path="configuration.clientCertificateId",
    passes=non_empty,
    failing="no client certificate for backend authentication",
    passing="a client certificate is configured",
    absent="fail",  # AWS Config leaves clientCertificateId out when none is set
    severity="medium",
    rationale="A client certificate lets the backend verify that requests really come from API Gateway.",
    remediation="aws apigateway generate-client-certificate, then update-stage --patch-operations "
    "op=replace,path=/clientCertificateId,value=CERT",
)
api_gw_xray_enabled = setting(
    id="api-gw-xray-enabled",
    title="API Gateway REST stages have X-Ray tracing",
    resource_types=[STAGE],
    path="configuration.tracingEnabled",
    what="X-Ray tracing",
    severity="low",
    rationale="Traces show latency and errors across the API and the services behind it.",
    remediation="aws apigateway update-stage --rest-api-id A --stage-name S --patch-operations "
    "op=replace,path=/tracingEnabled,value=true",
)
api_gw_associated_with_waf = setting(
    id="api-gw-associated-with-waf",
    title="API Gateway REST stages are associated with a WAF web ACL",
    resource_types=[STAGE],
    path="configuration.webAclArn",
    passes=non_empty,
    failing="no web ACL",
    passing="a web ACL is attached",
    absent="fail",  # AWS Config leaves webAclArn out when none is associated
    severity="medium",
    rationale="A web ACL filters common web exploits and abusive clients before they reach the API.",
    remediation="aws wafv2 associate-web-acl --web-acl-arn ACL --resource-arn STAGE_ARN",
)


@declare(
    id="api-gw-cache-encrypted",
    title="API Gateway REST stage caches are encrypted at rest",
    resource_types=[STAGE],
    reads=["configuration.cacheClusterEnabled", "configuration.methodSettings"],
    severity="medium",
    rationale="Cached responses may hold personal data; encryption protects them in the cache cluster.",
    remediation="aws apigateway update-stage --rest-api-id A --stage-name S --patch-operations "
    "op=replace,path=/*/*/caching/dataEncrypted,value=true",
)
def api_gw_cache_encrypted(ci):
    """Reads cacheClusterEnabled and methodSettings[*].cacheDataEncrypted of methods with caching on."""
    enabled = as_bool(ci.configuration.get("cacheClusterEnabled"))
    if enabled is None:
        return insufficient_data("configuration.cacheClusterEnabled was not recorded")
    if not enabled:
        return not_applicable("the stage has no cache")
    cached = [s for s in _method_settings(ci) if as_bool(s.get("cachingEnabled"))]
    plain = [s for s in cached if not as_bool(s.get("cacheDataEncrypted"))]
    if plain or not cached:
        return non_compliant("cached responses are not encrypted")
    return compliant("the cache is encrypted")


api_gwv2_access_logs_enabled = setting(
    id="api-gwv2-access-logs-enabled",
    title="API Gateway v2 stages have access logging",
    resource_types=[STAGE_V2],
    path="configuration.accessLogSettings.destinationArn",
    passes=non_empty,
    failing="no access log destination",
    passing="access logs are written",
    absent="fail",  # AWS Config leaves accessLogSettings out when access logging is off
    severity="medium",
    rationale="Access logs record who called which route and with what result.",
    remediation="aws apigatewayv2 update-stage --api-id A --stage-name S --access-log-settings "
    "DestinationArn=LOG_GROUP_ARN,Format=...",
)
api_gwv2_authorization_type_configured = setting(
    id="api-gwv2-authorization-type-configured",
    title="API Gateway v2 routes require authorization",
    resource_types=["AWS::ApiGatewayV2::Route"],
    path="configuration.AuthorizationType",
    passes=lambda value, params: str(value).upper() != "NONE"
    and (not params["authorizationType"] or str(value).upper() == params["authorizationType"].upper()),
    failing="authorization type {value}",
    passing="the route requires authorization",
    parameters={"authorizationType": Param(str, None, "Required type: AWS_IAM, CUSTOM or JWT (default: any)")},
    severity="medium",
    trigger="periodic",
    rationale="A route without authorization lets anyone on the internet call its integration.",
    remediation="aws apigatewayv2 update-route --api-id A --route-id R --authorization-type JWT --authorizer-id AUTH",
)
