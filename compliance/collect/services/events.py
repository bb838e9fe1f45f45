"""EventBridge event buses in AWS Config's spelling (``AWS::Events::EventBus``, resource id the bus name, ``Name``,
``Arn``, ``Description``, ``Policy``). ListEventBuses (pages with NextToken; botocore has no paginator for it) gives
every bus with its resource-based policy, so a region costs one request per page; the ``default`` bus is listed as
AWS lists it. A bus the list shows without ``Policy`` has none (AWS returns the policy in the list when one is
set). One bus is read with the same list call, by name prefix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, jsonable
from compliance.model import ConfigurationItem

BUS = "AWS::Events::EventBus"
TYPES = (BUS,)
KEPT = ("Name", "Arn", "Description", "Policy", "CreationTime", "LastModifiedTime")
CALLS = (Call("ListEventBuses", "events:ListEventBuses", {BUS: ("configuration",)}, lists=TYPES),)


def _buses(ctx: CollectContext, events: Any, **params: Any) -> list[dict[str, Any]] | None:
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = call(
            ctx, "events", "ListEventBuses", events.list_event_buses, TYPES, **params,
            **({"NextToken": token} if token else {}),
        )  # fmt: skip
        if page is None:
            return None
        found.extend(page.get("EventBuses") or [])
        token = page.get("NextToken")
        if not token:
            return found


def _item(ctx: CollectContext, bus: dict[str, Any]) -> ConfigurationItem:
    configuration = jsonable({k: bus[k] for k in KEPT if k in bus})
    return ctx.item(BUS, bus["Name"], configuration, arn=bus.get("Arn"), name=bus["Name"])


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    yield from (_item(ctx, bus) for bus in _buses(ctx, ctx.client("events")) or [])


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    name = id_or_arn.split(":event-bus/", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    listed = _buses(ctx, ctx.client("events"), NamePrefix=name) or []
    return next((_item(ctx, bus) for bus in listed if bus.get("Name") == name), None)


COLLECTORS = [
    Collector(
        name="events",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="EventBridge event buses: resource-based policies",
    )
]
