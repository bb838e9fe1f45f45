"""Cognito user pools (``cognito``) and identity pools (``cognito-identity``).

User pools: MFA (from ``get_user_pool_mfa_config``, which is authoritative; the pool
description can lag), advanced security mode, password policy.

AWS Config does not record user pools; the type uses CloudFormation's name
``AWS::Cognito::UserPool`` and the API's PascalCase fields, with ``MfaConfiguration`` taken from
the MFA config and the full answer in ``supplementaryConfiguration.MfaConfig``.

Identity pools, as data (:mod:`compliance.collect.spec`), in AWS Config's spelling
(``AWS::Cognito::IdentityPool``, resource id the pool id ``REGION:UUID``): ListIdentityPools names them,
DescribeIdentityPool per pool gives ``AllowUnauthenticatedIdentities``, ``AllowClassicFlow`` and the identity
providers, as the API answers (a flag it leaves out stays out). Tags are not read (no rule uses them). One pool is
read by its id (its ARN ends in ``REGION:UUID``, which the generic reader does not take apart).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate
from compliance.collect.spec import Detail, ResourceSpec, spec_collector
from compliance.model import ConfigurationItem

USER_POOL = "AWS::Cognito::UserPool"
IDENTITY_POOL = "AWS::Cognito::IdentityPool"
IDENTITY_POOL_KEYS = (
    "AllowUnauthenticatedIdentities",
    "AllowClassicFlow",
    "CognitoIdentityProviders",
    "DeveloperProviderName",
    "OpenIdConnectProviderARNs",
    "SamlProviderARNs",
)
TYPES = (USER_POOL,)
VOLATILE = ("EstimatedNumberOfUsers",)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    cognito = ctx.client("cognito-idp")
    pools = paginate(ctx, cognito, "list_user_pools", "UserPools", TYPES, MaxResults=60) or []
    found = ctx.map(lambda summary: _pool(ctx, cognito, summary["Id"]), pools)
    yield from (item for item in found if item is not None)


def _pool(ctx: CollectContext, cognito: Any, pool_id: str) -> ConfigurationItem | None:
    described = call(
        ctx,
        "cognito-idp",
        "DescribeUserPool",
        cognito.describe_user_pool,
        TYPES,
        resource_id=pool_id,
        UserPoolId=pool_id,
    )
    if described is None:
        return None
    pool = described.get("UserPool") or {}
    configuration = jsonable({k: v for k, v in pool.items() if k not in VOLATILE and k != "UserPoolTags"})
    supplementary: dict[str, Any] = {}
    mfa = call(
        ctx,
        "cognito-idp",
        "GetUserPoolMfaConfig",
        cognito.get_user_pool_mfa_config,
        TYPES,
        resource_id=pool_id,
        UserPoolId=pool_id,
    )
    if mfa is not None:
        supplementary["MfaConfig"] = jsonable(mfa)
        configuration["MfaConfiguration"] = mfa.get("MfaConfiguration", "OFF")
    else:
        configuration.pop("MfaConfiguration", None)  # the description alone may be stale: unknown
    add_ons = pool.get("UserPoolAddOns") or {}
    configuration["AdvancedSecurityMode"] = add_ons.get("AdvancedSecurityMode", "OFF")
    return ctx.item(
        USER_POOL,
        pool_id,
        configuration,
        arn=pool.get("Arn"),
        name=pool.get("Name"),
        tags=pool.get("UserPoolTags") or {},
        supplementary=supplementary,
        created=configuration.get("CreationDate"),
    )


def _identity_pool(entry: dict[str, Any]) -> dict[str, Any]:
    return {"Id": entry.get("IdentityPoolId"), "IdentityPoolName": entry.get("IdentityPoolName"),
            "Name": entry.get("IdentityPoolName")}  # fmt: skip


def _described(response: dict[str, Any]) -> dict[str, Any]:
    return {k: response[k] for k in IDENTITY_POOL_KEYS if k in response}


def _identity_pool_arn(ctx: Any, entry: dict[str, Any]) -> str:
    return f"arn:{ctx.partition}:cognito-identity:{ctx.region}:{ctx.account_id}:identitypool/{entry['Id']}"


IDENTITY_POOLS = ResourceSpec(
    IDENTITY_POOL,
    "ListIdentityPools",
    "IdentityPools",
    "IdentityPoolId",
    arn=_identity_pool_arn,
    name_key="IdentityPoolName",
    list_params={"MaxResults": 60},
    casing="api",
    tags_key=None,
    clean=_identity_pool,
    details=(Detail("DescribeIdentityPool", "configuration", lambda e: {"IdentityPoolId": e["Id"]}, shape=_described),),
    one=lambda pool_id: {},
)

COLLECTORS = [
    Collector(
        name="cognito",
        resource_types=TYPES,
        permissions=("cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig"),
        collect=collect,
        description="Cognito user pools: MFA, advanced security, password policy",
    ),
    spec_collector(
        "cognito-identity",
        "cognito-identity",
        (IDENTITY_POOLS,),
        description="Cognito identity pools: unauthenticated (guest) access",
    ),
]
