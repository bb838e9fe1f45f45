"""MSK and MSK Connect rules on resources created in a simulated account (moto) and read by the real
collectors. moto 5.2.5 has no MSK Connect: ListConnectors is answered in the API's shape."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, answer_unimplemented, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

CLUSTER = "AWS::MSK::Cluster"
CONNECTOR = "AWS::KafkaConnect::Connector"
SUBNETS = ["subnet-0a", "subnet-0b", "subnet-0c"]


def _connector(name: str, encryption: str, logs: bool) -> dict:
    return {
        "connectorArn": f"arn:aws:kafkaconnect:{REGION}:{ACCOUNT_ID}:connector/{name}/0f1e2d3c-4b5a-1",
        "connectorName": name,
        "connectorState": "RUNNING",
        "kafkaClusterEncryptionInTransit": {"encryptionType": encryption},
        "logDelivery": {"workerLogDelivery": {"cloudWatchLogs": {"enabled": logs, "logGroup": "/msk/connect"},
                                              "s3": {"enabled": False}}},
    }  # fmt: skip


def _kafka(session: boto3.Session) -> None:
    kafka = session.client("kafka", region_name=REGION)
    for name, public, client_broker, unauthenticated in (
        ("guarded", "DISABLED", "TLS", False),
        ("exposed", "SERVICE_PROVIDED_EIPS", "TLS_PLAINTEXT", True),
    ):
        kafka.create_cluster(
            ClusterName=name, KafkaVersion="3.6.0", NumberOfBrokerNodes=3,
            BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large", "ClientSubnets": SUBNETS,
                                 "ConnectivityInfo": {"PublicAccess": {"Type": public}}},
            EncryptionInfo={"EncryptionInTransit": {"ClientBroker": client_broker, "InCluster": True}},
            ClientAuthentication={"Sasl": {"Iam": {"Enabled": True}}, "Unauthenticated": {"Enabled": unauthenticated}},
        )  # fmt: skip
    connectors = [_connector("guarded", "TLS", True), _connector("exposed", "PLAINTEXT", False)]
    answer_unimplemented(session, "kafkaconnect", "ListConnectors", {"connectors": connectors})


@pytest.fixture(scope="module")
def kafka_snapshot() -> Snapshot:
    return collected(_kafka, ["kafka", "kafkaconnect"])


@pytest.mark.parametrize(
    ("rule_id", "resource_type"),
    [
        ("msk-in-cluster-node-require-tls", CLUSTER),
        ("msk-cluster-public-access-disabled", CLUSTER),
        ("msk-unrestricted-access-check", CLUSTER),
        ("msk-connect-connector-encrypted", CONNECTOR),
        ("msk-connect-connector-logging-enabled", CONNECTOR),
    ],
)
def test_msk_rules(kafka_snapshot, rule_id, resource_type):
    assert verdicts(rule_id, kafka_snapshot, resource_type) == {"guarded": COMPLIANT, "exposed": NON_COMPLIANT}
