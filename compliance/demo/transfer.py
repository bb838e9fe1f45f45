"""Demo Transfer Family: an SFTP-only server and one that also accepts plain FTP (Transfer.2); a connector
with a logging role and one without (Transfer.3)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    transfer = session.client("transfer", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/service-role/demo-transfer"
    identity = {"IdentityProviderType": "API_GATEWAY",
                "IdentityProviderDetails": {"Url": "https://idp.example.com", "InvocationRole": role}}  # fmt: skip
    transfer.create_server(Protocols=["SFTP"], **identity)
    transfer.create_server(Protocols=["SFTP", "FTP"], **identity)
    sftp = {"UserSecretId": "demo/partner-sftp"}
    transfer.create_connector(Url="sftp://partner.example.com", AccessRole=role, LoggingRole=role, SftpConfig=sftp)
    transfer.create_connector(Url="sftp://legacy.example.com", AccessRole=role, SftpConfig=sftp)
