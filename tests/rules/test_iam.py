"""IAM rules on configuration items in AWS Config's shape: every state each rule can produce."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.testing import (
    COMPLIANT,
    INSUFFICIENT_DATA,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    expect_compliance,
    make_account,
    make_ci,
)
from compliance.testing import (
    RuleCase as Case,
)

C, NC, NA, INS = COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA
ACCOUNT_ID = "123456789012"


def ago(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds").replace("+00:00", "Z")


def user(name: str = "alice", **config: Any):
    base = {
        "userName": name,
        "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{name}",
        "attachedManagedPolicies": [],
        "userPolicyList": [],
        "groupList": [],
    }
    return make_ci("AWS::IAM::User", f"AIDA{name.upper()}", {**base, **config}, name=name)


def row(name: str = "alice", **fields: Any) -> dict:
    base = {
        "user": name,
        "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{name}",
        "password_enabled": "false",
        "mfa_active": "false",
        "access_key_1_active": "false",
        "access_key_2_active": "false",
    }
    return {**base, **fields}


def report(*rows: dict):
    return make_account({"credentialReport": list(rows)})


def policy(document: Any, **config: Any):
    versions = [{"versionId": "v1", "isDefaultVersion": True, "document": document}]
    return make_ci("AWS::IAM::Policy", "ANPA1", {"policyName": "p", "policyVersionList": versions, **config}, name="p")


STRONG = {
    "minimumPasswordLength": 14,
    "requireSymbols": True,
    "requireNumbers": True,
    "requireUppercaseCharacters": True,
    "requireLowercaseCharacters": True,
    "passwordReusePrevention": 24,
    "maxPasswordAge": 90,
}
ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
S3_ALL = {"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::b/*"}]}
NARROW = {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}
KMS_ALL = {"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
KMS_ONE = {"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:1:key/k"}]}
SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"
ROOT_VIRTUAL = {"serialNumber": f"arn:aws:iam::{ACCOUNT_ID}:mfa/root", "userArn": f"arn:aws:iam::{ACCOUNT_ID}:root"}
BOB_VIRTUAL = {
    "SerialNumber": f"arn:aws:iam::{ACCOUNT_ID}:mfa/bob",
    "User": {"Arn": f"arn:aws:iam::{ACCOUNT_ID}:user/bob"},
}

CASES = [
    Case("iam-password-policy", C, [make_account({"passwordPolicy": STRONG})]),
    Case(
        "iam-password-policy", NC, [make_account({"passwordPolicy": {**STRONG, "minimumPasswordLength": 8}})], "short"
    ),
    Case("iam-password-policy", NC, [make_account({"passwordPolicy": None})], "no policy"),
    Case("iam-password-policy", INS, [make_account()], "not collected"),
    Case("root-account-mfa-enabled", C, [make_account({"accountSummary": {"AccountMFAEnabled": 1}})]),
    Case("root-account-mfa-enabled", NC, [make_account({"accountSummary": {"AccountMFAEnabled": 0}})]),
    Case("root-account-mfa-enabled", INS, [make_account()]),
    Case("iam-root-access-key-check", C, [make_account({"accountSummary": {"AccountAccessKeysPresent": 0}})]),
    Case("iam-root-access-key-check", NC, [make_account({"accountSummary": {"AccountAccessKeysPresent": 1}})]),
    Case("iam-root-access-key-check", INS, [make_account({"accountSummary": {}})]),
    Case(
        "root-account-hardware-mfa-enabled",
        C,
        [make_account({"accountSummary": {"AccountMFAEnabled": 1}, "virtualMfaDevices": [BOB_VIRTUAL]})],
    ),
    Case(
        "root-account-hardware-mfa-enabled",
        NC,
        [make_account({"accountSummary": {"AccountMFAEnabled": 1}, "virtualMfaDevices": [ROOT_VIRTUAL]})],
        "virtual",
    ),
    Case(
        "root-account-hardware-mfa-enabled",
        NC,
        [make_account({"accountSummary": {"AccountMFAEnabled": 0}, "virtualMfaDevices": []})],
        "no MFA",
    ),
    Case("root-account-hardware-mfa-enabled", INS, [make_account({"accountSummary": {"AccountMFAEnabled": 1}})]),
    Case(
        "security-account-information-provided",
        C,
        [make_account({"alternateContacts": {"SECURITY": {"EmailAddress": "sec@example.com"}}})],
    ),
    Case("security-account-information-provided", NC, [make_account({"alternateContacts": {"SECURITY": None}})]),
    Case("security-account-information-provided", INS, [make_account()]),
    Case(
        "mfa-enabled-for-iam-console-access",
        C,
        [user(), report(row(password_enabled="true", mfa_active="true"))],
        resource="AIDAALICE",
    ),
    Case(
        "mfa-enabled-for-iam-console-access", NC, [user(), report(row(password_enabled="true"))], resource="AIDAALICE"
    ),
    Case("mfa-enabled-for-iam-console-access", NA, [user(), report(row())], resource="AIDAALICE"),
    Case("mfa-enabled-for-iam-console-access", INS, [user(), make_account()], resource="AIDAALICE"),
    Case("iam-user-mfa-enabled", C, [user(), report(row(mfa_active="true"))], resource="AIDAALICE"),
    Case("iam-user-mfa-enabled", NC, [user(), report(row())], resource="AIDAALICE"),
    Case("iam-user-mfa-enabled", INS, [user(), report(row("someone-else"))], "not in report", resource="AIDAALICE"),
    Case(
        "access-keys-rotated",
        C,
        [user(), report(row(access_key_1_active="true", access_key_1_last_rotated=ago(10)))],
        resource="AIDAALICE",
    ),
    Case(
        "access-keys-rotated",
        NC,
        [user(), report(row(access_key_2_active="true", access_key_2_last_rotated=ago(120)))],
        resource="AIDAALICE",
    ),
    Case(
        "access-keys-rotated",
        NC,
        [user(), report(row(access_key_1_active="true", access_key_1_last_rotated=ago(40)))],
        "custom age",
        params={"maxAccessKeyAge": 30},
        resource="AIDAALICE",
    ),
    Case("access-keys-rotated", NA, [user(), report(row())], resource="AIDAALICE"),
    Case(
        "access-keys-rotated",
        INS,
        [user(), report(row(access_key_1_active="true", access_key_1_last_rotated="N/A"))],
        resource="AIDAALICE",
    ),
    Case(
        "iam-user-unused-credentials-check",
        C,
        [user(), report(row(password_enabled="true", password_last_used=ago(5)))],
        resource="AIDAALICE",
    ),
    Case(
        "iam-user-unused-credentials-check",
        NC,
        [user(), report(row(password_enabled="true", password_last_used=ago(100)))],
        resource="AIDAALICE",
    ),
    Case(
        "iam-user-unused-credentials-check",
        NC,
        [user(), report(row(access_key_1_active="true", access_key_1_last_used_date=ago(60)))],
        "45 days",
        params={"maxCredentialUsageAge": 45},
        resource="AIDAALICE",
    ),
    Case(
        "iam-user-unused-credentials-check",
        C,
        [user(), report(row(access_key_1_active="true", access_key_1_last_used_date=ago(60)))],
        "90 days",
        resource="AIDAALICE",
    ),
    Case(
        "iam-user-unused-credentials-check",
        NC,
        [
            user(),
            report(row(password_enabled="true", password_last_used="no_information", password_last_changed=ago(200))),
        ],
        "never used",
        resource="AIDAALICE",
    ),
    Case("iam-user-unused-credentials-check", INS, [user(), make_account()], resource="AIDAALICE"),
    Case(
        "iam-user-single-active-access-key", C, [user(), report(row(access_key_1_active="true"))], resource="AIDAALICE"
    ),
    Case(
        "iam-user-single-active-access-key",
        NC,
        [user(), report(row(access_key_1_active="true", access_key_2_active="true"))],
        resource="AIDAALICE",
    ),
    Case("iam-user-single-active-access-key", INS, [user(), make_account()], resource="AIDAALICE"),
    Case("iam-user-no-policies-check", C, [user()]),
    Case("iam-user-no-policies-check", NC, [user(attachedManagedPolicies=[{"policyName": "Admin", "policyArn": "x"}])]),
    Case("iam-user-no-policies-check", NC, [user(userPolicyList=[{"policyName": "inline"}])], "inline"),
    Case("iam-user-no-policies-check", INS, [make_ci("AWS::IAM::User", "AIDAX", {"userName": "x"})]),
    Case(
        "iam-policy-blacklisted-check",
        NC,
        [user(attachedManagedPolicies=[{"policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}])],
    ),
    Case("iam-policy-blacklisted-check", C, [user(attachedManagedPolicies=[{"policyArn": SUPPORT}])]),
    Case(
        "iam-policy-blacklisted-check",
        NC,
        [
            make_ci(
                "AWS::IAM::Role",
                "AROA1",
                {"attachedManagedPolicies": [{"policyArn": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}]},
            )
        ],
        "cloudshell role",
        params={"policyArns": ["arn:aws:iam::aws:policy/AWSCloudShellFullAccess"]},
    ),
    Case(
        "iam-policy-blacklisted-check",
        NA,
        [user(attachedManagedPolicies=[{"policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}])],
        params={"exceptionList": ["alice"]},
    ),
    Case("iam-policy-blacklisted-check", INS, [make_ci("AWS::IAM::Group", "AGPA1", {"groupName": "g"})]),
    Case(
        "iam-policy-in-use",
        C,
        [make_account(), make_ci("AWS::IAM::Role", "AROA1", {"attachedManagedPolicies": [{"policyArn": SUPPORT}]})],
    ),
    Case("iam-policy-in-use", NC, [make_account(), user()]),
    Case(
        "iam-policy-in-use",
        NC,
        [make_account(), make_ci("AWS::IAM::Role", "AROA1", {"attachedManagedPolicies": [{"policyArn": SUPPORT}]})],
        "only users count",
        params={"policyUsageType": "IAM_USER"},
    ),
    Case(
        "iam-policy-in-use",
        INS,
        [make_account(), user()],
        "roles not collected",
        collected=["AWS::::Account", "AWS::IAM::User", "AWS::IAM::Group"],
    ),
    Case("iam-policy-no-statements-with-admin-access", NC, [policy(ADMIN)]),
    Case(
        "iam-policy-no-statements-with-admin-access",
        NC,
        [
            policy(
                "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow"
                "%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"
            )
        ],
        "URL-encoded as Config records it",
    ),
    Case("iam-policy-no-statements-with-admin-access", C, [policy(NARROW)]),
    Case(
        "iam-policy-no-statements-with-admin-access",
        NA,
        [policy(ADMIN, permissionsBoundaryUsageCount=2)],
        params={"excludePermissionBoundaryPolicy": True},
    ),
    Case(
        "iam-policy-no-statements-with-admin-access", INS, [make_ci("AWS::IAM::Policy", "ANPA1", {"policyName": "p"})]
    ),
    Case("iam-policy-no-statements-with-full-access", NC, [policy(S3_ALL)]),
    Case("iam-policy-no-statements-with-full-access", C, [policy(NARROW)]),
    Case("iam-policy-no-statements-with-full-access", INS, [make_ci("AWS::IAM::Policy", "ANPA1", {})]),
    Case("iam-customer-policy-blocked-kms-actions", NC, [policy(KMS_ALL)]),
    Case("iam-customer-policy-blocked-kms-actions", C, [policy(KMS_ONE)]),
    Case("iam-customer-policy-blocked-kms-actions", INS, [make_ci("AWS::IAM::Policy", "ANPA1", {})]),
    Case(
        "iam-inline-policy-blocked-kms-actions",
        NC,
        [user(userPolicyList=[{"policyName": "k", "policyDocument": KMS_ALL}])],
    ),
    Case(
        "iam-inline-policy-blocked-kms-actions",
        C,
        [user(userPolicyList=[{"policyName": "k", "policyDocument": KMS_ONE}])],
    ),
    Case("iam-inline-policy-blocked-kms-actions", NA, [user()]),
    Case("iam-inline-policy-blocked-kms-actions", INS, [make_ci("AWS::IAM::Role", "AROA1", {"roleName": "r"})]),
    Case(
        "iam-server-certificate-expiration-check",
        NC,
        [make_ci("AWS::IAM::ServerCertificate", "ASCA1", {"ServerCertificateName": "old", "Expiration": ago(3)})],
    ),
    Case(
        "iam-server-certificate-expiration-check",
        C,
        [make_ci("AWS::IAM::ServerCertificate", "ASCA1", {"ServerCertificateName": "new", "Expiration": ago(-30)})],
    ),
    Case("iam-server-certificate-expiration-check", INS, [make_ci("AWS::IAM::ServerCertificate", "ASCA1", {})]),
    Case(
        "iam-external-access-analyzer-enabled",
        C,
        [make_account(), make_ci("AWS::AccessAnalyzer::Analyzer", "a", {"Type": "ACCOUNT", "Status": "ACTIVE"})],
        region="us-east-1",
    ),
    Case(
        "iam-external-access-analyzer-enabled",
        NC,
        [make_account(), make_ci("AWS::AccessAnalyzer::Analyzer", "a", {"Type": "ACCOUNT"}, region="eu-west-1")],
        "other region only",
        region="us-east-1",
    ),
    Case(
        "iam-external-access-analyzer-enabled", INS, [make_account()], region="us-east-1", collected=["AWS::::Account"]
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_state(case: Case) -> None:
    case.check()


def test_password_policy_names_each_gap():
    weak = {**STRONG, "minimumPasswordLength": 8, "requireSymbols": False, "maxPasswordAge": None}
    evaluation = expect_compliance("iam-password-policy", [make_account({"passwordPolicy": weak})], NC)
    assert "minimum length 8 < 14" in evaluation.annotation
    assert "requireSymbols is off" in evaluation.annotation
    assert "unlimited" in evaluation.annotation
