"""API Gateway, AppSync, EventBridge and Athena rules on resources created in a simulated account (moto) and read
by the real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

WORKGROUP = "AWS::Athena::WorkGroup"
BUS = "AWS::Events::EventBus"


def _workgroups(session: boto3.Session) -> None:
    athena = session.client("athena", region_name=REGION)
    athena.create_work_group(Name="metered", Configuration={"PublishCloudWatchMetricsEnabled": True})
    athena.create_work_group(Name="quiet", Configuration={"PublishCloudWatchMetricsEnabled": False})


@pytest.fixture(scope="module")
def athena_snapshot() -> Snapshot:
    return collected(_workgroups, ["athena"])


def test_athena_workgroup_logging(athena_snapshot):
    found = verdicts("athena-workgroup-logging-enabled", athena_snapshot, WORKGROUP)
    assert {k: found[k] for k in ("metered", "quiet")} == {"metered": COMPLIANT, "quiet": NON_COMPLIANT}


def _buses(session: boto3.Session) -> None:
    events = session.client("events", region_name=REGION)
    events.create_event_bus(Name="guarded")
    events.put_permission(EventBusName="guarded", Action="events:PutEvents", Principal="210987654321",
                          StatementId="partner")  # fmt: skip
    events.create_event_bus(Name="open")


@pytest.fixture(scope="module")
def events_snapshot() -> Snapshot:
    return collected(_buses, ["events"])


def test_custom_eventbus_policy(events_snapshot):
    assert verdicts("custom-eventbus-policy-attached", events_snapshot, BUS) == {
        "guarded": COMPLIANT, "open": NON_COMPLIANT, "default": NOT_APPLICABLE,
    }  # fmt: skip
