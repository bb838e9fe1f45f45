"""IAM account rules: password policy, root user, security contact, server certificates, analyzers."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import (
    as_bool,
    days_since,
)

ACCOUNT = "AWS::::Account"


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
    account_settings=["passwordPolicy"],
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
    account_settings=["accountSummary"],
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
    account_settings=["accountSummary"],
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
    id="root-account-hardware-mfa-enabled",
    title="The root user uses a hardware MFA device",
    resource_types=[ACCOUNT],
    scope="account",
    severity="critical",
    trigger="periodic",
    rationale="A virtual MFA lives on a phone that can be lost or compromised; hardware keys are harder to steal.",
    remediation="Sign in as the root user, remove the virtual MFA device and assign a hardware MFA device.",
    account_settings=["accountSummary", "virtualMFADevices", "virtualMfaDevices"],
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
    account_settings=["alternateContacts"],
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
    reads=["configuration.Expiration", "configuration.expiration"],
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
    reads=["configuration.Status", "configuration.Type", "configuration.status"],
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
