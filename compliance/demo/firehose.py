"""Demo Data Firehose delivery streams: one encrypted at rest with an AWS owned key, one unencrypted
(DataFirehose.1), both delivering to one S3 bucket (named only:
the simulator does not check the destination)."""

from __future__ import annotations

from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID


def seed(session: Any, regions: list[str]) -> None:
    firehose = session.client("firehose", region_name=regions[0])
    destination = {
        "RoleARN": f"arn:aws:iam::{DEMO_ACCOUNT_ID}:role/firehose-delivery",
        "BucketARN": "arn:aws:s3:::demo-firehose-landing",
    }
    firehose.create_delivery_stream(
        DeliveryStreamName="clickstream-to-s3",
        ExtendedS3DestinationConfiguration=destination,
        DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"},
    )
    firehose.create_delivery_stream(
        DeliveryStreamName="debug-logs-to-s3", ExtendedS3DestinationConfiguration=destination
    )
