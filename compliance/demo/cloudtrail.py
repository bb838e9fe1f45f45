"""Demo CloudTrail: a logging multi-region trail with validation, KMS, CloudWatch Logs and S3
data events in the first region (compliant); a single-region trail without validation or
encryption that is not logging in the second (non-compliant)."""

from __future__ import annotations

from typing import Any

TRAIL_BUCKET = "demo-trail-logs-123456789012"
LOG_GROUP = "compliance-demo-cloudtrail"  # created with its metric filters by the cloudwatch seed


def seed(session: Any, regions: list[str]) -> None:
    first, second = regions[0], regions[-1]
    session.client("s3", region_name="us-east-1").create_bucket(Bucket=TRAIL_BUCKET)
    key = session.client("kms", region_name=first).create_key(Description="demo: CloudTrail logs")["KeyMetadata"]
    cloudtrail = session.client("cloudtrail", region_name=first)
    account = "123456789012"
    cloudtrail.create_trail(
        Name="demo-organization-trail",
        S3BucketName=TRAIL_BUCKET,
        IsMultiRegionTrail=True,
        IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=True,
        KmsKeyId=key["Arn"],
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:{first}:{account}:log-group:{LOG_GROUP}:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:role/demo-cloudtrail-logs",
    )
    cloudtrail.put_event_selectors(
        TrailName="demo-organization-trail",
        AdvancedEventSelectors=[
            {"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
            {
                "Name": "s3-data-events",
                "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Data"]},
                    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                ],
            },
        ],
    )
    cloudtrail.start_logging(Name="demo-organization-trail")
    if second != first:
        session.client("cloudtrail", region_name=second).create_trail(
            Name="demo-eu-debug-trail", S3BucketName=TRAIL_BUCKET
        )
