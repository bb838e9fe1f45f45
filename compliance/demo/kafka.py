"""Demo MSK: a private cluster with TLS and IAM authentication only, and a public one accepting plaintext
and unauthenticated clients (MSK.1, MSK.4, MSK.6)."""

from __future__ import annotations

from typing import Any
from unittest import mock

SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"]


def seed(session: Any, regions: list[str]) -> None:
    from moto.moto_api._internal import mock_random

    # the simulator draws cluster ids from uuid.uuid4, not from its seeded source: seeded here
    with mock.patch("moto.kafka.models.uuid.uuid4", mock_random.uuid4):
        _seed(session.client("kafka", region_name=regions[0]))


def _seed(kafka: Any) -> None:
    for name, public, client_broker, unauthenticated in (
        ("orders-events", "DISABLED", "TLS", False),
        ("partner-feed", "SERVICE_PROVIDED_EIPS", "TLS_PLAINTEXT", True),
    ):
        kafka.create_cluster(
            ClusterName=name, KafkaVersion="3.6.0", NumberOfBrokerNodes=3,
            BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large", "ClientSubnets": SUBNETS,
                                 "ConnectivityInfo": {"PublicAccess": {"Type": public}}},
            EncryptionInfo={"EncryptionInTransit": {"ClientBroker": client_broker, "InCluster": True}},
            ClientAuthentication={"Sasl": {"Iam": {"Enabled": True}}, "Unauthenticated": {"Enabled": unauthenticated}},
        )  # fmt: skip
