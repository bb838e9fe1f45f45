"""Permissions as data: the least-privilege read-only policy for a set of collectors, and the
mapping from an API operation to the IAM action that authorises it (used by the test that
checks every call a collector makes is declared)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from compliance.collect.base import Collector
from compliance.collect.session import SESSION_PERMISSIONS

# Where the IAM action prefix differs from the botocore service name.
SERVICE_PREFIX = {
    "s3control": "s3",
    "resourcegroupstaggingapi": "tag",
    "elbv2": "elasticloadbalancing",
    "elb": "elasticloadbalancing",
    "opensearch": "es",
    "efs": "elasticfilesystem",
    "accessanalyzer": "access-analyzer",
    "stepfunctions": "states",
    "emr": "elasticmapreduce",
}
# Where the IAM action name differs from the operation name.
OPERATION_ACTION = {
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "GetBucketLifecycleConfiguration"): "s3:GetLifecycleConfiguration",
    ("s3", "GetBucketReplication"): "s3:GetReplicationConfiguration",
    ("s3", "ListObjectsV2"): "s3:ListBucket",
    ("s3", "ListDirectoryBuckets"): "s3express:ListAllMyDirectoryBuckets",
    ("s3", "HeadBucket"): "s3:ListBucket",
    ("s3", "GetObjectLockConfiguration"): "s3:GetBucketObjectLockConfiguration",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
    # API Gateway authorises by HTTP method on the resource path: every read is apigateway:GET
    ("apigateway", "GetRestApis"): "apigateway:GET",
    ("apigateway", "GetStages"): "apigateway:GET",
    ("apigatewayv2", "GetApis"): "apigateway:GET",
    ("apigatewayv2", "GetStages"): "apigateway:GET",
    ("apigatewayv2", "GetRoutes"): "apigateway:GET",
}
# Calls that need no permission.
UNAUTHORISED = {("sts", "GetCallerIdentity")}


def iam_action(service: str, operation: str) -> str | None:
    """The IAM action for ``operation`` of botocore service ``service`` (None: none needed)."""
    if (service, operation) in UNAUTHORISED:
        return None
    if (service, operation) in OPERATION_ACTION:
        return OPERATION_ACTION[(service, operation)]
    return f"{SERVICE_PREFIX.get(service, service)}:{operation}"


def actions(collectors: Iterable[Collector | str]) -> list[str]:
    """The session's actions plus the collectors' (or the given action names)."""
    found = {a for c in collectors for a in ((c,) if isinstance(c, str) else c.permissions)}
    return sorted({*SESSION_PERMISSIONS, *found})


def scan_policy(collectors: Iterable[Collector | str]) -> dict[str, Any]:
    """An identity policy allowing exactly what the collectors (or the planned calls' actions,
    given as names) and the session call."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ComplianceCollectReadOnly", "Effect": "Allow", "Action": actions(collectors), "Resource": "*"}
        ],
    }
