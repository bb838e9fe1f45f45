"""IAM remediations: the account password policy, unused or old access keys, and (opt-in) the
console password of users without MFA."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from compliance.remediate.base import ApiCall, CannotRemediate, remediation
from compliance.rule import Param

from ._util import api_region, truthy

ACCOUNT = "AWS::::Account"
USER = "AWS::IAM::User"
IAM_REGION = api_region(None)

_POLICY_FLAGS = ("RequireUppercaseCharacters", "RequireLowercaseCharacters", "RequireSymbols", "RequireNumbers")
_POLICY_NUMBERS = ("MinimumPasswordLength", "PasswordReusePrevention")


def _recorded(policy: dict[str, Any], key: str) -> Any:
    return policy.get(key[0].lower() + key[1:], policy.get(key))


@remediation(
    id="iam-strengthen-password-policy",
    title="Raise the account password policy to the required strength (never lowers a setting)",
    rules=["iam-password-policy"],
    resource_types=[ACCOUNT],
    permissions=["iam:UpdateAccountPasswordPolicy"],
    services=["iam"],
    parameters={
        "MinimumPasswordLength": Param(int, 14, "At least this length"),
        "PasswordReusePrevention": Param(int, 24, "Remember at least this many passwords"),
        "MaxPasswordAge": Param(int, 90, "Expire passwords after at most this many days (0: keep as is)"),
        "RequireSymbols": Param(bool, True, "Require a symbol"),
        "RequireNumbers": Param(bool, True, "Require a number"),
        "RequireUppercaseCharacters": Param(bool, True, "Require an uppercase letter"),
        "RequireLowercaseCharacters": Param(bool, True, "Require a lowercase letter"),
    },
)
def strengthen_password_policy(item, params, rule_params):
    """UpdateAccountPasswordPolicy replaces the whole policy, so the plan carries every setting:
    the stronger of the current value, this remediation's parameter and the rule's parameter."""
    if "passwordPolicy" not in item.configuration:
        raise CannotRemediate("the password policy was not collected")
    current = item.configuration.get("passwordPolicy") or {}
    wanted: dict[str, Any] = {}
    for flag in _POLICY_FLAGS:
        wanted[flag] = bool(truthy(_recorded(current, flag)) or params[flag] or rule_params.get(flag))
    for number in _POLICY_NUMBERS:
        wanted[number] = max(int(_recorded(current, number) or 0), params[number] or 0, rule_params.get(number) or 0)
    ages = [
        a
        for a in (_recorded(current, "MaxPasswordAge"), params["MaxPasswordAge"], rule_params.get("MaxPasswordAge"))
        if a
    ]
    if ages:
        wanted["MaxPasswordAge"] = min(int(a) for a in ages)
    wanted["AllowUsersToChangePassword"] = bool(truthy(_recorded(current, "AllowUsersToChangePassword")) or not current)
    if truthy(_recorded(current, "HardExpiry")):
        wanted["HardExpiry"] = True
    unchanged = current and all(
        (bool(truthy(_recorded(current, k))) if isinstance(v, bool) else _recorded(current, k)) == v
        for k, v in wanted.items()
    )
    if unchanged:
        return []
    return [
        ApiCall(
            "iam",
            "update_account_password_policy",
            IAM_REGION,
            wanted,
            "set the password policy (current stronger settings kept)",
        )
    ]


def _user_name(item: Any) -> str:
    return item.configuration.get("userName") or item.resourceName or item.resourceId


def _days(when: Any, now: datetime) -> float:
    if isinstance(when, str):
        when = datetime.fromisoformat(when.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (now - when).total_seconds() / 86400


def _stale_keys(session: Any, user: str, max_days: int, by: str) -> list[tuple[str, int]]:
    """Active access keys of ``user`` older than ``max_days``: by last use ("unused"; never
    used counts from creation) or by creation ("age")."""
    if session is None:
        raise CannotRemediate(
            "access key ids are not in the snapshot (the credential report has none); "
            "the plan is made when applying, and shown before approval with --approve"
        )
    iam = session.client("iam", region_name=IAM_REGION)
    now = datetime.now(UTC)
    stale = []
    for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
        if key.get("Status") != "Active":
            continue
        since = key["CreateDate"]
        if by == "unused":
            used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
            since = used.get("LastUsedDate") or since
        age = _days(since, now)
        if age > max_days:
            stale.append((key["AccessKeyId"], int(age)))
    return stale


def _deactivate(user: str, stale: list[tuple[str, int]], what: str) -> list[ApiCall]:
    return [
        ApiCall(
            "iam",
            "update_access_key",
            IAM_REGION,
            {"UserName": user, "AccessKeyId": key_id, "Status": "Inactive"},
            f"deactivate {key_id} ({what} {days} days)",
        )
        for key_id, days in stale
    ]


@remediation(
    id="iam-deactivate-unused-access-keys",
    title="Deactivate access keys unused for N days (deactivated, not deleted: reversible)",
    rules=["iam-user-unused-credentials-check"],
    resource_types=[USER],
    permissions=["iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:UpdateAccessKey"],
    parameters={"maxCredentialUsageAge": Param(int, None, "Days unused (default: the rule's maxCredentialUsageAge)")},
)
def deactivate_unused_access_keys(item, params, rule_params, session):
    """A key never used counts from its creation. A stale console password is left alone (see
    iam-delete-console-password-without-mfa for the opt-in password removal)."""
    limit = params["maxCredentialUsageAge"]
    limit = limit if limit is not None else rule_params.get("maxCredentialUsageAge", 90)
    user = _user_name(item)
    return _deactivate(user, _stale_keys(session, user, limit, "unused"), "unused for")


@remediation(
    id="iam-deactivate-old-access-keys",
    title="Deactivate active access keys older than the rule's maximum age (rotate them first)",
    rules=["access-keys-rotated"],
    resource_types=[USER],
    permissions=["iam:ListAccessKeys", "iam:UpdateAccessKey"],
    parameters={"maxAccessKeyAge": Param(int, None, "Days since creation (default: the rule's maxAccessKeyAge)")},
    opt_in=True,
)
def deactivate_old_access_keys(item, params, rule_params, session):
    """Off unless enabled: an old key may still be in use, and deactivating it breaks its users."""
    limit = params["maxAccessKeyAge"]
    limit = limit if limit is not None else rule_params.get("maxAccessKeyAge", 90)
    user = _user_name(item)
    return _deactivate(user, _stale_keys(session, user, limit, "age"), "created")


@remediation(
    id="iam-delete-console-password-without-mfa",
    title="Delete the console password of users without MFA (opt-in: the user loses console access)",
    rules=["mfa-enabled-for-iam-console-access"],
    resource_types=[USER],
    permissions=["iam:DeleteLoginProfile"],
    opt_in=True,
)
def delete_console_password_without_mfa(item, snapshot):
    """Reads the credential report row of the user: password_enabled and mfa_active."""
    account = snapshot.account() if snapshot is not None else None
    report = (account.configuration.get("credentialReport") if account else None) or []
    user = _user_name(item)
    row = next((r for r in report if r.get("user") == user), None)
    if row is None:
        raise CannotRemediate(f"user {user} is not in the credential report")
    if not truthy(row.get("password_enabled")) or truthy(row.get("mfa_active")):
        return []
    return [
        ApiCall(
            "iam",
            "delete_login_profile",
            IAM_REGION,
            {"UserName": user},
            "delete the console password (access keys are kept)",
        )
    ]
