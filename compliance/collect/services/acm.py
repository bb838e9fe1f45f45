"""ACM certificates, as data (:mod:`compliance.collect.spec`): the list, then DescribeCertificate
per certificate (key algorithm, expiry, status). Config's resource id is the certificate ARN."""

from __future__ import annotations

from compliance.collect.spec import Detail, ResourceSpec, spec_collector

# ListCertificates returns only RSA_2048 certificates unless asked for the other key types
KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]

COLLECTORS = [
    spec_collector(
        "acm",
        "acm",
        (
            ResourceSpec(
                "AWS::ACM::Certificate",
                "ListCertificates",
                "CertificateSummaryList",
                "CertificateArn",
                arn="CertificateArn",
                name_key="DomainName",
                tags_key=None,
                list_params={"Includes": {"keyTypes": KEY_TYPES}},
                details=(
                    Detail(
                        "DescribeCertificate",
                        "configuration",
                        lambda e: {"CertificateArn": e["CertificateArn"]},
                        lambda r: r.get("Certificate") or {},
                    ),
                ),
            ),
        ),
        description="ACM certificates (key algorithm, expiry)",
    )
]
