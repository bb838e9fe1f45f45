"""Cognito rules on identity pools (guest access) and user pool password policies."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import as_bool, is_false, property_rule

cognito_identity_pool_unauth_access_check = property_rule(
    id="cognito-identity-pool-unauth-access-check",
    title="Cognito identity pools do not allow unauthenticated identities",
    resource_types=["AWS::Cognito::IdentityPool"],
    path="configuration.AllowUnauthenticatedIdentities",
    passes=is_false,
    failing="guest (unauthenticated) access is on",
    passing="only authenticated identities",
    severity="medium",
    rationale="Unauthenticated identities get AWS credentials without signing in.",
    remediation="aws cognito-identity update-identity-pool --identity-pool-id P --no-allow-unauthenticated-identities",
)


@rule(
    id="cognito-user-pool-password-policy-check",
    title="Cognito user pools require strong passwords",
    resource_types=["AWS::Cognito::UserPool"],
    severity="medium",
    parameters={
        "minLength": Param(int, 8, "Minimum password length"),
        "requireLowercase": Param(bool, True, "Require a lowercase letter"),
        "requireUppercase": Param(bool, True, "Require an uppercase letter"),
        "requireNumbers": Param(bool, True, "Require a number"),
        "requireSymbols": Param(bool, True, "Require a symbol"),
        "temporaryPasswordValidity": Param(int, 7, "Longest validity of temporary passwords, in days"),
    },
    rationale="Weak passwords fall to guessing and credential stuffing.",
    remediation="aws cognito-idp update-user-pool --user-pool-id P --policies "
    "PasswordPolicy={MinimumLength=12,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,"
    "RequireSymbols=true,TemporaryPasswordValidityDays=7}",
    reads=["configuration.Policies"],
)
def cognito_user_pool_password_policy_check(ci, params):
    """Reads configuration.Policies.PasswordPolicy."""
    policy = (ci.configuration.get("Policies") or {}).get("PasswordPolicy")
    if policy is None:
        return insufficient_data("the password policy was not recorded")
    weak = []
    if int(policy.get("MinimumLength") or 0) < params["minLength"]:
        weak.append(f"minimum length {policy.get('MinimumLength')}")
    for key, param in (("RequireLowercase", "requireLowercase"), ("RequireUppercase", "requireUppercase"),
                       ("RequireNumbers", "requireNumbers"), ("RequireSymbols", "requireSymbols")):  # fmt: skip
        if params[param] and not as_bool(policy.get(key)):
            weak.append(f"{key} off")
    days = policy.get("TemporaryPasswordValidityDays")
    if days is not None and int(days) > params["temporaryPasswordValidity"]:
        weak.append(f"temporary passwords valid {days} days")
    if weak:
        return non_compliant("; ".join(weak))
    return compliant("the password policy is strong")
