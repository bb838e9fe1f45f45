"""IAM rules: password policy, root user, users' credentials and policies, analyzers."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import (
    action_matches,
    actions,
    as_bool,
    as_list,
    days_since,
    inline_policies,
    policy_versions_default,
    statements,
)

ACCOUNT = "AWS::::Account"
USER = "AWS::IAM::User"
ROLE = "AWS::IAM::Role"
GROUP = "AWS::IAM::Group"
POLICY = "AWS::IAM::Policy"


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


def _report_row(snapshot, ci) -> tuple[dict | None, str]:
    """The user's credential report row, or (None, why not)."""
    report = _credential_report(snapshot.account())
    name = ci.configuration.get("userName") or ci.resourceName
    if report is None:
        return None, "the credential report was not collected"
    row = next((r for r in report if r.get("user") == name), None)
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


@rule(
    id="root-account-hardware-mfa-enabled",
    title="The root user uses a hardware MFA device",
    resource_types=[ACCOUNT],
    scope="account",
    severity="critical",
    trigger="periodic",
    rationale="A virtual MFA lives on a phone that can be lost or compromised; hardware keys are harder to steal.",
    remediation="Sign in as the root user, remove the virtual MFA device and assign a hardware MFA device.",
)
def root_account_hardware_mfa_enabled(account):
    """AccountMFAEnabled from the account summary, and no virtual MFA device serving the root user
    (configuration.virtualMfaDevices on the account item, from ListVirtualMFADevices)."""
    summary = account.configuration.get("accountSummary")
    if not isinstance(summary, dict) or "AccountMFAEnabled" not in summary:
        return insufficient_data("the account summary was not collected")
    if summary["AccountMFAEnabled"] != 1:
        return non_compliant("the root user has no MFA device")
    devices = account.configuration.get("virtualMfaDevices", account.configuration.get("virtualMFADevices"))
    if not isinstance(devices, list):
        return insufficient_data("the virtual MFA devices were not collected")
    for device in devices:
        user = device.get("User") or device.get("user")
        user_arn = str(device.get("userArn") or (user.get("Arn") if isinstance(user, dict) else "") or "")
        serial = str(device.get("serialNumber") or device.get("SerialNumber") or "")
        if user_arn.endswith(":root") or serial.endswith(":mfa/root-account-mfa-device"):
            return non_compliant("the root user's MFA device is virtual")
    return compliant("the root user has a hardware MFA device")


@rule(
    id="security-account-information-provided",
    title="The account has security contact information",
    resource_types=[ACCOUNT],
    scope="account",
    severity="medium",
    trigger="periodic",
    rationale="AWS notifies the security contact about abuse and compromised credentials; nobody reads a void.",
    remediation="aws account put-alternate-contact --alternate-contact-type SECURITY --name ... --email-address ...",
)
def security_account_information_provided(account):
    """Reads configuration.alternateContacts.SECURITY (GetAlternateContact) on the account item."""
    contacts = account.configuration.get("alternateContacts")
    if not isinstance(contacts, dict):
        return insufficient_data("the alternate contacts were not collected")
    security = contacts.get("SECURITY")
    if security and (security.get("EmailAddress") or security.get("emailAddress")):
        return compliant("a security contact is set")
    return non_compliant("no security alternate contact")


@rule(
    id="iam-server-certificate-expiration-check",
    title="No expired SSL/TLS certificate is stored in IAM",
    resource_types=["AWS::IAM::ServerCertificate"],
    severity="medium",
    trigger="periodic",
    rationale="An expired certificate left in IAM can be deployed by mistake and breaks clients that receive it.",
    remediation="aws iam delete-server-certificate --server-certificate-name NAME",
)
def iam_server_certificate_expiration_check(ci):
    """Reads configuration.Expiration (ServerCertificateMetadata.Expiration)."""
    expiration = ci.configuration.get("Expiration") or ci.configuration.get("expiration")
    age = days_since(expiration)
    if age is None:
        return insufficient_data("the certificate's expiration was not recorded")
    if age > 0:
        return non_compliant(f"expired {int(age)} days ago")
    return compliant(f"valid for {int(-age)} more days")


@rule(
    id="iam-external-access-analyzer-enabled",
    title="An IAM Access Analyzer analyzer exists in the region",
    resource_types=[ACCOUNT, "AWS::AccessAnalyzer::Analyzer"],
    scope="region",
    severity="high",
    trigger="periodic",
    rationale="The analyzer reports resources shared outside the account or organization as soon as they are.",
    remediation="aws accessanalyzer create-analyzer --analyzer-name default --type ACCOUNT (in every region).",
)
def iam_external_access_analyzer_enabled(snapshot, region):
    """Any AWS::AccessAnalyzer::Analyzer of Type ACCOUNT or ORGANIZATION in the region, not disabled."""
    if not snapshot.has_data("AWS::AccessAnalyzer::Analyzer", region):
        return insufficient_data("analyzers were not collected in this region")
    for analyzer in snapshot.of_type("AWS::AccessAnalyzer::Analyzer", region):
        kind = str(analyzer.configuration.get("Type") or analyzer.configuration.get("type") or "")
        status = str(analyzer.configuration.get("Status") or analyzer.configuration.get("status") or "ACTIVE")
        if kind in ("ACCOUNT", "ORGANIZATION") and status.upper() == "ACTIVE":
            return compliant(f"analyzer {analyzer.resourceName or analyzer.resourceId} ({kind})")
    return non_compliant("no active external-access analyzer in the region")
