"""DMS endpoint and replication task rules on resources created in a simulated account (moto) and read by
the real collector."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

ENDPOINT = "AWS::DMS::Endpoint"
TASK = "AWS::DMS::ReplicationTask"
S3_ROLE = "arn:aws:iam::123456789012:role/dms-neptune"


def _logging(*components: str) -> str:
    levels = [{"Id": c, "Severity": "LOGGER_SEVERITY_DEFAULT"} for c in components]
    return json.dumps({"Logging": {"EnableLogging": True, "LogComponents": levels}})


def _migration(session: boto3.Session) -> None:
    dms = session.client("dms", region_name=REGION)
    instance = dms.create_replication_instance(
        ReplicationInstanceIdentifier="ri", ReplicationInstanceClass="dms.t3.micro"
    )["ReplicationInstance"]["ReplicationInstanceArn"]

    def endpoint(name: str, kind: str, engine: str, **settings) -> str:
        return dms.create_endpoint(EndpointIdentifier=name, EndpointType=kind, EngineName=engine, **settings)[
            "Endpoint"
        ]["EndpointArn"]

    mongo = {"ServerName": "mongo.internal", "Port": 27017}
    neptune = {"S3BucketName": "staging", "S3BucketFolder": "dms", "ServiceAccessRoleArn": S3_ROLE}
    redis = {"ServerName": "redis.internal", "Port": 6379}
    guarded = endpoint("mongo-guarded", "source", "mongodb", SslMode="require", **mongo,
                       MongoDbSettings={"AuthType": "password"})  # fmt: skip
    endpoint("mongo-open", "source", "mongodb", SslMode="none", **mongo, MongoDbSettings={"AuthType": "no"})
    endpoint("neptune-iam", "target", "neptune", NeptuneSettings={**neptune, "IamAuthEnabled": True})
    endpoint("neptune-plain", "target", "neptune", NeptuneSettings={**neptune, "IamAuthEnabled": False})
    target = endpoint("redis-tls", "target", "redis", RedisSettings={**redis, "SslSecurityProtocol": "ssl-encryption"})
    endpoint("redis-plain", "target", "redis", RedisSettings={**redis, "SslSecurityProtocol": "plaintext"})

    def task(name: str, settings: str) -> None:
        dms.create_replication_task(
            ReplicationTaskIdentifier=name, SourceEndpointArn=guarded, TargetEndpointArn=target,
            ReplicationInstanceArn=instance, MigrationType="full-load", TableMappings='{"rules": []}',
            ReplicationTaskSettings=settings,
        )  # fmt: skip

    task("logged", _logging("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD"))
    task("silent", json.dumps({"Logging": {"EnableLogging": False}}))


@pytest.fixture(scope="module")
def migration_snapshot() -> Snapshot:
    return collected(_migration, ["dms"])


@pytest.mark.parametrize("rule_id", ["dms-replication-task-sourcedb-logging", "dms-replication-task-targetdb-logging"])
def test_dms_task_logging_rules(migration_snapshot, rule_id):
    assert verdicts(rule_id, migration_snapshot, TASK) == {"logged": COMPLIANT, "silent": NON_COMPLIANT}


@pytest.mark.parametrize(
    ("rule_id", "passing", "failing", "engine"),
    [
        ("dms-mongo-db-authentication-enabled", "mongo-guarded", "mongo-open", "mongo"),
        ("dms-neptune-iam-authorization-enabled", "neptune-iam", "neptune-plain", "neptune"),
        ("dms-redis-tls-enabled", "redis-tls", "redis-plain", "redis"),
    ],
)
def test_dms_engine_endpoint_rules(migration_snapshot, rule_id, passing, failing, engine):
    found = verdicts(rule_id, migration_snapshot, ENDPOINT)
    assert (found[passing], found[failing]) == (COMPLIANT, NON_COMPLIANT)
    assert {found[n] for n in found if not n.startswith(engine)} == {NOT_APPLICABLE}


def test_dms_endpoint_ssl_configured(migration_snapshot):
    found = verdicts("dms-endpoint-ssl-configured", migration_snapshot, ENDPOINT)
    assert (found["mongo-guarded"], found["mongo-open"]) == (COMPLIANT, NON_COMPLIANT)
