"""IAM policy rules: what customer managed, inline and attached policies allow."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import (
    action_matches,
    actions,
    as_list,
    inline_policies,
    policy_versions_default,
    statements,
)

ACCOUNT = "AWS::::Account"
USER = "AWS::IAM::User"
ROLE = "AWS::IAM::Role"
GROUP = "AWS::IAM::Group"
POLICY = "AWS::IAM::Policy"


def _attached(ci) -> list[str]:
    return [p.get("policyArn", "") for p in as_list(ci.configuration.get("attachedManagedPolicies"))]


@rule(
    id="iam-policy-blacklisted-check",
    title="IAM users, groups and roles do not have the listed managed policies attached",
    resource_types=[USER, GROUP, ROLE],
    severity="medium",
    parameters={
        "policyArns": Param(list, ["arn:aws:iam::aws:policy/AdministratorAccess"], "Policy ARNs that must not be used"),
        "exceptionList": Param(list, [], "Identity ARNs (or names) allowed to have them"),
    },
    rationale="Some managed policies grant more than any workload should hold (full admin, CloudShell file transfer).",
    remediation="Detach the policy from the identity and grant a narrower one.",
    reads=["configuration.attachedManagedPolicies"],
)
def iam_policy_blacklisted_check(ci, params):
    """Reads configuration.attachedManagedPolicies."""
    if "attachedManagedPolicies" not in ci.configuration:
        return insufficient_data("attached policies were not recorded")
    if ci.arn in params["exceptionList"] or ci.resourceName in params["exceptionList"]:
        return not_applicable("in the exception list")
    bad = sorted(set(_attached(ci)) & set(params["policyArns"]))
    if bad:
        return non_compliant("attached: " + ", ".join(bad))
    return compliant("none of the listed policies is attached")


@rule(
    id="iam-policy-in-use",
    title="The given managed policy is attached to at least one identity",
    resource_types=[ACCOUNT, USER, GROUP, ROLE],
    scope="account",
    severity="low",
    trigger="periodic",
    parameters={
        "policyARN": Param(str, "arn:aws:iam::aws:policy/AWSSupportAccess", "The policy that must be in use"),
        "policyUsageType": Param(str, "ANY", "IAM_USER, IAM_GROUP, IAM_ROLE or ANY"),
    },
    rationale="A role with AWSSupportAccess lets the team open AWS Support cases during an incident.",
    remediation="Attach the policy to a role (or group) that incident responders can use.",
    reads=["configuration.attachedManagedPolicies"],
)
def iam_policy_in_use(snapshot, params):
    """Looks for the policy in every user's, group's and role's attachedManagedPolicies."""
    kinds = {"IAM_USER": [USER], "IAM_GROUP": [GROUP], "IAM_ROLE": [ROLE]}.get(
        params["policyUsageType"].upper(), [USER, GROUP, ROLE]
    )
    for kind in kinds:
        for ci in snapshot.of_type(kind):
            if params["policyARN"] in _attached(ci):
                return compliant(f"attached to {ci.resourceName or ci.resourceId}")
    return non_compliant(f"{params['policyARN']} is attached to no {'/'.join(k.split('::')[-1] for k in kinds)}")


def _admin_statement(statement: dict, full_service: bool) -> bool:
    if statement.get("Effect") != "Allow" or "NotAction" in statement:
        return False
    resources = as_list(statement.get("Resource"))
    if full_service:
        return any(a != "*" and a.endswith(":*") for a in actions(statement))
    return "*" in actions(statement) and "*" in resources


def _policy_rule(full_service: bool):
    def check(ci, params):
        document = policy_versions_default(ci.configuration)
        if document is None:
            return insufficient_data("the policy's default version document was not recorded")
        boundary_uses = ci.configuration.get("permissionsBoundaryUsageCount") or 0
        if params.get("excludePermissionBoundaryPolicy") and boundary_uses:
            return not_applicable("used as a permissions boundary")
        found = [s for s in statements(document) if _admin_statement(s, full_service)]
        if found:
            what = ", ".join(a for s in found for a in actions(s) if a == "*" or a.endswith(":*"))
            return non_compliant(f"allows {what} on {'*' if not full_service else 'its resources'}")
        return compliant("no statement grants " + ("a whole service" if full_service else "*:*"))

    return check


