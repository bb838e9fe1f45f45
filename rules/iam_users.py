"""IAM user rules: MFA, access keys and unused credentials (from the credential report), direct policies."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import (
    as_bool,
    as_list,
    days_since,
)

ACCOUNT = "AWS::::Account"
USER = "AWS::IAM::User"


def _credential_report(account) -> list[dict] | None:
    report = account.configuration.get("credentialReport") if account else None
    return report if isinstance(report, list) else None


@rule(
    id="mfa-enabled-for-iam-console-access",
    title="IAM users with a console password have MFA enabled",
    resource_types=["AWS::IAM::User"],
    severity="medium",
    trigger="periodic",
    rationale="A console password alone is phishable; MFA stops most account takeovers.",
    remediation="Assign an MFA device to the user, or remove its console password.",
    reads=["configuration.userName"],
    account_settings=["credentialReport"],
)
def mfa_enabled_for_iam_console_access(ci, snapshot):
    """Uses the credential report on the account item: password_enabled and mfa_active."""
    row, why = _report_row(snapshot, ci)
    if row is None:
        return insufficient_data(why)
    if as_bool(row.get("password_enabled")) is not True:
        return not_applicable("the user has no console password")
    if as_bool(row.get("mfa_active")):
        return compliant("console user has MFA")
    return non_compliant("console password without MFA")


# The report's rows by user name, built once per report rather than scanned once per user.
_REPORT_INDEX: dict[int, tuple[list[dict], dict[str, dict]]] = {}


def _report_row(snapshot, ci) -> tuple[dict | None, str]:
    """The user's credential report row, or (None, why not)."""
    report = _credential_report(snapshot.account())
    name = ci.configuration.get("userName") or ci.resourceName
    if report is None:
        return None, "the credential report was not collected"
    cached = _REPORT_INDEX.get(id(report))
    if cached is None or cached[0] is not report:
        if len(_REPORT_INDEX) > 16:
            _REPORT_INDEX.clear()
        cached = (report, {str(r.get("user")): r for r in report if isinstance(r, dict)})
        _REPORT_INDEX[id(report)] = cached
    row = cached[1].get(name)
    if row is None:
        return None, f"user {name} is not in the credential report"
    return row, ""


@rule(
    id="iam-user-mfa-enabled",
    title="IAM users have MFA enabled",
    resource_types=[USER],
    severity="medium",
    trigger="periodic",
    rationale="A second factor keeps a leaked password from being enough to act as the user.",
    remediation="Assign a virtual or hardware MFA device to the user (IAM console, Security credentials).",
    reads=["configuration.userName"],
    account_settings=["credentialReport"],
)
def iam_user_mfa_enabled(ci, snapshot):
    """Reads mfa_active from the credential report on the account item."""
    row, why = _report_row(snapshot, ci)
    if row is None:
        return insufficient_data(why)
    if as_bool(row.get("mfa_active")):
        return compliant("the user has an MFA device")
    return non_compliant("the user has no MFA device")


def _key_slots(row: dict) -> list[int]:
    return [n for n in (1, 2) if as_bool(row.get(f"access_key_{n}_active"))]


@rule(
    id="access-keys-rotated",
    title="Active IAM access keys are rotated within the maximum age",
    resource_types=[USER],
    severity="medium",
    trigger="periodic",
    parameters={"maxAccessKeyAge": Param(int, 90, "Maximum days since an active key was created or rotated")},
    rationale="Long-lived keys accumulate in scripts, laptops and logs; rotation limits how long a leak is useful.",
    remediation="Create a new key, move its users to it, deactivate then delete the old one.",
    reads=["configuration.userName"],
    account_settings=["credentialReport"],
)
def access_keys_rotated(ci, snapshot, params):
    """Uses access_key_N_active and access_key_N_last_rotated from the credential report."""
    row, why = _report_row(snapshot, ci)
    if row is None:
        return insufficient_data(why)
    slots = _key_slots(row)
    if not slots:
        return not_applicable("the user has no active access key")
    old = []
    for n in slots:
        age = days_since(row.get(f"access_key_{n}_last_rotated"))
        if age is None:
            return insufficient_data(f"access key {n}: rotation date not recorded")
        if age > params["maxAccessKeyAge"]:
            old.append(f"key {n} is {int(age)} days old")
    if old:
        return non_compliant("; ".join(old) + f" (> {params['maxAccessKeyAge']})")
    return compliant("every active key is within the maximum age")


