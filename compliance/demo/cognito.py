"""Demo Cognito: a customer pool with MFA on and advanced security enforced, and a legacy pool
with neither; an identity pool for signed-in customers only and one letting guests in (Cognito.2)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    client = session.client("cognito-idp", region_name=regions[0])
    pool = client.create_user_pool(
        PoolName="customers",
        MfaConfiguration="ON",
        UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"},
        Policies={"PasswordPolicy": {"MinimumLength": 14, "RequireSymbols": True, "RequireNumbers": True}},
    )["UserPool"]["Id"]
    client.set_user_pool_mfa_config(
        UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    client.create_user_pool(PoolName="legacy-partners", Policies={"PasswordPolicy": {"MinimumLength": 6}})
    identity = session.client("cognito-identity", region_name=regions[0])
    identity.create_identity_pool(IdentityPoolName="customers_signed_in", AllowUnauthenticatedIdentities=False)
    identity.create_identity_pool(IdentityPoolName="public_catalog_guests", AllowUnauthenticatedIdentities=True)
