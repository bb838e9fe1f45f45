"""Every built-in collector (read from the registry) against the demo account: every API call they make is one
they declare in ``Collector.permissions``, each of their services yields items in the demo, and
no planted secret reaches an item."""

from __future__ import annotations

import json
from typing import Any

import pytest

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.builtin import builtin_collectors
from compliance.collect.permissions import iam_action

COLLECTORS: list[Collector] = builtin_collectors()
# Collectors that only contribute account settings, or whose demo seeds nothing on purpose.
NO_ITEMS = {"account", "emr-account", "inspector2", "macie", "shield", "ssm-account"}


@pytest.fixture(scope="module")
def demo_run() -> dict[str, Any]:
    from compliance.demo import DEMO_ACCOUNT_ID, DEMO_REGIONS, demo_account, demo_secrets

    calls: dict[str, set[tuple[str, str]]] = {}
    items: dict[str, list[Any]] = {}
    errors: dict[str, list[Any]] = {}
    settings: dict[str, dict[str, Any]] = {}
    with demo_account(DEMO_REGIONS) as session:
        for collector in COLLECTORS:
            seen = calls.setdefault(collector.name, set())

            def record(model: Any, seen: set = seen, **_: Any) -> None:
                seen.add((model.service_model.service_name, model.name))

            def factory(service: str, region: str, record=record) -> Any:
                client = session.client(service, region_name=region)
                client.meta.events.register("before-parameter-build", record)
                return client

            for region in [DEMO_REGIONS[0]] if collector.is_global else DEMO_REGIONS:
                ctx = CollectContext(
                    session=session,
                    account_id=DEMO_ACCOUNT_ID,
                    region=region,
                    capture_time="2026-11-28T00:00:00+00:00",
                    client_factory=factory,
                )
                items.setdefault(collector.name, []).extend(collector.collect(ctx))
                errors.setdefault(collector.name, []).extend(ctx.errors)
                for scope, found in ctx.account_settings.items():
                    settings.setdefault(scope, {}).update(found)
    return {"calls": calls, "items": items, "errors": errors, "settings": settings, "secrets": demo_secrets()}


@pytest.mark.parametrize("collector", COLLECTORS, ids=lambda c: c.name)
def test_every_call_is_declared(demo_run, collector):
    made = {iam_action(service, operation) for service, operation in demo_run["calls"][collector.name]} - {None}
    assert made, "the collector made no call at all"
    assert made <= set(collector.permissions), f"undeclared: {sorted(made - set(collector.permissions))}"


@pytest.mark.parametrize("collector", COLLECTORS, ids=lambda c: c.name)
def test_demo_yields_items_without_errors(demo_run, collector):
    assert demo_run["errors"][collector.name] == []
    if collector.name not in NO_ITEMS:
        assert demo_run["items"][collector.name], "the demo seeds nothing this collector sees"
        assert {i.resourceType for i in demo_run["items"][collector.name]} <= set(collector.resource_types)


def test_account_settings_from_the_demo(demo_run):
    settings = demo_run["settings"]
    assert settings[GLOBAL_REGION]["alternateContacts"] == {"SECURITY": None}
    assert settings[GLOBAL_REGION]["shieldAdvancedSubscription"] == {"subscribed": False}
    assert settings["us-east-1"]["guardDutyEnabled"] is True and settings["eu-west-1"]["guardDutyEnabled"] is False
    assert settings["us-east-1"]["securityHubEnabled"] is True and settings["eu-west-1"]["securityHubEnabled"] is False
    assert settings["us-east-1"]["inspector2Status"]["state"]["status"] == "ENABLED"
    assert settings["eu-west-1"]["configurationRecorders"] == []


def test_no_planted_secret_in_any_item(demo_run):
    text = json.dumps([i.to_dict() for found in demo_run["items"].values() for i in found], default=str)
    assert demo_run["secrets"], "the demo plants secrets to look for"
    leaked = [s for s in demo_run["secrets"] if s in text]
    assert leaked == []
    assert "REDACTED:sha256:" in text  # and the markers are there instead
