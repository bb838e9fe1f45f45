"""Amazon Connect instances, as data (:mod:`compliance.collect.spec`), in AWS Config's spelling
(``AWS::Connect::Instance``, resource id the instance id, ``Id``, ``Arn``, ``InstanceAlias``,
``IdentityManagementType``, ``InstanceStatus``, ``ServiceRole``, ``CreatedTime``): ListInstances lists them;
DescribeInstanceAttribute per instance reads the contact flow logs attribute into Config's
``Attributes.ContactflowLogs`` (a boolean; the API answers ``"true"``/``"false"``). The other attributes are not
read (no rule uses them), and the access URL and call flags the listing repeats are left out. Connect is offered
in a few regions only: in a region botocore's endpoint data does not list for it there is nothing to read (no
instance can exist there), so no request is made."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

import botocore.session

from compliance.collect.base import CollectContext
from compliance.collect.spec import Detail, ResourceSpec, read_specs, spec_collector
from compliance.model import ConfigurationItem

INSTANCE = "AWS::Connect::Instance"
KEPT = ("Id", "Arn", "InstanceAlias", "IdentityManagementType", "InstanceStatus", "ServiceRole", "CreatedTime")
# AWS Config's attribute names, by the API's attribute type
ATTRIBUTES = {
    "AUTO_RESOLVE_BEST_VOICES": "AutoResolveBestVoices",
    "CONTACT_LENS": "ContactLens",
    "CONTACTFLOW_LOGS": "ContactflowLogs",
    "EARLY_MEDIA": "EarlyMedia",
    "INBOUND_CALLS": "InboundCalls",
    "OUTBOUND_CALLS": "OutboundCalls",
    "USE_CUSTOM_TTS_VOICES": "UseCustomTTSVoices",
}


def _listed(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in KEPT if k in entry}


def _attribute(response: dict[str, Any]) -> dict[str, Any]:
    attribute = response.get("Attribute") or {}
    kind, value = attribute.get("AttributeType"), attribute.get("Value")
    if kind not in ATTRIBUTES or value is None:
        return {}
    return {ATTRIBUTES[kind]: str(value).lower() == "true"}


SPECS = (
    ResourceSpec(
        INSTANCE,
        "ListInstances",
        "InstanceSummaryList",
        "Id",
        arn="Arn",
        name_key="InstanceAlias",
        casing="api",
        tags_key=None,
        clean=_listed,
        details=(
            Detail(
                "DescribeInstanceAttribute",
                "configuration.Attributes",
                lambda e: {"InstanceId": e["Id"], "AttributeType": "CONTACTFLOW_LOGS"},
                shape=_attribute,
            ),
        ),
        one=lambda instance_id: {},
    ),
)


@cache
def _offered(partition: str) -> frozenset[str]:
    return frozenset(botocore.session.get_session().get_available_regions("connect", partition_name=partition))


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    offered = _offered(ctx.partition)
    if offered and ctx.region not in offered:
        return iter(())
    return read_specs(ctx, "connect", SPECS)


COLLECTORS = [
    replace(
        spec_collector("connect", "connect", SPECS, description="Amazon Connect instances: contact flow logging"),
        collect=collect,
    )
]
