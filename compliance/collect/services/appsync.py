"""AppSync GraphQL APIs and their caches in AWS Config's CloudFormation spelling.

ListGraphqlApis gives every API (``AWS::AppSync::GraphQLApi``, resource id the API id): ``ApiId``/``Id``, ``Arn``,
``Name``, ``AuthenticationType``, ``AdditionalAuthenticationProviders``, ``LogConfig`` (``FieldLogLevel``, ...; left
out by AWS when logging is off), ``UserPoolConfig``, ``OpenIDConnectConfig``, ``LambdaAuthorizerConfig``,
``XrayEnabled``, ``GraphQLUrl``. GetApiCache per API gives its cache, recorded on the API as
``supplementaryConfiguration.ApiCache`` (``{}``: the API has no cache, AWS answered NotFoundException) and as an
``AWS::AppSync::ApiCache`` item of its own (resource id the API id: one cache per API) with ``ApiId``, ``Type``,
``Ttl``, ``ApiCachingBehavior``, ``TransitEncryptionEnabled``, ``AtRestEncryptionEnabled``, ``HealthMetricsConfig``.
API keys are never read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, paginate, pascal_case
from compliance.model import ConfigurationItem, Relationship

API = "AWS::AppSync::GraphQLApi"
CACHE = "AWS::AppSync::ApiCache"
TYPES = (API, CACHE)
DROPPED = ("uris", "dns", "tags", "apiId")  # endpoints are reshaped; tags go to the item's tags
NO_CACHE = ("NotFoundException",)
CALLS = (
    Call("ListGraphqlApis", "appsync:ListGraphqlApis", {API: ("configuration", "tags")}, lists=TYPES),
    Call("GetApiCache", "appsync:GetApiCache", {API: ("supplementaryConfiguration.ApiCache",),
         CACHE: ("configuration",)}, lists=(CACHE,), per="resource", not_configured=NO_CACHE),
)  # fmt: skip


def api_configuration(api: dict[str, Any]) -> dict[str, Any]:
    """A ListGraphqlApis entry as AWS Config records it."""
    shaped = pascal_case({k: v for k, v in api.items() if k not in DROPPED and v is not None})
    shaped["ApiId"] = shaped["Id"] = api["apiId"]
    if (api.get("uris") or {}).get("GRAPHQL"):
        shaped["GraphQLUrl"] = api["uris"]["GRAPHQL"]
    return shaped


def _items(ctx: CollectContext, client: Any, api: dict[str, Any]) -> list[ConfigurationItem]:
    api_id = api["apiId"]
    supplementary: dict[str, Any] = {}
    items: list[ConfigurationItem] = []
    if ctx.wants("GetApiCache"):
        found = call(ctx, "appsync", "GetApiCache", client.get_api_cache, TYPES, resource_id=api_id, absent=NO_CACHE,
                     apiId=api_id)  # fmt: skip
        if found is not None:
            cache = pascal_case({k: v for k, v in (found.get("apiCache") or {}).items() if k != "status"})
            supplementary["ApiCache"] = cache
            if cache:
                items.append(ctx.item(
                    CACHE, api_id, {"ApiId": api_id, **cache}, name=api.get("name"),
                    relationships=[Relationship(API, api_id, relationshipName="Is associated with GraphQLApi")],
                ))  # fmt: skip
    items.insert(0, ctx.item(
        API, api_id, api_configuration(api), arn=api.get("arn"), name=api.get("name"),
        tags=dict(api.get("tags") or {}), supplementary=supplementary,
    ))  # fmt: skip
    return items


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("appsync")
    apis = paginate(ctx, client, "list_graphql_apis", "graphqlApis", TYPES, service="appsync", api="ListGraphqlApis")
    for items in ctx.map(lambda api: _items(ctx, client, api), apis or []):
        yield from items


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """The API an id or ARN (``...:apis/ID``) names, with its cache (the list call has no filter)."""
    api_id = id_or_arn.rsplit("/", 1)[-1]
    client = ctx.client("appsync")
    apis = paginate(ctx, client, "list_graphql_apis", "graphqlApis", TYPES, service="appsync", api="ListGraphqlApis")
    api = next((a for a in apis or [] if a.get("apiId") == api_id), None)
    return _items(ctx, client, api)[0] if api is not None else None


COLLECTORS = [
    Collector(
        name="appsync",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="AppSync GraphQL APIs: authentication, field-level logging, cache encryption",
    )
]
