"""Demo MSK Connect: a connector using TLS and delivering its worker logs, and one with neither (MSK.3,
MSK.5). The simulator has no MSK Connect: ListConnectors is answered as AWS would, with the two
connectors in the first region and none elsewhere."""

from __future__ import annotations

from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID
from compliance.demo._simulated import answer


def _connector(region: str, name: str, encryption: str, logs: bool) -> dict[str, Any]:
    return {
        "connectorArn": f"arn:aws:kafkaconnect:{region}:{DEMO_ACCOUNT_ID}:connector/{name}/5d6e7f80-1a2b-3c4d-1",
        "connectorName": name,
        "connectorState": "RUNNING",
        "currentVersion": "K3AEO7P7FDQ6VZ",
        "kafkaClusterClientAuthentication": {"authenticationType": "IAM" if logs else "NONE"},
        "kafkaClusterEncryptionInTransit": {"encryptionType": encryption},
        "kafkaConnectVersion": "2.7.1",
        "logDelivery": {"workerLogDelivery": {"cloudWatchLogs": {"enabled": logs, "logGroup": f"/msk-connect/{name}"},
                                              "firehose": {"enabled": False}, "s3": {"enabled": False}}},
        "serviceExecutionRoleArn": f"arn:aws:iam::{DEMO_ACCOUNT_ID}:role/msk-connect",
    }  # fmt: skip


def seed(session: Any, regions: list[str]) -> None:
    def connectors(region: str, params: dict[str, Any]) -> dict[str, Any]:
        if region != regions[0]:
            return {"connectors": []}
        return {"connectors": [_connector(region, "orders-to-s3", "TLS", True),
                               _connector(region, "partner-replay", "PLAINTEXT", False)]}  # fmt: skip

    answer(session, "kafkaconnect", "ListConnectors", connectors)
