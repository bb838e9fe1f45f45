"""DMS rules on replication tasks (source and target logging), endpoints (SSL, Neptune IAM, MongoDB
authentication, Redis OSS TLS) and Multi-AZ replication instances."""

from __future__ import annotations

import json

from compliance.rule import compliant, insufficient_data, non_compliant

from ._checks import declare, setting
from ._util import as_bool, as_list

TASK = "AWS::DMS::ReplicationTask"
ENDPOINT = "AWS::DMS::Endpoint"
SETTINGS = "configuration.ReplicationTaskSettings"
SEVERE_ENOUGH = ("LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DETAILED_DEBUG")


def _logging_rule(id, title, components, side):
    def check(ci):
        raw = ci.configuration.get("ReplicationTaskSettings")
        if raw is None:
            return insufficient_data("the task settings were not recorded")
        try:
            settings = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError:
            return insufficient_data("the task settings could not be read")
        logging = settings.get("Logging") or {}
        if not as_bool(logging.get("EnableLogging")):
            return non_compliant("task logging is off")
        levels = {c.get("Id"): c.get("Severity") for c in as_list(logging.get("LogComponents"))}
        low = [c for c in components if levels.get(c) not in SEVERE_ENOUGH]
        if low:
            return non_compliant(f"{', '.join(low)} logged below the default severity")
        return compliant(f"{side} activity is logged")

    check.__doc__ = f"Reads Logging in configuration.ReplicationTaskSettings (JSON): {', '.join(components)}."
    return declare(
        id=id, title=title, resource_types=[TASK], reads=[SETTINGS], severity="medium",
        rationale=f"The {side} database's activity log explains failed and partial migrations.",
        remediation="aws dms modify-replication-task --replication-task-arn T --replication-task-settings "
        f"'{{\"Logging\":{{\"EnableLogging\":true,\"LogComponents\":[{{\"Id\":\"{components[0]}\","
        "\"Severity\":\"LOGGER_SEVERITY_DEFAULT\"}]}}'",
    )(check)  # fmt: skip


dms_replication_task_targetdb_logging = _logging_rule(
    "dms-replication-task-targetdb-logging", "DMS replication tasks log target database activity",
    ("TARGET_APPLY", "TARGET_LOAD"), "target",
)
dms_replication_task_sourcedb_logging = _logging_rule(
    "dms-replication-task-sourcedb-logging", "DMS replication tasks log source database activity",
    ("SOURCE_CAPTURE", "SOURCE_UNLOAD"), "source",
)


@declare(
    id="dms-endpoint-ssl-configured",
    title="DMS endpoints use SSL",
    resource_types=[ENDPOINT],
    reads=["configuration.SslMode", "configuration.EngineName"],
    severity="medium",
    rationale="Without SSL, migrated data and database credentials cross the network in clear text.",
    remediation="aws dms modify-endpoint --endpoint-arn E --ssl-mode require (or verify-full)",
)
def dms_endpoint_ssl_configured(ci):
    """Reads configuration.SslMode ("none" fails)."""
    mode = ci.configuration.get("SslMode")
    if mode is None:
        return insufficient_data("configuration.SslMode was not recorded")
    if str(mode).lower() == "none":
        return non_compliant("the endpoint does not use SSL")
    return compliant(f"SSL mode {mode}")


def _engine_setting(id, title, engine, path, passes, failing, passing, remediation):
    return setting(
        id=id, title=title, resource_types=[ENDPOINT], path=path, passes=passes, failing=failing, passing=passing,
        applies=lambda ci: None if str(ci.configuration.get("EngineName", engine)).lower() == engine
        else f"not a {engine} endpoint",
        reads=["configuration.EngineName"], severity="medium",
        rationale="Unauthenticated or unencrypted endpoints let others read or write the migrated data.",
        remediation=remediation,
    )  # fmt: skip


dms_neptune_iam_authorization_enabled = _engine_setting(
    "dms-neptune-iam-authorization-enabled", "DMS Neptune endpoints use IAM authorization", "neptune",
    "configuration.NeptuneSettings.IamAuthEnabled", lambda v, p: as_bool(v) is True, "IAM authorization is off",
    "IAM authorization is on", "aws dms modify-endpoint --endpoint-arn E --neptune-settings IamAuthEnabled=true,...",
)
dms_mongo_db_authentication_enabled = _engine_setting(
    "dms-mongo-db-authentication-enabled", "DMS MongoDB endpoints require authentication", "mongodb",
    "configuration.MongoDbSettings.AuthType", lambda v, p: str(v).lower() != "no", "authentication type {value}",
    "authentication is required", "aws dms modify-endpoint --endpoint-arn E --mongo-db-settings AuthType=password,...",
)
dms_redis_tls_enabled = _engine_setting(
    "dms-redis-tls-enabled", "DMS Redis OSS endpoints use TLS", "redis",
    "configuration.RedisSettings.SslSecurityProtocol", lambda v, p: str(v).lower() == "ssl-encryption",
    "security protocol {value}", "TLS is used",
    "aws dms modify-endpoint --endpoint-arn E --redis-settings SslSecurityProtocol=ssl-encryption,...",
)
dms_replication_instance_multi_az_enabled = setting(
    id="dms-replication-instance-multi-az-enabled",
    title="DMS replication instances are Multi-AZ",
    resource_types=["AWS::DMS::ReplicationInstance"],
    path="configuration.MultiAZ",
    what="Multi-AZ",
    severity="medium",
    rationale="A single-zone replication instance stops the migration when its zone fails.",
    remediation="aws dms modify-replication-instance --replication-instance-arn R --multi-az",
)
