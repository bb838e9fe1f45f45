"""IAM: users, groups, roles and customer-managed policies, plus the account's IAM settings.

Request economy: one paginated GetAccountAuthorizationDetails covers users (groups, attached
and inline policies), groups, roles and customer-managed policies with every version's
document; the credential report covers each user's password, MFA and access keys (with last
use); ListVirtualMFADevices covers MFA device assignments. So the request count grows with
pages, not with users. Per-user calls (ListAccessKeys, GetLoginProfile, ...) are never made.

Account item keys (global): ``passwordPolicy``, ``accountSummary``, ``credentialReport``,
``virtualMfaDevices``.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from typing import Any

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, config_case, error_code, paginate, tag_dict
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem, Relationship

USER, GROUP, ROLE, POLICY = "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Role", "AWS::IAM::Policy"
AUTH_TYPES = (USER, GROUP, ROLE, POLICY)
REPORT_POLL_SECONDS = (0.5, 1, 2, 3, 5, 5, 5)  # about 20 s before giving up on a report in progress


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    iam = ctx.client("iam")
    _account_settings(ctx, iam)
    report = _credential_report(ctx, iam)
    virtual_mfa = paginate(ctx, iam, "list_virtual_mfa_devices", "VirtualMFADevices", (ACCOUNT_RESOURCE_TYPE, USER))
    if virtual_mfa is not None:
        ctx.account_setting("virtualMfaDevices", [_virtual_mfa(d) for d in virtual_mfa])
    details = _authorization_details(ctx, iam)
    if details is None:
        return
    rows = {row.get("user"): row for row in report or []}
    mfa_by_user: dict[str, list[dict[str, Any]]] = {}
    for device in virtual_mfa or []:
        user = (device.get("User") or {}).get("UserName")
        if user:
            mfa_by_user.setdefault(user, []).append(_virtual_mfa(device))
    groups = {g["GroupName"]: g for g in details["GroupDetailList"]}
    for user in details["UserDetailList"]:
        yield _user(ctx, user, groups, rows if report is not None else None, mfa_by_user if virtual_mfa else None)
    for group in details["GroupDetailList"]:
        yield _group(ctx, group)
    for role in details["RoleDetailList"]:
        yield _role(ctx, role)
    for policy in details["Policies"]:
        yield _policy(ctx, policy)


def _account_error(ctx: CollectContext, api: str, exc: BaseException) -> None:
    ctx.record_error("iam", api, exc, (ACCOUNT_RESOURCE_TYPE,), resource_id=ctx.account_id, region=GLOBAL_REGION)


def _account_settings(ctx: CollectContext, iam: Any) -> None:
    try:
        policy = iam.get_account_password_policy()["PasswordPolicy"]
        ctx.account_setting("passwordPolicy", config_case(policy))
    except AWS_ERRORS as exc:
        if error_code(exc) == "NoSuchEntity":
            ctx.account_setting("passwordPolicy", None)  # the account has no password policy
        else:
            _account_error(ctx, "GetAccountPasswordPolicy", exc)
    try:
        ctx.account_setting("accountSummary", iam.get_account_summary()["SummaryMap"])
    except AWS_ERRORS as exc:
        _account_error(ctx, "GetAccountSummary", exc)


def _credential_report(ctx: CollectContext, iam: Any) -> list[dict[str, str]] | None:
    """The credential report's rows (root row included), or None (error recorded)."""
    api = "GenerateCredentialReport"
    try:
        state = iam.generate_credential_report().get("State")
        api = "GetCredentialReport"
        waits = list(REPORT_POLL_SECONDS) if state != "COMPLETE" else []
        while True:
            try:
                content = iam.get_credential_report()["Content"]
                break
            except AWS_ERRORS as exc:
                if error_code(exc) not in ("ReportInProgress", "ReportNotPresent") or not waits:
                    raise
                time.sleep(waits.pop(0))
    except AWS_ERRORS as exc:
        _account_error(ctx, api, exc)
        return None
    text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
    rows = [dict(row) for row in csv.DictReader(io.StringIO(text))]
    ctx.account_setting("credentialReport", rows)
    return rows


