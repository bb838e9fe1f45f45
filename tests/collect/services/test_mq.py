import boto3
from collecting import access_denied, context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.mq import BROKER, COLLECTORS

MQ = COLLECTORS[0]
PASSWORD = "broker-password-never-recorded"
USERS = [{"Username": "admin", "Password": PASSWORD}]
ARN = "arn:aws:mq:us-east-1:123456789012:broker:orders:b-1234a5b6-78cd-901e-2fab-3c45d6e178f9"


def _brokers() -> dict[str, str]:
    mq = boto3.client("mq", region_name="us-east-1")
    audited = mq.create_broker(
        BrokerName="audited", EngineType="ACTIVEMQ", EngineVersion="5.18", HostInstanceType="mq.t3.micro",
        DeploymentMode="SINGLE_INSTANCE", PubliclyAccessible=False, AutoMinorVersionUpgrade=True, Users=USERS,
        Logs={"Audit": True, "General": True}, Tags={"team": "orders"},
    )  # fmt: skip
    quiet = mq.create_broker(
        BrokerName="quiet", EngineType="ACTIVEMQ", EngineVersion="5.18", HostInstanceType="mq.t3.micro",
        DeploymentMode="SINGLE_INSTANCE", PubliclyAccessible=True, AutoMinorVersionUpgrade=False, Users=USERS,
    )  # fmt: skip
    return {"audited": audited["BrokerId"], "quiet": quiet["BrokerId"]}


@mock_aws
def test_brokers_in_config_spelling():
    ids = _brokers()
    items, errors = run(MQ)
    assert errors == []
    audited = one(items, BROKER, ids["audited"])
    assert audited.resourceName == "audited"
    assert audited.arn == audited.get("configuration.Arn") and audited.arn.startswith("arn:aws:mq:us-east-1:")
    assert audited.get("configuration.Id") == ids["audited"]
    assert audited.get("configuration.AutoMinorVersionUpgrade") is True
    assert audited.get("configuration.Logs.Audit") is True
    assert audited.get("configuration.Logs.General") is True
    assert audited.get("configuration.EngineType") == "ACTIVEMQ"
    assert audited.get("configuration.PubliclyAccessible") is False
    assert audited.get("configuration.EncryptionOptions.UseAwsOwnedKey") is True
    assert audited.get("configuration.Users") == [{"Username": "admin"}]
    assert audited.get("configuration.ConfigurationId") == audited.get("configuration.Configuration.Id")
    assert audited.get("configuration.IpAddresses")
    assert all(e.startswith("ssl://") for e in audited.get("configuration.OpenWireEndpoints"))
    assert all(e.startswith("amqp+ssl://") for e in audited.get("configuration.AmqpEndpoints"))
    assert audited.tags == {"team": "orders"}
    quiet = one(items, BROKER, ids["quiet"])
    assert quiet.get("configuration.AutoMinorVersionUpgrade") is False
    assert quiet.get("configuration.Logs.Audit") is False
    assert PASSWORD not in str([i.to_dict() for i in items])


@mock_aws
def test_a_denied_description_is_an_error_and_leaves_the_settings_unknown():
    ids = _brokers()
    items, errors = run(MQ, deny={"mq": ["DescribeBroker"]})
    assert sorted((e.api, e.resourceId) for e in errors) == sorted(("DescribeBroker", i) for i in ids.values())
    assert {i.resourceName for i in items} == {"audited", "quiet"}
    assert all("Logs" not in i.configuration and "AutoMinorVersionUpgrade" not in i.configuration for i in items)


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("mq", "us-east-1").meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    assert list(MQ.collect(ctx)) == []
    assert calls == ["ListBrokers"]


@mock_aws
def test_one_broker_by_id_or_arn():
    ids = _brokers()
    ctx = context()
    assert MQ.read_one(ctx, ids["audited"]).resourceName == "audited"
    arn = MQ.read_one(ctx, ids["quiet"]).arn
    assert MQ.read_one(ctx, arn).resourceId == ids["quiet"]
    assert MQ.read_one(ctx, "b-gone") is None


def test_a_real_rabbitmq_description_in_config_spelling():
    """DescribeBroker as AWS answers for a RabbitMQ broker (pending log change, customer key, LDAP-less)."""
    mq, stub = stubbed("mq")
    summary = {"BrokerArn": ARN, "BrokerId": ARN[-38:], "BrokerName": "orders", "EngineType": "RABBITMQ",
               "DeploymentMode": "CLUSTER_MULTI_AZ"}  # fmt: skip
    stub.add_response("list_brokers", {"BrokerSummaries": [summary]})
    stub.add_response(
        "describe_broker",
        {
            "BrokerArn": ARN, "BrokerId": ARN[-38:], "BrokerName": "orders", "EngineType": "RABBITMQ",
            "EngineVersion": "3.13", "AutoMinorVersionUpgrade": True, "DeploymentMode": "CLUSTER_MULTI_AZ",
            "BrokerInstances": [{"ConsoleURL": "https://b.mq.us-east-1.amazonaws.com",
                                 "Endpoints": ["amqps://b.mq.us-east-1.amazonaws.com:5671"]}],
            "Logs": {"General": False, "GeneralLogGroup": "/aws/amazonmq/broker/b/general",
                     "Pending": {"General": True}},
            "EncryptionOptions": {"KmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k", "UseAwsOwnedKey": False},
            "Users": [{"Username": "app", "PendingChange": "UPDATE"}],
            "Tags": {"env": "prod"},
        },
        {"BrokerId": ARN[-38:]},
    )  # fmt: skip
    with stub:
        items, errors = run(MQ, clients={"mq": mq})
    assert errors == []
    (broker,) = items
    assert (broker.resourceId, broker.resourceName, broker.arn) == (ARN[-38:], "orders", ARN)
    assert broker.get("configuration.Logs") == {"General": False, "Pending": {"General": True}}
    assert broker.get("configuration.AmqpEndpoints") == ["amqps://b.mq.us-east-1.amazonaws.com:5671"]
    assert broker.get("configuration.OpenWireEndpoints") == []
    assert broker.get("configuration.IpAddresses") == []
    assert broker.get("configuration.Users") == [{"Username": "app", "PendingChange": "UPDATE"}]
    assert broker.tags == {"env": "prod"}


def test_a_denied_list_is_an_error():
    mq, stub = stubbed("mq")
    access_denied(stub, "list_brokers")
    with stub:
        items, errors = run(MQ, clients={"mq": mq})
    assert items == [] and [e.api for e in errors] == ["ListBrokers"]
