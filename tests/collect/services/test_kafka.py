from datetime import UTC, datetime

import boto3
from collecting import access_denied, context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.kafka import CLUSTER, COLLECTORS, CONNECTOR

MSK, CONNECT = COLLECTORS
SUBNETS = ["subnet-0a", "subnet-0b", "subnet-0c"]
CONNECTOR_ARN = (
    "arn:aws:kafkaconnect:us-east-1:123456789012:connector/orders-sink/6f1d1e02-1111-2222-3333-abcdefabcdef-2"
)


def _clusters() -> dict[str, str]:
    kafka = boto3.client("kafka", region_name="us-east-1")

    def create(name: str, public: str, client_broker: str, unauthenticated: bool) -> str:
        return kafka.create_cluster(
            ClusterName=name, KafkaVersion="3.6.0", NumberOfBrokerNodes=3,
            BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large", "ClientSubnets": SUBNETS,
                                 "ConnectivityInfo": {"PublicAccess": {"Type": public}}},
            EncryptionInfo={"EncryptionInTransit": {"ClientBroker": client_broker, "InCluster": True}},
            ClientAuthentication={"Sasl": {"Iam": {"Enabled": True}}, "Unauthenticated": {"Enabled": unauthenticated}},
            Tags={"team": name},
        )["ClusterArn"]  # fmt: skip

    return {"events": create("events", "DISABLED", "TLS", False), "edge": create("edge", "SERVICE_PROVIDED_EIPS",
            "TLS_PLAINTEXT", True)}  # fmt: skip


@mock_aws
def test_clusters_in_config_spelling_from_one_listing():
    arns = _clusters()
    items, errors = run(MSK)
    assert errors == []
    events = one(items, CLUSTER, arns["events"])
    assert (events.arn, events.resourceName, events.tags) == (arns["events"], "events", {"team": "events"})
    assert events.get("configuration.Arn") == arns["events"]
    assert events.get("configuration.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type") == "DISABLED"
    assert events.get("configuration.EncryptionInfo.EncryptionInTransit") == {"ClientBroker": "TLS", "InCluster": True}
    assert events.get("configuration.ClientAuthentication.Unauthenticated.Enabled") is False
    assert events.get("configuration.NumberOfBrokerNodes") == 3
    assert not {"Provisioned", "State", "ZookeeperConnectString", "Tags"} & set(events.configuration)
    edge = one(items, CLUSTER, arns["edge"])
    assert edge.get("configuration.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type") == "SERVICE_PROVIDED_EIPS"


@mock_aws
def test_a_denied_listing_is_an_error_and_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("kafka", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(MSK.collect(ctx)) == []
    assert calls == ["ListClustersV2"]
    _clusters()
    items, errors = run(MSK, deny={"kafka": ["ListClustersV2"]})
    assert items == [] and [(e.api, e.resourceTypes) for e in errors] == [("ListClustersV2", [CLUSTER])]


@mock_aws
def test_one_cluster_by_arn():
    arns = _clusters()
    ctx = context()
    assert MSK.read_one(ctx, arns["edge"]).resourceName == "edge"
    assert MSK.read_one(ctx, "edge") is None  # a cluster is named by its ARN


def test_a_cluster_gone_is_none():  # moto 5.2.5 raises a KeyError for an unknown cluster: stubbed
    client, stubber = stubbed("kafka")
    stubber.add_client_error("describe_cluster_v2", service_error_code="NotFoundException", http_status_code=404)
    with stubber:
        ctx = context(clients={"kafka": client})
        assert MSK.read_one(ctx, "arn:aws:kafka:us-east-1:123456789012:cluster/gone/1") is None
    assert ctx.errors == []


SUMMARY = {
    "connectorArn": CONNECTOR_ARN,
    "connectorName": "orders-sink",
    "connectorState": "RUNNING",
    "creationTime": datetime(2026, 11, 1, tzinfo=UTC),
    "currentVersion": "K3AEO7P7FDQ6VZ",
    "kafkaCluster": {"apacheKafkaCluster": {"bootstrapServers": "b-1.events:9098",
                                            "vpc": {"securityGroups": ["sg-1"], "subnets": SUBNETS}}},
    "kafkaClusterClientAuthentication": {"authenticationType": "IAM"},
    "kafkaClusterEncryptionInTransit": {"encryptionType": "TLS"},
    "kafkaConnectVersion": "2.7.1",
    "logDelivery": {"workerLogDelivery": {"cloudWatchLogs": {"enabled": True, "logGroup": "/msk/connect"},
                                          "firehose": {"enabled": False}, "s3": {"enabled": False}}},
    "plugins": [{"customPlugin": {"customPluginArn": "arn:aws:kafkaconnect:us-east-1:123456789012:custom-plugin/s3/1",
                                  "revision": 1}}],
    "serviceExecutionRoleArn": "arn:aws:iam::123456789012:role/connect",
}  # fmt: skip


def test_connectors_in_config_spelling_from_their_summaries():
    client, stubber = stubbed("kafkaconnect")
    stubber.add_response("list_connectors", {"connectors": [SUMMARY]})
    with stubber:
        items, errors = run(CONNECT, clients={"kafkaconnect": client})
    assert errors == []
    connector = one(items, CONNECTOR, CONNECTOR_ARN)
    assert (connector.arn, connector.resourceName) == (CONNECTOR_ARN, "orders-sink")
    assert connector.get("configuration.KafkaClusterEncryptionInTransit.EncryptionType") == "TLS"
    assert connector.get("configuration.LogDelivery.WorkerLogDelivery.CloudWatchLogs") == {
        "Enabled": True,
        "LogGroup": "/msk/connect",
    }
    assert connector.get("configuration.KafkaClusterClientAuthentication.AuthenticationType") == "IAM"
    assert connector.get("configuration.CreationTime") == "2026-11-01T00:00:00+00:00"
    assert "ConnectorState" not in connector.configuration


def test_a_denied_connector_listing_is_an_error():
    client, stubber = stubbed("kafkaconnect")
    access_denied(stubber, "list_connectors")
    with stubber:
        items, errors = run(CONNECT, clients={"kafkaconnect": client})
    assert items == [] and [(e.api, e.resourceTypes) for e in errors] == [("ListConnectors", [CONNECTOR])]


def test_an_empty_region_costs_one_connector_request_and_one_is_read_by_arn():
    client, stubber = stubbed("kafkaconnect")
    stubber.add_response("list_connectors", {"connectors": []})
    stubber.add_response("list_connectors", {"connectors": [SUMMARY]})
    with stubber:
        assert run(CONNECT, clients={"kafkaconnect": client}) == ([], [])
        assert CONNECT.read_one(context(clients={"kafkaconnect": client}), CONNECTOR_ARN).resourceId == CONNECTOR_ARN
    stubber.assert_no_pending_responses()
