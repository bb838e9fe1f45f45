"""IAM rules: password policy, root user, console users."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_bool

ACCOUNT = "AWS::::Account"


def _credential_report(account) -> list[dict] | None:
    report = account.configuration.get("credentialReport") if account else None
    return report if isinstance(report, list) else None


@rule(
    id="iam-password-policy",
    title="The account password policy meets the required strength",
    resource_types=[ACCOUNT],
    scope="account",
    severity="medium",
    trigger="periodic",
    parameters={
        "RequireUppercaseCharacters": Param(bool, True, "Require at least one uppercase letter"),
        "RequireLowercaseCharacters": Param(bool, True, "Require at least one lowercase letter"),
        "RequireSymbols": Param(bool, True, "Require at least one symbol"),
        "RequireNumbers": Param(bool, True, "Require at least one number"),
        "MinimumPasswordLength": Param(int, 14, "Minimum password length"),
        "PasswordReusePrevention": Param(int, 24, "Number of previous passwords that cannot be reused"),
        "MaxPasswordAge": Param(int, 90, "Days before a password expires"),
    },
    rationale="Strong, rotating, non-reused passwords resist guessing and credential stuffing.",
    remediation="Set the policy with 'aws iam update-account-password-policy'.",
)
def iam_password_policy(account, params):
    """Checks the account password policy against each parameter (AWS Config's defaults)."""
    if "passwordPolicy" not in account.configuration:
        return insufficient_data("the password policy was not collected")
    policy = account.configuration["passwordPolicy"]
    if not policy:
        return non_compliant("the account has no password policy")
    problems = []
    for flag in ("RequireUppercaseCharacters", "RequireLowercaseCharacters", "RequireSymbols", "RequireNumbers"):
        key = flag[0].lower() + flag[1:]
        if params[flag] and not as_bool(policy.get(key)):
            problems.append(f"{key} is off")
    length = policy.get("minimumPasswordLength") or 0
    if params["MinimumPasswordLength"] and length < params["MinimumPasswordLength"]:
        problems.append(f"minimum length {length} < {params['MinimumPasswordLength']}")
    reuse = policy.get("passwordReusePrevention") or 0
    if params["PasswordReusePrevention"] and reuse < params["PasswordReusePrevention"]:
        problems.append(f"reuse prevention {reuse} < {params['PasswordReusePrevention']}")
    age = policy.get("maxPasswordAge")
    if params["MaxPasswordAge"] and (not age or age > params["MaxPasswordAge"]):
        problems.append(f"max password age {age or 'unlimited'} > {params['MaxPasswordAge']}")
    if problems:
        return non_compliant("; ".join(problems))
    return compliant("the password policy meets every requirement")


@rule(
    id="root-account-mfa-enabled",
    title="The root user has MFA enabled",
    resource_types=[ACCOUNT],
    scope="account",
    severity="critical",
    trigger="periodic",
    rationale="The root user can do anything in the account; a password alone is not enough.",
    remediation="Sign in as the root user and assign an MFA device under Security credentials.",
)
def root_account_mfa_enabled(account):
    """Reads AccountMFAEnabled from the account summary (GetAccountSummary)."""
    summary = account.configuration.get("accountSummary")
    if not isinstance(summary, dict) or "AccountMFAEnabled" not in summary:
        return insufficient_data("the account summary was not collected")
    if summary["AccountMFAEnabled"] == 1:
        return compliant("the root user has MFA")
    return non_compliant("the root user has no MFA device")


@rule(
    id="iam-root-access-key-check",
    title="The root user has no access keys",
    resource_types=[ACCOUNT],
    scope="account",
    severity="critical",
    trigger="periodic",
    rationale="Root access keys cannot be limited by any policy; they should not exist.",
    remediation="Sign in as the root user and delete its access keys.",
)
def iam_root_access_key_check(account):
    """Reads AccountAccessKeysPresent from the account summary."""
    summary = account.configuration.get("accountSummary")
    if not isinstance(summary, dict) or "AccountAccessKeysPresent" not in summary:
        return insufficient_data("the account summary was not collected")
    if summary["AccountAccessKeysPresent"] == 0:
        return compliant("the root user has no access keys")
    return non_compliant("the root user has access keys")


@rule(
    id="mfa-enabled-for-iam-console-access",
    title="IAM users with a console password have MFA enabled",
    resource_types=["AWS::IAM::User"],
    severity="medium",
    trigger="periodic",
    rationale="A console password alone is phishable; MFA stops most account takeovers.",
    remediation="Assign an MFA device to the user, or remove its console password.",
)
def mfa_enabled_for_iam_console_access(ci, snapshot):
    """Uses the credential report on the account item: password_enabled and mfa_active."""
    report = _credential_report(snapshot.account())
    if report is None:
        return insufficient_data("the credential report was not collected")
    name = ci.configuration.get("userName") or ci.resourceName
    row = next((r for r in report if r.get("user") == name), None)
    if row is None:
        return insufficient_data(f"user {name} is not in the credential report")
    if as_bool(row.get("password_enabled")) is not True:
        return not_applicable("the user has no console password")
    if as_bool(row.get("mfa_active")):
        return compliant("console user has MFA")
    return non_compliant("console password without MFA")
