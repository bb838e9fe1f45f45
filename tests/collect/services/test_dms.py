import json

import boto3
from collecting import context, dumped, one, run
from moto import mock_aws

from compliance.collect.services.dms import COLLECTORS, ENDPOINT, TASK

MIGRATION = next(c for c in COLLECTORS if c.name == "dms-migration")
LEVELS = [{"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DEFAULT"}]
SETTINGS = {"Logging": {"EnableLogging": True, "LogComponents": LEVELS}}


def _migration() -> dict[str, str]:
    dms = boto3.client("dms", region_name="us-east-1")
    instance = dms.create_replication_instance(
        ReplicationInstanceIdentifier="ri", ReplicationInstanceClass="dms.t3.micro"
    )["ReplicationInstance"]["ReplicationInstanceArn"]
    source = dms.create_endpoint(
        EndpointIdentifier="orders-mongo", EndpointType="source", EngineName="mongodb", ServerName="mongo.internal",
        Port=27017, Username="reader", Password="endpoint-password-1", SslMode="none",
        MongoDbSettings={"AuthType": "password", "Password": "mongo-password-2"},
    )["Endpoint"]["EndpointArn"]  # fmt: skip
    target = dms.create_endpoint(
        EndpointIdentifier="cache", EndpointType="target", EngineName="redis", SslMode="none",
        RedisSettings={"ServerName": "redis.internal", "Port": 6379, "SslSecurityProtocol": "ssl-encryption",
                       "AuthType": "auth-token", "AuthPassword": "redis-password-3"},
    )["Endpoint"]["EndpointArn"]  # fmt: skip
    task = dms.create_replication_task(
        ReplicationTaskIdentifier="orders-to-cache", SourceEndpointArn=source, TargetEndpointArn=target,
        ReplicationInstanceArn=instance, MigrationType="full-load", TableMappings='{"rules": []}',
        ReplicationTaskSettings=json.dumps(SETTINGS),
    )["ReplicationTask"]["ReplicationTaskArn"]  # fmt: skip
    return {"source": source, "target": target, "task": task}


@mock_aws
def test_endpoints_and_tasks_in_config_spelling_without_passwords():
    arns = _migration()
    items, errors = run(MIGRATION)
    assert errors == []
    mongo = one(items, ENDPOINT, "orders-mongo")
    assert (mongo.arn, mongo.resourceName) == (arns["source"], "orders-mongo")
    assert mongo.get("configuration.Id") == "orders-mongo"
    assert mongo.get("configuration.EngineName") == "mongodb"
    assert mongo.get("configuration.SslMode") == "none"
    assert mongo.get("configuration.MongoDbSettings.AuthType") == "password"
    cache = one(items, ENDPOINT, "cache")
    assert cache.get("configuration.RedisSettings.SslSecurityProtocol") == "ssl-encryption"
    assert not any(
        secret in dumped(items) for secret in ("endpoint-password-1", "mongo-password-2", "redis-password-3")
    )
    task = one(items, TASK, "orders-to-cache")
    assert task.arn == arns["task"]
    assert task.get("configuration.SourceEndpointArn") == arns["source"]
    assert task.get("configuration.MigrationType") == "full-load"
    assert json.loads(task.get("configuration.ReplicationTaskSettings")) == SETTINGS
    assert "ReplicationTaskStats" not in task.configuration


@mock_aws
def test_a_denied_listing_is_an_error_for_its_type():
    _migration()
    items, errors = run(MIGRATION, deny={"dms": ["DescribeReplicationTasks"]})
    assert [(e.api, e.resourceTypes) for e in errors] == [("DescribeReplicationTasks", [TASK])]
    assert {i.resourceType for i in items} == {ENDPOINT}


@mock_aws
def test_an_empty_region_costs_one_request_per_type():
    calls: list[str] = []
    ctx = context()
    ctx.client("dms", "us-east-1").meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    assert list(MIGRATION.collect(ctx)) == []
    assert calls == ["DescribeEndpoints", "DescribeReplicationTasks"]


@mock_aws
def test_one_endpoint_or_task_by_identifier_or_arn():
    arns = _migration()
    ctx = context()
    assert MIGRATION.read_one(ctx, "cache").arn == arns["target"]
    assert MIGRATION.read_one(ctx, arns["source"]).resourceId == "orders-mongo"
    assert MIGRATION.read_one(ctx, arns["task"]).resourceId == "orders-to-cache"
    assert MIGRATION.read_one(ctx, "orders-to-cache").resourceType == TASK
    assert MIGRATION.read_one(ctx, "gone") is None
