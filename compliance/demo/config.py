"""Demo AWS Config: recording in the first region, nothing in the others (Config.1 fails there)."""

from __future__ import annotations

from typing import Any

BUCKET = "compliance-demo-config-history"


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    account = session.client("sts", region_name=region).get_caller_identity()["Account"]
    s3 = session.client("s3", region_name=region)
    s3.create_bucket(Bucket=BUCKET)
    config = session.client("config", region_name=region)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": BUCKET})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
