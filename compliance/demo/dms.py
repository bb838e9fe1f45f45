"""Demo DMS: a private Multi-AZ replication instance and a public single-zone one (DMS.1, DMS.13); endpoints
with and without SSL, MongoDB authentication, Neptune IAM authorization and Redis OSS TLS (DMS.9-12); a
replication task logging source and target activity and one with logging off (DMS.7, DMS.8)."""

from __future__ import annotations

import json
from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID

SECRETS = ("demo-dms-endpoint-password",)
LOGGED = ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD")


def seed(session: Any, regions: list[str]) -> None:
    dms = session.client("dms", region_name=regions[0])
    instance = dms.create_replication_instance(
        ReplicationInstanceIdentifier="orders-migration",
        ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=False,
        AutoMinorVersionUpgrade=True,
        MultiAZ=True,
    )["ReplicationInstance"]["ReplicationInstanceArn"]
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="legacy-migration",
        ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=True,
        AutoMinorVersionUpgrade=False,
        MultiAZ=False,
    )
    source, target = _endpoints(dms)
    for name, settings in (
        ("orders-full-load", {"EnableLogging": True, "LogComponents": [
            {"Id": c, "Severity": "LOGGER_SEVERITY_DEFAULT"} for c in LOGGED]}),
        ("orders-backfill", {"EnableLogging": False}),
    ):  # fmt: skip
        dms.create_replication_task(
            ReplicationTaskIdentifier=name, SourceEndpointArn=source, TargetEndpointArn=target,
            ReplicationInstanceArn=instance, MigrationType="full-load", TableMappings='{"rules": []}',
            ReplicationTaskSettings=json.dumps({"Logging": settings}),
        )  # fmt: skip


def _endpoints(dms: Any) -> tuple[str, str]:
    def endpoint(name: str, kind: str, engine: str, **settings: Any) -> str:
        found = dms.create_endpoint(  # ResourceIdentifier: the end of the ARN (else random)
            EndpointIdentifier=name, EndpointType=kind, EngineName=engine, ResourceIdentifier=f"demo-{name}", **settings
        )
        return found["Endpoint"]["EndpointArn"]

    mongo = {"ServerName": "orders-db.internal", "Port": 27017, "Username": "dms"}
    source = endpoint("orders-mongo", "source", "mongodb", SslMode="require", **mongo,
                      Password=SECRETS[0], MongoDbSettings={"AuthType": "password"})  # fmt: skip
    endpoint("legacy-mongo", "source", "mongodb", SslMode="none", **mongo, MongoDbSettings={"AuthType": "no"})
    redis = {"ServerName": "cache.internal", "Port": 6379}
    target = endpoint(
        "orders-cache",
        "target",
        "redis",
        SslMode="require",
        RedisSettings={**redis, "SslSecurityProtocol": "ssl-encryption"},
    )
    endpoint(
        "legacy-cache", "target", "redis", SslMode="none", RedisSettings={**redis, "SslSecurityProtocol": "plaintext"}
    )
    neptune = {"S3BucketName": "demo-dms-staging", "S3BucketFolder": "graph",
               "ServiceAccessRoleArn": f"arn:aws:iam::{DEMO_ACCOUNT_ID}:role/dms-neptune"}  # fmt: skip
    endpoint(
        "orders-graph", "target", "neptune", SslMode="require", NeptuneSettings={**neptune, "IamAuthEnabled": True}
    )
    endpoint("legacy-graph", "target", "neptune", SslMode="none", NeptuneSettings={**neptune, "IamAuthEnabled": False})
    return source, target
