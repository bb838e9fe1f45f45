"""CloudTrail events of API Gateway, AppSync, EventBridge and Athena mapped to the resources they change."""

from __future__ import annotations

import pytest

from compliance.events import resolve
from compliance.events.load import EventRecord
from tests.events.records import cloudtrail


def _changes(record):
    batch = resolve([EventRecord(record, "test:0")])
    return [(c.resource_type, c.ref, c.deleted) for c in batch.changes]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (cloudtrail("athena", "CreateWorkGroup", {"name": "w"}), [("AWS::Athena::WorkGroup", "w", False)]),
        (
            cloudtrail("athena", "UpdateWorkGroup", {"workGroup": "w", "configurationUpdates": {}}),
            [("AWS::Athena::WorkGroup", "w", False)],
        ),
        (cloudtrail("athena", "DeleteWorkGroup", {"workGroup": "w"}), [("AWS::Athena::WorkGroup", "w", True)]),
        (cloudtrail("events", "CreateEventBus", {"name": "b"}), [("AWS::Events::EventBus", "b", False)]),
        (cloudtrail("events", "DeleteEventBus", {"name": "b"}), [("AWS::Events::EventBus", "b", True)]),
        (
            cloudtrail("events", "PutPermission", {"eventBusName": "b", "policy": "{}"}),
            [("AWS::Events::EventBus", "b", False)],
        ),
        (cloudtrail("events", "RemovePermission", {"eventBusName": "b"}), [("AWS::Events::EventBus", "b", False)]),
    ],
)
def test_write_calls_map_to_their_resources(record, expected):
    assert _changes(record) == expected
