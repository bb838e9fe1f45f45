"""CloudTrail records and EventBridge events in their real shapes, for the event tests."""

from __future__ import annotations

from typing import Any

ACCOUNT = "123456789012"


def cloudtrail(
    source: str,
    name: str,
    request: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    *,
    event_id: str = "11111111-2222-3333-4444-555555555555",
    region: str = "us-east-1",
    principal: str = f"arn:aws:iam::{ACCOUNT}:user/alice",
    time: str = "2026-12-03T09:00:00Z",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": principal, "accountId": ACCOUNT},
        "eventTime": time,
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": "198.51.100.7",
        "requestParameters": request,
        "responseElements": response,
        "eventID": event_id,
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        **extra,
    }


def eventbridge(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "eb-" + record["eventID"],
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws." + record["eventSource"].split(".")[0],
        "account": ACCOUNT,
        "time": record["eventTime"],
        "region": record["awsRegion"],
        "resources": [],
        "detail": record,
    }


def config_change(
    resource_type: str, resource_id: str, status: str = "OK", region: str = "us-east-1"
) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "cfg-event-1",
        "detail-type": "Config Configuration Item Change",
        "source": "aws.config",
        "account": ACCOUNT,
        "time": "2026-12-03T09:05:00Z",
        "region": region,
        "resources": [],
        "detail": {
            "messageType": "ConfigurationItemChangeNotification",
            "notificationCreationTime": "2026-12-03T09:05:00.000Z",
            "configurationItem": {
                "resourceType": resource_type,
                "resourceId": resource_id,
                "awsRegion": region,
                "awsAccountId": ACCOUNT,
                "configurationItemStatus": status,
                "configurationItemCaptureTime": "2026-12-03T09:04:58.000Z",
                "configurationStateId": 1733216698000,
            },
        },
    }


def put_bucket_versioning(bucket: str, **kwargs: Any) -> dict[str, Any]:
    return cloudtrail(
        "s3",
        "PutBucketVersioning",
        {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com", "VersioningConfiguration": {"Status": "Enabled"}},
        None,
        **kwargs,
    )
