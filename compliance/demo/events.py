"""Demo EventBridge event buses: a custom bus whose resource policy lets one partner account put events, and a
custom bus with no policy (EventBridge.3). The region's ``default`` bus is the simulator's own."""

from __future__ import annotations

from typing import Any

PARTNER = "210987654321"


def seed(session: Any, regions: list[str]) -> None:
    events = session.client("events", region_name=regions[0])
    events.create_event_bus(Name="orders-bus", Description="Order lifecycle events")
    events.put_permission(
        EventBusName="orders-bus", Action="events:PutEvents", Principal=PARTNER, StatementId="partner-put-events"
    )
    events.create_event_bus(Name="scratch-bus")
