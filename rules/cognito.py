"""Cognito rules: user pools' threat protection."""

from __future__ import annotations

from ._util import property_rule

USER_POOL = "AWS::Cognito::UserPool"

cognito_user_pool_advanced_security_enabled = property_rule(
    id="cognito-user-pool-advanced-security-enabled",
    title="Cognito user pools enforce threat protection (advanced security)",
    resource_types=[USER_POOL],
    path="configuration.AdvancedSecurityMode",
    passes=lambda value, params: str(value).upper() == "ENFORCED",
    failing="advanced security mode is {value}",
    passing="advanced security is enforced",
    absent="fail",
    severity="medium",
    rationale="Threat protection blocks sign-ins with compromised credentials and risky sign-in attempts.",
    remediation="aws cognito-idp update-user-pool --user-pool-id ID --user-pool-add-ons AdvancedSecurityMode=ENFORCED",
)
