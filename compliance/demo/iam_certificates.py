"""Demo IAM server certificate: a long-expired one still stored (IAM.26 / CIS 1.19). The account's
security contact is deliberately left unset (Account.1 / CIS 1.2)."""

from __future__ import annotations

from typing import Any

SECRETS = ("demo-server-certificate-private-key-9a1f",)
BODY = "-----BEGIN CERTIFICATE-----\nMIIBdemo\n-----END CERTIFICATE-----"


def seed(session: Any, regions: list[str]) -> None:
    key = f"-----BEGIN RSA PRIVATE KEY-----\n{SECRETS[0]}\n-----END RSA PRIVATE KEY-----"
    session.client("iam", region_name=regions[0]).upload_server_certificate(
        ServerCertificateName="legacy-portal-2019", CertificateBody=BODY, PrivateKey=key
    )
