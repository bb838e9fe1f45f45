"""Account- and region-wide rules (GuardDuty, AWS Config, Security Hub, Inspector) and IAM server certificates
on a simulated account (moto) read by the real collectors."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import ACCOUNT_ID, OTHER_REGION, REGION, collected, regional, states, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, simulate_account

# --- Regional detection services: GuardDuty, AWS Config, Security Hub, Inspector ----------------------

SERVICE_LINKED_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
THIRD_REGION = "ap-southeast-2"


def _detection(session: boto3.Session) -> None:
    """us-east-1 has everything on; eu-west-1 has it all created but off (or partial); ap-southeast-2 nothing."""
    for region, on in ((REGION, True), (OTHER_REGION, False)):
        session.client("guardduty", region_name=region).create_detector(Enable=on)
        config = session.client("config", region_name=region)
        config.put_configuration_recorder(
            ConfigurationRecorder={"name": "default", "roleARN": SERVICE_LINKED_ROLE,
                                   "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}}
        )  # fmt: skip
        config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "config-history"})
        if on:
            config.start_configuration_recorder(ConfigurationRecorderName="default")
    session.client("s3", region_name=REGION).create_bucket(Bucket="config-history")
    session.client("securityhub", region_name=REGION).enable_security_hub()
    session.client("inspector2", region_name=REGION).enable(accountIds=[ACCOUNT_ID], resourceTypes=["EC2", "LAMBDA"])


@pytest.fixture(scope="module")
def detection_snapshot() -> Snapshot:
    regions = (REGION, OTHER_REGION, THIRD_REGION)
    services = ["guardduty", "config", "securityhub", "inspector2"]
    return collected(_detection, services, regions, unimplemented=("GetEnabledStandards",))


def test_guardduty_and_config_recorder_rules(detection_snapshot):
    expected = {REGION: COMPLIANT, OTHER_REGION: NON_COMPLIANT, THIRD_REGION: NON_COMPLIANT}
    assert regional("guardduty-enabled-centralized", detection_snapshot) == expected
    assert regional("config-recorder-enabled", detection_snapshot) == expected


def test_security_hub_and_inspector_rules(detection_snapshot):
    on_here = {REGION: COMPLIANT, OTHER_REGION: NON_COMPLIANT, THIRD_REGION: NON_COMPLIANT}
    assert regional("securityhub-enabled", detection_snapshot) == on_here
    assert regional("inspector-ec2-scan-enabled", detection_snapshot) == on_here
    assert regional("inspector-lambda-standard-scan-enabled", detection_snapshot) == on_here
    assert regional("inspector-ecr-scan-enabled", detection_snapshot)[REGION] == NON_COMPLIANT
    assert regional("inspector-lambda-code-scan-enabled", detection_snapshot)[REGION] == NON_COMPLIANT


def _server_certificate(session: boto3.Session) -> None:
    session.client("iam").upload_server_certificate(
        ServerCertificateName="legacy-web",
        CertificateBody="-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        PrivateKey="-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
    )


def test_iam_server_certificate_expiration_rule():
    # moto dates every server certificate 2012-05-08 whatever its body says: only the expired state exists
    snapshot = collected(_server_certificate, ["iam-server-certificates"])
    found = verdicts("iam-server-certificate-expiration-check", snapshot, "AWS::IAM::ServerCertificate")
    assert found == {"legacy-web": NON_COMPLIANT}


# --- IAM users, policies and the root account ---------------------------------------------------------

USER = "AWS::IAM::User"


def _doc(action: str, resource: str = "*") -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action,
                                                               "Resource": resource}]})  # fmt: skip


def _iam(session: boto3.Session) -> None:
    iam = session.client("iam")
    for user in ("careful", "sloppy"):
        iam.create_user(UserName=user)
        iam.create_access_key(UserName=user)
    iam.create_access_key(UserName="sloppy")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="careful")["VirtualMFADevice"]["SerialNumber"]
    iam.create_login_profile(UserName="careful", Password="Initial-Passw0rd!")
    iam.put_user_policy(UserName="careful", PolicyName="own-key", PolicyDocument=_doc("kms:Decrypt", KEY_ARN))
    iam.enable_mfa_device(UserName="careful", SerialNumber=device, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")  # fmt: skip
    scoped = iam.create_policy(PolicyName="scoped", PolicyDocument=_doc("kms:Decrypt", KEY_ARN))["Policy"]["Arn"]
    iam.create_policy(PolicyName="broad", PolicyDocument=_doc("kms:*"))
    iam.attach_user_policy(UserName="sloppy", PolicyArn=scoped)


KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture(scope="module")
def iam_snapshots() -> tuple[Snapshot, Snapshot]:
    """The account before (no security contact) and after its resources and security contact."""
    with simulate_account() as account:
        before = account.collect(services=["account"])
        _iam(account.session)
        account.session.client("account", region_name=REGION).put_alternate_contact(
            AlternateContactType="SECURITY", EmailAddress="sec@example.com", Name="Security", PhoneNumber="+1555",
            Title="CISO",
        )  # fmt: skip
        after = account.collect(services=["iam", "account"])
    assert not before.collectionErrors and not after.collectionErrors, after.collectionErrors
    return before, after


def test_iam_user_rules(iam_snapshots):
    _, after = iam_snapshots
    expected = {"careful": COMPLIANT, "sloppy": NON_COMPLIANT}
    assert verdicts("iam-user-mfa-enabled", after, USER) == expected
    assert verdicts("iam-user-single-active-access-key", after, USER) == expected
    assert verdicts("iam-policy-blacklisted-check", after, USER, policyArns=[_arn("scoped")]) == expected
    # the other states of these rules are in tests/rules/test_moto.py
    assert verdicts("mfa-enabled-for-iam-console-access", after, USER)["careful"] == COMPLIANT
    assert verdicts("iam-inline-policy-blocked-kms-actions", after, USER)["careful"] == COMPLIANT


@pytest.mark.parametrize("rule_id", ["access-keys-rotated", "iam-user-unused-credentials-check"])
def test_iam_credential_age_rules(iam_snapshots, rule_id):
    # keys created a moment ago: within 90 days, beyond 0 days (moto cannot back-date a key)
    _, after = iam_snapshots
    age = "maxAccessKeyAge" if rule_id == "access-keys-rotated" else "maxCredentialUsageAge"
    assert set(verdicts(rule_id, after, USER).values()) == {COMPLIANT}
    assert set(verdicts(rule_id, after, USER, **{age: 0}).values()) == {NON_COMPLIANT}


def _arn(policy: str) -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:policy/{policy}"


@pytest.mark.parametrize(
    "rule_id",
    [
        "iam-customer-policy-blocked-kms-actions",
        "iam-policy-no-statements-with-full-access",
        "iam-policy-no-statements-with-admin-access",
    ],
)
def test_iam_policy_rules(iam_snapshots, rule_id):
    _, after = iam_snapshots
    found = verdicts(rule_id, after, "AWS::IAM::Policy")
    # kms:* is a full-service grant but not admin access (*:*)
    broad = COMPLIANT if rule_id == "iam-policy-no-statements-with-admin-access" else NON_COMPLIANT
    assert found == {"scoped": COMPLIANT, "broad": broad}


def test_iam_policy_in_use_rule(iam_snapshots):
    _, after = iam_snapshots
    assert states("iam-policy-in-use", after, policyARN=_arn("scoped")) == {ACCOUNT_ID: COMPLIANT}
    assert states("iam-policy-in-use", after, policyARN=_arn("broad")) == {ACCOUNT_ID: NON_COMPLIANT}


def test_account_rules(iam_snapshots):
    before, after = iam_snapshots
    rule_id = "security-account-information-provided"
    assert (states(rule_id, before), states(rule_id, after)) == ({ACCOUNT_ID: NON_COMPLIANT}, {ACCOUNT_ID: COMPLIANT})
    # moto's account summary always says the root user has no keys and no MFA: one state each
    assert states("iam-root-access-key-check", after) == {ACCOUNT_ID: COMPLIANT}
    assert states("root-account-mfa-enabled", after) == {ACCOUNT_ID: NON_COMPLIANT}
    assert states("root-account-hardware-mfa-enabled", after) == {ACCOUNT_ID: NON_COMPLIANT}
