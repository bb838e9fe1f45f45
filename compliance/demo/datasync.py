"""Demo DataSync: a task logging to CloudWatch Logs and one without logging (DataSync.1)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    datasync = session.client("datasync", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/service-role/demo-datasync"
    source = datasync.create_location_s3(
        S3BucketArn="arn:aws:s3:::demo-datasync-source", S3Config={"BucketAccessRoleArn": role}
    )["LocationArn"]
    target = datasync.create_location_s3(
        S3BucketArn="arn:aws:s3:::demo-datasync-archive", S3Config={"BucketAccessRoleArn": role}
    )["LocationArn"]
    common = {"SourceLocationArn": source, "DestinationLocationArn": target}
    group = f"arn:aws:logs:{regions[0]}:{account}:log-group:/aws/datasync"
    datasync.create_task(Name="nightly-archive", CloudWatchLogGroupArn=group, **common)
    datasync.create_task(Name="adhoc-copy", **common)