@rule(
    id="iam-user-unused-credentials-check",
    title="IAM users have no password or active key unused for longer than the maximum age",
    resource_types=[USER],
    severity="medium",
    trigger="periodic",
    parameters={"maxCredentialUsageAge": Param(int, 90, "Days a password or active key may go unused")},
    rationale="Unused credentials are pure risk: nobody notices when someone else starts using them.",
    remediation="Remove the unused console password (delete-login-profile) and deactivate unused access keys.",
    reads=["configuration.userName"],
    account_settings=["credentialReport"],
)
def iam_user_unused_credentials_check(ci, snapshot, params):
    """A credential never used counts from its creation (password_last_changed / key last rotated)."""
    row, why = _report_row(snapshot, ci)
    if row is None:
        return insufficient_data(why)
    limit = params["maxCredentialUsageAge"]
    stale = []
    checked = 0
    if as_bool(row.get("password_enabled")):
        checked += 1
        age = days_since(row.get("password_last_used"))
        if age is None:
            age = days_since(row.get("password_last_changed")) or days_since(row.get("user_creation_time"))
        if age is None:
            return insufficient_data("password usage dates not recorded")
        if age > limit:
            stale.append(f"password unused for {int(age)} days")
    for n in _key_slots(row):
        checked += 1
        age = days_since(row.get(f"access_key_{n}_last_used_date"))
        if age is None:
            age = days_since(row.get(f"access_key_{n}_last_rotated"))
        if age is None:
            return insufficient_data(f"access key {n}: usage dates not recorded")
        if age > limit:
            stale.append(f"access key {n} unused for {int(age)} days")
    if stale:
        return non_compliant("; ".join(stale) + f" (> {limit})")
    if not checked:
        return compliant("the user has no password and no active access key")
    return compliant(f"every credential was used within {limit} days")


@rule(
    id="iam-user-single-active-access-key",
    title="IAM users have at most one active access key",
    resource_types=[USER],
    severity="low",
    trigger="periodic",
    rationale="Two active keys per user are only needed during a rotation; a second lingering key doubles exposure.",
    remediation="Deactivate and delete the access key that is no longer used.",
    reads=["configuration.userName"],
    account_settings=["credentialReport"],
)
def iam_user_single_active_access_key(ci, snapshot):
    """No AWS Config managed rule checks this (CIS 1.13); reads the credential report."""
    row, why = _report_row(snapshot, ci)
    if row is None:
        return insufficient_data(why)
    if len(_key_slots(row)) > 1:
        return non_compliant("the user has two active access keys")
    return compliant("at most one active access key")


@rule(
    id="iam-user-no-policies-check",
    title="IAM users have no policies attached directly",
    resource_types=[USER],
    severity="low",
    rationale="Permissions granted through groups and roles are easier to review and revoke than per-user ones.",
    remediation="Move the user's policies to a group (or role) and detach them from the user.",
    reads=["configuration.attachedManagedPolicies", "configuration.userPolicyList"],
)
def iam_user_no_policies_check(ci):
    """NON_COMPLIANT when attachedManagedPolicies or userPolicyList is non-empty."""
    config = ci.configuration
    if "attachedManagedPolicies" not in config and "userPolicyList" not in config:
        return insufficient_data("the user's policies were not recorded")
    names = [p.get("policyName", "") for p in as_list(config.get("attachedManagedPolicies"))]
    names += [p.get("policyName", "") for p in as_list(config.get("userPolicyList"))]
    if names:
        return non_compliant("policies attached to the user: " + ", ".join(sorted(names)))
    return compliant("no policy attached directly")
