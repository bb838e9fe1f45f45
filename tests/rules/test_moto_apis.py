"""API Gateway, AppSync, EventBridge and Athena rules on resources created in a simulated account (moto) and read
by the real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

WORKGROUP = "AWS::Athena::WorkGroup"


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
