"""AppSync rules: field-level logging, API key authentication, cache encryption."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant

from ._checks import declare, setting
from ._util import as_list

API = "AWS::AppSync::GraphQLApi"
_LEVELS = ["NONE", "ERROR", "INFO", "DEBUG", "ALL"]

appsync_logging_enabled = setting(
    id="appsync-logging-enabled",
    title="AppSync GraphQL APIs have field-level logging",
    resource_types=[API],
    path="configuration.LogConfig.FieldLogLevel",
    passes=lambda value, params: str(value).upper() in _LEVELS[1:]
    and (not params["fieldLoggingLevel"] or str(value).upper() in [v.upper() for v in params["fieldLoggingLevel"]]),
    failing="field-level logging is {value}",
    passing="field-level logging is on",
    absent="fail",  # AWS Config leaves LogConfig out when logging is off
    parameters={"fieldLoggingLevel": Param(list, None, "Accepted levels: ERROR, INFO, DEBUG, ALL (default: any)")},
    severity="medium",
    rationale="Resolver logs show each request's errors and timings, for debugging and investigations.",
    remediation="aws appsync update-graphql-api --api-id A --name N --log-config "
    "fieldLogLevel=ERROR,cloudWatchLogsRoleArn=ROLE",
)

_ALLOWED = ["AWS_LAMBDA", "AWS_IAM", "OPENID_CONNECT", "AMAZON_COGNITO_USER_POOLS"]


@declare(
    id="appsync-authorization-check",
    title="AppSync GraphQL APIs do not authenticate with API keys",
    resource_types=[API],
    reads=["configuration.AuthenticationType", "configuration.AdditionalAuthenticationProviders"],
    severity="high",
    parameters={"AllowedAuthorizationTypes": Param(list, _ALLOWED, "Accepted authentication types")},
    rationale="An API key is a shared static secret in client code; anyone who reads it can call the API.",
    remediation="aws appsync update-graphql-api --api-id A --name N --authentication-type AMAZON_COGNITO_USER_POOLS "
    "--user-pool-config ... (and remove API_KEY providers)",
)
def appsync_authorization_check(ci, params):
    """Reads configuration.AuthenticationType and AdditionalAuthenticationProviders[].AuthenticationType."""
    primary = ci.configuration.get("AuthenticationType")
    if primary is None:
        return insufficient_data("configuration.AuthenticationType was not recorded")
    kinds = [primary] + [p.get("AuthenticationType") for p in as_list(ci.configuration.get(
        "AdditionalAuthenticationProviders"))]  # fmt: skip
    refused = [k for k in kinds if k not in params["AllowedAuthorizationTypes"]]
    if refused:
        return non_compliant("authentication by " + ", ".join(refused))
    return compliant("authentication by " + ", ".join(kinds))


appsync_cache_ct_encryption_at_rest = setting(
    id="appsync-cache-ct-encryption-at-rest",
    title="AppSync API caches are encrypted at rest",
    resource_types=[API],
    path="supplementaryConfiguration.ApiCache.AtRestEncryptionEnabled",
    what="cache encryption at rest",
    # the collector records ApiCache {} when AWS says the API has no cache (GetApiCache: NotFoundException)
    applies=lambda ci: "the API has no cache" if ci.get("supplementaryConfiguration.ApiCache") == {} else None,
    reads=["supplementaryConfiguration.ApiCache"],
    severity="medium",
    rationale="Cached responses may hold personal data; encryption protects them in the cache.",
    remediation="Delete the API cache and create it again with --at-rest-encryption-enabled.",
)
appsync_cache_ct_encryption_in_transit = setting(
    id="appsync-cache-ct-encryption-in-transit",
    title="AppSync API caches are encrypted in transit",
    resource_types=["AWS::AppSync::ApiCache"],
    path="configuration.TransitEncryptionEnabled",
    what="cache encryption in transit",
    severity="medium",
    rationale="Without it, cached responses cross the network to the cache in clear text.",
    remediation="Delete the API cache and create it again with --transit-encryption-enabled.",
)
