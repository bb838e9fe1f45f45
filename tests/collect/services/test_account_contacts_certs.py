"""Account alternate (security) contact and IAM server certificates: global collectors."""

import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.base import GLOBAL_REGION
from compliance.collect.services import account, iam_certificates

ACCOUNT, CERTIFICATES = account.COLLECTORS[0], iam_certificates.COLLECTORS[0]
BODY = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
KEY = "-----BEGIN RSA PRIVATE KEY-----\nprivate-key-material\n-----END RSA PRIVATE KEY-----"


@mock_aws
def test_security_contact_missing_then_set():
    ctx = context()
    list(ACCOUNT.collect(ctx))
    assert ctx.errors == []
    assert ctx.account_settings["global"] == {"alternateContacts": {"SECURITY": None}}

    boto3.client("account", region_name="us-east-1").put_alternate_contact(
        AlternateContactType="SECURITY",
        EmailAddress="sec@example.com",
        Name="Security",
        PhoneNumber="+15550100",
        Title="CISO",
    )
    ctx = context("eu-west-1")  # whatever region the unit runs in, the global item gets it
    list(ACCOUNT.collect(ctx))
    contact = ctx.account_settings["global"]["alternateContacts"]["SECURITY"]
    assert (contact["EmailAddress"], contact["AlternateContactType"]) == ("sec@example.com", "SECURITY")


@mock_aws
def test_denied_contact_is_a_global_error_and_no_setting():
    ctx = context(deny={"account": ["GetAlternateContact"]})
    list(ACCOUNT.collect(ctx))
    assert ctx.account_settings == {}
    assert [(e.api, e.region, e.resourceTypes) for e in ctx.errors] == [
        ("GetAlternateContact", GLOBAL_REGION, ["AWS::::Account"])
    ]


@mock_aws
def test_server_certificates_with_expiration_never_the_key():
    boto3.client("iam", region_name="us-east-1").upload_server_certificate(
        ServerCertificateName="legacy-web", CertificateBody=BODY, PrivateKey=KEY
    )
    items, errors = run(CERTIFICATES)
    assert errors == []
    (certificate,) = items
    assert certificate.resourceType == iam_certificates.SERVER_CERTIFICATE
    assert certificate.awsRegion == GLOBAL_REGION
    assert certificate.resourceName == "legacy-web"
    assert certificate.configuration["Expiration"].startswith("2012-")  # the simulator's fixed, long-expired date
    assert certificate.configuration["Arn"].endswith(":server-certificate/legacy-web")
    assert "private-key-material" not in str(certificate.to_dict())
    assert one(items, iam_certificates.SERVER_CERTIFICATE, certificate.resourceId) is certificate


@mock_aws
def test_denied_certificates_recorded_globally():
    items, errors = run(CERTIFICATES, deny={"iam": ["ListServerCertificates"]})
    assert items == []
    assert [(e.api, e.region) for e in errors] == [("ListServerCertificates", GLOBAL_REGION)]
