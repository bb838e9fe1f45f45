"""Shared by tests/history/: stores on both backends and small snapshots to record."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from compliance.model import ComplianceType, ConfigurationItem, Evaluation, Snapshot

ACCOUNT = "111122223333"
BUCKET = "history-test-bucket"


@contextmanager
def mocked_bucket() -> Iterator[str]:
    """moto's S3 with one bucket; share it across a module's tests (each store uses its own prefix)."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield BUCKET


@contextmanager
def open_backend(kind: str, tmp_path: Any) -> Iterator[Any]:
    """A fresh store: ``sqlite`` (a file under tmp_path) or ``s3`` (``s3://bucket/<unique prefix>``;
    moto must be active, see :func:`mocked_bucket`)."""
    from compliance.history import open_store

    url = str(tmp_path / "history.db") if kind == "sqlite" else f"s3://{BUCKET}/{uuid.uuid4().hex[:8]}/history"
    with open_store(url) as store:
        yield store


def item(resource_id: str, resource_type: str = "AWS::EC2::SecurityGroup", region: str = "us-east-1", **config: Any):
    return ConfigurationItem(
        resourceType=resource_type,
        resourceId=resource_id,
        accountId=ACCOUNT,
        awsRegion=region,
        arn=f"arn:aws:ec2:{region}:{ACCOUNT}:security-group/{resource_id}",
        configuration=dict(config),
        tags={"team": "web"},
    )


def snapshot(items: list[ConfigurationItem], when: str, regions: list[str] | None = None, **extra: Any) -> Snapshot:
    return Snapshot(
        configurationItems=copy.deepcopy(items),
        accountIds=[ACCOUNT],
        regions=regions if regions is not None else sorted({i.awsRegion for i in items}),
        captureTime=when,
        resourceTypesCollected=sorted({i.resourceType for i in items}),
        **extra,
    )


def evaluation(ci: ConfigurationItem, state: str, rule: str = "restricted-ssh", annotation: str = "") -> Evaluation:
    return Evaluation(
        configRuleName=rule,
        ruleId=rule,
        resourceType=ci.resourceType,
        resourceId=ci.resourceId,
        complianceType=ComplianceType(state),
        annotation=annotation or state.lower(),
        accountId=ci.accountId,
        awsRegion=ci.awsRegion,
        arn=ci.arn,
        configurationItemMD5Hash=ci.compute_hash(),
    )


def three_groups() -> list[ConfigurationItem]:
    return [
        item("sg-1", ports=[22], cidr="10.0.0.0/8"),
        item("sg-2", ports=[443], cidr="0.0.0.0/0"),
        item("sg-3", region="eu-west-1", ports=[80], cidr="0.0.0.0/0"),
    ]