def _authorization_details(ctx: CollectContext, iam: Any) -> dict[str, list[dict[str, Any]]] | None:
    merged: dict[str, list[dict[str, Any]]] = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": [],
        "Policies": [],
    }
    try:
        pages = iam.get_paginator("get_account_authorization_details").paginate(
            Filter=["User", "Role", "Group", "LocalManagedPolicy"]
        )
        for page in pages:
            for key, values in merged.items():
                values.extend(page.get(key) or [])
    except AWS_ERRORS as exc:
        ctx.record_error("iam", "GetAccountAuthorizationDetails", exc, AUTH_TYPES, region=GLOBAL_REGION)
        return None
    return merged


def _virtual_mfa(device: dict[str, Any]) -> dict[str, Any]:
    user = device.get("User") or {}
    return config_case(
        {
            "SerialNumber": device.get("SerialNumber"),
            "UserName": user.get("UserName"),
            "UserArn": user.get("Arn"),
            "EnableDate": device.get("EnableDate"),
        }
    )


def _policy_list(entries: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"policyName": p["PolicyName"], "policyDocument": p.get("PolicyDocument")} for p in entries or []]


def _attached(entries: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"policyName": p.get("PolicyName"), "policyArn": p.get("PolicyArn")} for p in entries or []]


def _policy_relationships(entries: list[dict[str, Any]] | None) -> list[Relationship]:
    return [
        Relationship(POLICY, p.get("PolicyArn"), p.get("PolicyName"), "Is attached to CustomerManagedPolicy")
        for p in entries or []
        if ":aws:policy/" not in str(p.get("PolicyArn"))
    ]


