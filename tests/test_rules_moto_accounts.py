"""Account- and region-wide rules (GuardDuty, AWS Config, Security Hub, Inspector) and IAM server certificates
on a simulated account (moto) read by the real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import ACCOUNT_ID, OTHER_REGION, REGION, collected, regional, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

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
