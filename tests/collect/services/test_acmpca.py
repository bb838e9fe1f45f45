import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.acmpca import CERTIFICATE_AUTHORITY, COLLECTORS

ACMPCA = COLLECTORS[0]
CONFIGURATION = {
    "KeyAlgorithm": "RSA_2048",
    "SigningAlgorithm": "SHA256WITHRSA",
    "Subject": {"CommonName": "ca.example.com", "Organization": "Example"},
}


def _authorities() -> tuple[str, str]:
    client = boto3.client("acm-pca", region_name="us-east-1")
    root = client.create_certificate_authority(
        CertificateAuthorityConfiguration=CONFIGURATION, CertificateAuthorityType="ROOT"
    )["CertificateAuthorityArn"]
    issuing = client.create_certificate_authority(
        CertificateAuthorityConfiguration=CONFIGURATION, CertificateAuthorityType="SUBORDINATE"
    )["CertificateAuthorityArn"]
    client.update_certificate_authority(CertificateAuthorityArn=issuing, Status="DISABLED")
    return root, issuing


@mock_aws
def test_certificate_authorities_in_config_spelling():
    root, issuing = _authorities()
    items, errors = run(ACMPCA)
    assert errors == []
    item = one(items, CERTIFICATE_AUTHORITY, root)
    assert item.arn == root
    assert {k: item.configuration[k] for k in ("Arn", "Type", "KeyAlgorithm", "SigningAlgorithm", "Subject")} == {
        "Arn": root, "Type": "ROOT", **CONFIGURATION,
    }  # fmt: skip
    assert "CertificateAuthorityConfiguration" not in item.configuration
    assert "CreatedAt" not in item.configuration and "LastStateChangeAt" not in item.configuration
    assert item.get("configuration.Status") == "PENDING_CERTIFICATE"
    assert one(items, CERTIFICATE_AUTHORITY, issuing).get("configuration.Status") == "DISABLED"


@mock_aws
def test_a_denied_listing_is_an_error():
    _authorities()
    items, errors = run(ACMPCA, deny={"acm-pca": ["ListCertificateAuthorities"]})
    assert items == [] and [e.api for e in errors] == ["ListCertificateAuthorities"]
    assert errors[0].resourceTypes == [CERTIFICATE_AUTHORITY]


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("acm-pca", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(ACMPCA.collect(ctx)) == []
    assert calls == ["ListCertificateAuthorities"]


@mock_aws
def test_one_certificate_authority_by_arn():
    root, _ = _authorities()
    ctx = context()
    assert ACMPCA.read_one(ctx, root).get("configuration.Type") == "ROOT"
    assert ACMPCA.read_one(ctx, root.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000") is None