def _credentials_from_row(row: dict[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The credential report row as login profile and access keys (camelCase, report values)."""
    login = {
        "passwordEnabled": row.get("password_enabled"),
        "passwordLastUsed": row.get("password_last_used"),
        "passwordLastChanged": row.get("password_last_changed"),
        "passwordNextRotation": row.get("password_next_rotation"),
        "mfaActive": row.get("mfa_active"),
    }
    keys = []
    for n in ("1", "2"):
        rotated = row.get(f"access_key_{n}_last_rotated")
        if row.get(f"access_key_{n}_active") in (None, "") or rotated in (None, "", "N/A"):
            continue
        keys.append(
            {
                "keyNumber": int(n),
                "status": "Active" if row.get(f"access_key_{n}_active") == "true" else "Inactive",
                "lastRotated": rotated,
                "lastUsedDate": row.get(f"access_key_{n}_last_used_date"),
                "lastUsedRegion": row.get(f"access_key_{n}_last_used_region"),
                "lastUsedService": row.get(f"access_key_{n}_last_used_service"),
            }
        )
    return login, keys


def _user(
    ctx: CollectContext,
    user: dict[str, Any],
    groups: dict[str, dict[str, Any]],
    report: dict[str | None, dict[str, str]] | None,
    mfa: dict[str, list[dict[str, Any]]] | None,
) -> ConfigurationItem:
    name = user["UserName"]
    configuration = {
        "path": user.get("Path"),
        "userName": name,
        "userId": user["UserId"],
        "arn": user["Arn"],
        "createDate": config_case(user.get("CreateDate")),
        "userPolicyList": _policy_list(user.get("UserPolicyList")),
        "groupList": list(user.get("GroupList") or []),
        "attachedManagedPolicies": _attached(user.get("AttachedManagedPolicies")),
        "permissionsBoundary": config_case(user.get("PermissionsBoundary")),
    }
    supplementary: dict[str, Any] = {}
    if report is not None:
        row = report.get(name)
        if row is not None:
            supplementary["LoginProfile"], supplementary["AccessKeys"] = _credentials_from_row(row)
    if mfa is not None:
        supplementary["VirtualMfaDevices"] = mfa.get(name, [])
    relationships = [
        Relationship(GROUP, groups.get(g, {}).get("GroupId"), g, "Is attached to Group")
        for g in configuration["groupList"]
    ]
    relationships += _policy_relationships(user.get("AttachedManagedPolicies"))
    return ctx.item(
        USER,
        user["UserId"],
        configuration,
        arn=user["Arn"],
        name=name,
        region=GLOBAL_REGION,
        tags=tag_dict(user.get("Tags")),
        relationships=relationships,
        supplementary=supplementary,
        created=config_case(user.get("CreateDate")),
    )


def _group(ctx: CollectContext, group: dict[str, Any]) -> ConfigurationItem:
    configuration = {
        "path": group.get("Path"),
        "groupName": group["GroupName"],
        "groupId": group["GroupId"],
        "arn": group["Arn"],
        "createDate": config_case(group.get("CreateDate")),
        "groupPolicyList": _policy_list(group.get("GroupPolicyList")),
        "attachedManagedPolicies": _attached(group.get("AttachedManagedPolicies")),
    }
    return ctx.item(
        GROUP,
        group["GroupId"],
        configuration,
        arn=group["Arn"],
        name=group["GroupName"],
        region=GLOBAL_REGION,
        relationships=_policy_relationships(group.get("AttachedManagedPolicies")),
        created=configuration["createDate"],
    )


def _role(ctx: CollectContext, role: dict[str, Any]) -> ConfigurationItem:
    configuration = {
        "path": role.get("Path"),
        "roleName": role["RoleName"],
        "roleId": role["RoleId"],
        "arn": role["Arn"],
        "createDate": config_case(role.get("CreateDate")),
        "assumeRolePolicyDocument": role.get("AssumeRolePolicyDocument"),
        "instanceProfileList": config_case(role.get("InstanceProfileList") or []),
        "rolePolicyList": _policy_list(role.get("RolePolicyList")),
        "attachedManagedPolicies": _attached(role.get("AttachedManagedPolicies")),
        "permissionsBoundary": config_case(role.get("PermissionsBoundary")),
        "roleLastUsed": config_case(role.get("RoleLastUsed")),
    }
    return ctx.item(
        ROLE,
        role["RoleId"],
        configuration,
        arn=role["Arn"],
        name=role["RoleName"],
        region=GLOBAL_REGION,
        tags=tag_dict(role.get("Tags")),
        relationships=_policy_relationships(role.get("AttachedManagedPolicies")),
        created=configuration["createDate"],
    )


def _policy(ctx: CollectContext, policy: dict[str, Any]) -> ConfigurationItem:
    versions = [
        {
            "document": v.get("Document"),
            "versionId": v.get("VersionId"),
            "isDefaultVersion": v.get("IsDefaultVersion"),
            "createDate": config_case(v.get("CreateDate")),
        }
        for v in policy.get("PolicyVersionList") or []
    ]
    # The simulator leaves PolicyName and PolicyId out of this call; AWS returns both.
    name = policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1]
    configuration = {
        "policyName": name,
        "policyId": policy.get("PolicyId"),
        "arn": policy["Arn"],
        "path": policy.get("Path"),
        "defaultVersionId": policy.get("DefaultVersionId"),
        "attachmentCount": policy.get("AttachmentCount"),
        "permissionsBoundaryUsageCount": policy.get("PermissionsBoundaryUsageCount"),
        "isAttachable": policy.get("IsAttachable"),
        "description": policy.get("Description"),
        "createDate": config_case(policy.get("CreateDate")),
        "updateDate": config_case(policy.get("UpdateDate")),
        "policyVersionList": versions,
    }
    return ctx.item(
        POLICY,
        policy.get("PolicyId") or policy["Arn"],
        configuration,
        arn=policy["Arn"],
        name=name,
        region=GLOBAL_REGION,
        created=configuration["createDate"],
    )


COLLECTORS = [
    Collector(
        name="iam",
        resource_types=(*AUTH_TYPES, ACCOUNT_RESOURCE_TYPE),
        permissions=(
            "iam:GetAccountAuthorizationDetails",
            "iam:GenerateCredentialReport",
            "iam:GetCredentialReport",
            "iam:GetAccountPasswordPolicy",
            "iam:GetAccountSummary",
            "iam:ListVirtualMFADevices",
        ),
        collect=collect,
        is_global=True,
        description="IAM users, groups, roles, customer-managed policies; password policy, summary, credential report",
    )
]
