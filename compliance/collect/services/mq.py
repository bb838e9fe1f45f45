"""Amazon MQ brokers, in AWS Config's spelling (``AWS::AmazonMQ::Broker``, resource id the broker id,
name the broker name): ListBrokers names them, DescribeBroker per broker gives the settings, mapped to
Config's keys (``Arn``, ``Id``, ``Configuration``/``ConfigurationId``/``ConfigurationRevision`` from the current
configuration, ``IpAddresses`` and the ``*Endpoints`` lists from the broker instances, ``Logs.Audit``,
``Logs.General``, ``Logs.Pending``, ``Users`` as user names and pending changes). Passwords are never
returned by the API. A broker whose description could not be read keeps only what the list said, so
its logging and upgrade settings stay unknown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate, tag_dict
from compliance.model import ConfigurationItem

BROKER = "AWS::AmazonMQ::Broker"
TYPES = (BROKER,)
ABSENT = ("NotFoundException",)
CALLS = (
    Call("ListBrokers", "mq:ListBrokers", {BROKER: ()}, lists=TYPES),
    Call("DescribeBroker", "mq:DescribeBroker", {BROKER: ("configuration", "tags")}, per="resource"),
)
# Settings DescribeBroker returns under the name Config records them by.
SAME = (
    "AuthenticationStrategy", "AutoMinorVersionUpgrade", "BrokerName", "DeploymentMode", "EncryptionOptions",
    "EngineType", "EngineVersion", "HostInstanceType", "LdapServerMetadata", "MaintenanceWindowStartTime",
    "PubliclyAccessible", "SecurityGroups", "StorageType", "SubnetIds",
)  # fmt: skip
# Endpoint URL schemes and the Config list each belongs to (ActiveMQ's OpenWire is plain ssl://).
ENDPOINTS = (
    ("amqp", "AmqpEndpoints"), ("mqtt", "MqttEndpoints"), ("stomp", "StompEndpoints"), ("ws", "WssEndpoints"),
    ("ssl", "OpenWireEndpoints"),
)  # fmt: skip


def _listed(summary: dict[str, Any]) -> dict[str, Any]:
    shaped = {"Arn": summary.get("BrokerArn"), "Id": summary.get("BrokerId")}
    for key in ("BrokerName", "DeploymentMode", "EngineType", "HostInstanceType"):
        if key in summary:
            shaped[key] = summary[key]
    return shaped


def _described(broker: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {"Arn": broker.get("BrokerArn"), "Id": broker.get("BrokerId")}
    shaped.update({key: jsonable(broker[key]) for key in SAME if key in broker})
    current = (broker.get("Configurations") or {}).get("Current")
    if current:
        shaped["Configuration"] = {k: current[k] for k in ("Id", "Revision") if k in current}
        shaped["ConfigurationId"] = current.get("Id")
        shaped["ConfigurationRevision"] = current.get("Revision")
    if "Logs" in broker:
        logs = broker["Logs"] or {}
        shaped["Logs"] = {k: logs[k] for k in ("Audit", "General", "Pending") if k in logs}
    instances = broker.get("BrokerInstances")
    if instances is not None:
        shaped["IpAddresses"] = [i["IpAddress"] for i in instances if i.get("IpAddress")]
        for scheme, key in ENDPOINTS:
            shaped[key] = [e for i in instances for e in i.get("Endpoints") or [] if _scheme(e).startswith(scheme)]
    if "Users" in broker:
        shaped["Users"] = [
            {k: user[k] for k in ("Username", "PendingChange") if k in user} for user in broker["Users"] or []
        ]
    return shaped


def _scheme(endpoint: str) -> str:
    return endpoint.split("://", 1)[0].lower() if "://" in endpoint else ""


def _broker(
    ctx: CollectContext, mq: Any, summary: dict[str, Any], *, absent_ok: bool = False
) -> ConfigurationItem | None:
    broker_id = str(summary.get("BrokerId"))
    configuration = _listed(summary)
    tags: dict[str, str] = {}
    if ctx.wants("DescribeBroker"):
        found = call(ctx, "mq", "DescribeBroker", mq.describe_broker, TYPES, resource_id=broker_id,
                     absent=ABSENT if absent_ok else (), BrokerId=broker_id)  # fmt: skip
        if absent_ok and found == {}:
            return None
        if found:
            configuration = _described(found)
            tags = tag_dict(found.get("Tags"))
    return ctx.item(
        BROKER, broker_id, configuration, arn=configuration.get("Arn"), name=configuration.get("BrokerName"),
        tags=tags, created=jsonable(summary.get("Created")),
    )  # fmt: skip


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    mq = ctx.client("mq")
    summaries = paginate(ctx, mq, "list_brokers", "BrokerSummaries", TYPES) or []
    found = ctx.map(lambda summary: _broker(ctx, mq, summary), summaries)
    yield from (item for item in found if item is not None)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """A broker by id or ARN (``arn:aws:mq:REGION:ACCOUNT:broker:NAME:ID``): DescribeBroker only."""
    broker_id = id_or_arn.rsplit(":", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    return _broker(ctx, ctx.client("mq"), {"BrokerId": broker_id}, absent_ok=True)


COLLECTORS = [
    Collector(
        name="mq",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="Amazon MQ brokers: audit logs and automatic minor version upgrades",
    )
]
