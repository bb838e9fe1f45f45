"""Event-table entries of WorkSpaces, Private CA, Backup, CodeBuild report groups, Cognito identity pools,
Connect, S3 access points and S3 directory buckets."""

from __future__ import annotations

import pytest

from tests.events.records import cloudtrail
from tests.events.test_events import changes

WORKSPACE = "AWS::WorkSpaces::Workspace"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            cloudtrail("workspaces", "CreateWorkspaces", {}, {"pendingRequests": [{"workspaceId": "ws-1"}]}),
            [(WORKSPACE, "ws-1", False)],
        ),
        (
            cloudtrail("workspaces", "TerminateWorkspaces", {"terminateWorkspaceRequests": [{"workspaceId": "ws-2"}]}),
            [(WORKSPACE, "ws-2", True)],
        ),
        (
            cloudtrail("workspaces", "ModifyWorkspaceProperties", {"workspaceId": "ws-3"}),
            [(WORKSPACE, "ws-3", False)],
        ),
    ],
)
def test_write_calls_map_to_their_resources(record, expected):
    assert changes(record)[1] == expected
