"""Demo AWS Private CA, in the first region: a root CA left active (PCA.1) and the subordinate CA it signed,
which is the one that should be in use."""

from __future__ import annotations

from typing import Any

ALGORITHMS = {"KeyAlgorithm": "RSA_2048", "SigningAlgorithm": "SHA256WITHRSA"}


def seed(session: Any, regions: list[str]) -> None:
    client = session.client("acm-pca", region_name=regions[0])
    for kind, name in (("ROOT", "Example Corp Root CA"), ("SUBORDINATE", "Example Corp Issuing CA")):
        arn = client.create_certificate_authority(
            CertificateAuthorityConfiguration={
                **ALGORITHMS,
                "Subject": {"CommonName": name, "Organization": "Example"},
            },
            CertificateAuthorityType=kind,
        )["CertificateAuthorityArn"]
        client.update_certificate_authority(CertificateAuthorityArn=arn, Status="ACTIVE")
