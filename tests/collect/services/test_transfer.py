import boto3
from collecting import one, run
from moto import mock_aws

from compliance.collect.services.transfer import COLLECTORS, CONNECTOR, SERVER

TRANSFER = COLLECTORS[0]
ROLE = "arn:aws:iam::123456789012:role/transfer"


def _resources() -> tuple[str, str, str]:
    transfer = boto3.client("transfer", region_name="us-east-1")
    identity = {"IdentityProviderType": "API_GATEWAY",
                "IdentityProviderDetails": {"Url": "https://idp.example.com", "InvocationRole": ROLE}}  # fmt: skip
    ftp = transfer.create_server(Protocols=["FTP", "SFTP"], **identity)["ServerId"]
    sftp = transfer.create_server(Protocols=["SFTP"], **identity)["ServerId"]
    connector = transfer.create_connector(
        Url="sftp://partner.example.com", AccessRole=ROLE, LoggingRole=ROLE, SftpConfig={"UserSecretId": "partner"}
    )["ConnectorId"]
    return ftp, sftp, connector


@mock_aws
def test_servers_and_connectors():
    ftp, sftp, connector = _resources()
    items, errors = run(TRANSFER)
    assert errors == []
    assert one(items, SERVER, ftp).get("configuration.Protocols") == ["FTP", "SFTP"]
    assert one(items, SERVER, sftp).get("configuration.Protocols") == ["SFTP"]
    assert one(items, SERVER, sftp).arn.startswith("arn:aws:transfer:us-east-1:123456789012:server/")
    assert one(items, CONNECTOR, connector).get("configuration.LoggingRole") == ROLE


@mock_aws
def test_denied_describe_is_a_collection_error():
    ftp, sftp, connector = _resources()
    items, errors = run(TRANSFER, deny={"transfer": ["DescribeServer"]})
    assert sorted((e.api, e.resourceId) for e in errors) == sorted([("DescribeServer", ftp), ("DescribeServer", sftp)])
    assert all("Protocols" not in i.configuration for i in items if i.resourceType == SERVER)
