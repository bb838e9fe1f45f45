"""Demo Kinesis data streams: one encrypted with KMS and kept a week, one unencrypted at the default
24 hours (Kinesis.1, Kinesis.3)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    kinesis = session.client("kinesis", region_name=regions[0])
    kinesis.create_stream(StreamName="order-clicks", ShardCount=1)
    kinesis.start_stream_encryption(StreamName="order-clicks", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    kinesis.increase_stream_retention_period(StreamName="order-clicks", RetentionPeriodHours=168)
    kinesis.create_stream(StreamName="raw-telemetry", ShardCount=1)
