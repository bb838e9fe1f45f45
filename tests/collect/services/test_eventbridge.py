import json

import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.events import BUS, COLLECTORS

EVENTS = COLLECTORS[0]
ARN = "arn:aws:events:us-east-1:123456789012:event-bus/{}"


def _buses() -> None:
    events = boto3.client("events", region_name="us-east-1")
    events.create_event_bus(Name="guarded", Description="with a policy")
    events.put_permission(EventBusName="guarded", Action="events:PutEvents", Principal="210987654321",
                          StatementId="partner")  # fmt: skip
    events.create_event_bus(Name="open")


@mock_aws
def test_event_buses_in_config_spelling():
    _buses()
    items, errors = run(EVENTS)
    assert errors == []
    assert sorted(i.resourceId for i in items) == ["default", "guarded", "open"]
    guarded = one(items, BUS, "guarded")
    assert (guarded.arn, guarded.resourceName) == (ARN.format("guarded"), "guarded")
    assert guarded.get("configuration.Name") == "guarded"
    assert guarded.get("configuration.Arn") == ARN.format("guarded")
    policy = json.loads(guarded.get("configuration.Policy"))
    assert policy["Statement"][0]["Sid"] == "partner"
    assert "Policy" not in one(items, BUS, "open").configuration


@mock_aws
def test_a_denied_list_is_an_error_and_yields_nothing():
    _buses()
    items, errors = run(EVENTS, deny={"events": ["ListEventBuses"]})
    assert items == []
    assert [(e.api, list(e.resourceTypes)) for e in errors] == [("ListEventBuses", [BUS])]


@mock_aws
def test_a_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("events", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert [i.resourceId for i in EVENTS.collect(ctx)] == ["default"]  # every region has it
    assert calls == ["ListEventBuses"]


@mock_aws
def test_one_bus_by_name_or_arn():
    _buses()
    ctx = context()
    assert EVENTS.read_one(ctx, "guarded").arn == ARN.format("guarded")
    assert EVENTS.read_one(ctx, ARN.format("open")).resourceId == "open"
    assert EVENTS.read_one(ctx, "guard") is None  # a prefix is not the bus
    assert EVENTS.read_one(ctx, "gone") is None