_boundary = {"excludePermissionBoundaryPolicy": Param(bool, False, "Skip policies used as permissions boundaries")}

iam_policy_no_statements_with_admin_access = rule(
    id="iam-policy-no-statements-with-admin-access",
    title="Customer managed policies do not allow '*' actions on '*' resources",
    resource_types=[POLICY],
    severity="high",
    parameters=_boundary,
    rationale="Full administrative access in a customer policy defeats least privilege for everyone it reaches.",
    remediation="Replace the Action '*' / Resource '*' statement with the actions and resources actually needed.",
    reads=["configuration.permissionsBoundaryUsageCount", "configuration.policyVersionList"],
)(_policy_rule(False))
iam_policy_no_statements_with_admin_access.description = "Reads the default version of configuration.policyVersionList."

iam_policy_no_statements_with_full_access = rule(
    id="iam-policy-no-statements-with-full-access",
    title="Customer managed policies do not allow every action of a service ('service:*')",
    resource_types=[POLICY],
    severity="low",
    parameters=_boundary,
    rationale="'s3:*' or 'kms:*' grants destructive and permission-changing actions along with the needed ones.",
    remediation="List the service actions the workload needs instead of 'service:*'.",
    reads=["configuration.permissionsBoundaryUsageCount", "configuration.policyVersionList"],
)(_policy_rule(True))
iam_policy_no_statements_with_full_access.description = "Reads the default version of configuration.policyVersionList."

_KMS_BLOCKED = {"blockedActionsPatterns": Param(list, ["kms:Decrypt", "kms:ReEncryptFrom"], "KMS actions to block")}


def _allows_on_all_keys(document: dict | None, patterns: list[str]) -> list[str]:
    hits = []
    for statement in statements(document):
        if statement.get("Effect") != "Allow" or "*" not in as_list(statement.get("Resource")):
            continue
        for pattern in patterns:
            if any(action_matches(a, pattern) for a in actions(statement)):
                hits.append(pattern)
    return sorted(set(hits))


@rule(
    id="iam-customer-policy-blocked-kms-actions",
    title="Customer managed policies do not allow KMS decryption on all keys",
    resource_types=[POLICY],
    severity="medium",
    parameters=_KMS_BLOCKED,
    rationale="Decrypt on Resource '*' reaches every key in the account, including keys of unrelated data.",
    remediation="Limit kms:Decrypt / kms:ReEncryptFrom statements to the key ARNs the workload uses.",
    reads=["configuration.policyVersionList"],
)
def iam_customer_policy_blocked_kms_actions(ci, params):
    """Reads the default version of configuration.policyVersionList."""
    document = policy_versions_default(ci.configuration)
    if document is None:
        return insufficient_data("the policy's default version document was not recorded")
    hits = _allows_on_all_keys(document, params["blockedActionsPatterns"])
    if hits:
        return non_compliant("allows " + ", ".join(hits) + " on all KMS keys")
    return compliant("no blocked KMS action on all keys")


@rule(
    id="iam-inline-policy-blocked-kms-actions",
    title="Inline policies do not allow KMS decryption on all keys",
    resource_types=[USER, ROLE, GROUP],
    severity="medium",
    parameters=_KMS_BLOCKED,
    rationale="Decrypt on Resource '*' reaches every key in the account, including keys of unrelated data.",
    remediation="Limit kms:Decrypt / kms:ReEncryptFrom statements to the key ARNs the identity uses.",
    reads=["configuration.groupPolicyList", "configuration.rolePolicyList", "configuration.userPolicyList"],
)
def iam_inline_policy_blocked_kms_actions(ci, params):
    """Reads userPolicyList / rolePolicyList / groupPolicyList policy documents."""
    found = inline_policies(ci.configuration)
    if not any(k in ci.configuration for k in ("userPolicyList", "rolePolicyList", "groupPolicyList")):
        return insufficient_data("inline policies were not recorded")
    if not found:
        return not_applicable("no inline policy")
    for name, document in found:
        if document is None:
            return insufficient_data(f"inline policy {name}: document not recorded")
        hits = _allows_on_all_keys(document, params["blockedActionsPatterns"])
        if hits:
            return non_compliant(f"{name} allows " + ", ".join(hits) + " on all KMS keys")
    return compliant("no inline policy allows a blocked KMS action on all keys")
