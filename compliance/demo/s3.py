"""Demo S3: a locked-down bucket, a public website bucket, half-configured application and
backup buckets, in two regions; no account-level public access block (non-compliant); access points and
Multi-Region Access Points with and without public access blocks (:mod:`compliance.demo._s3_access_points`)."""

from __future__ import annotations

import json
from typing import Any

from compliance.demo._s3_access_points import seed_access_points
from compliance.demo._simulated import amend

ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _create(s3: Any, name: str, region: str) -> None:
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})


def _bucket_regions(parsed: dict[str, Any]) -> None:
    """AWS's ListBuckets names each bucket's region (BucketRegion); the simulator leaves it out."""
    from moto.backends import get_backend

    from compliance.demo import DEMO_ACCOUNT_ID

    buckets = get_backend("s3")[DEMO_ACCOUNT_ID]["global"].buckets
    for entry in parsed.get("Buckets") or []:
        bucket = buckets.get(entry.get("Name"))
        if bucket is not None:
            entry.setdefault("BucketRegion", bucket.region_name)


def seed(session: Any, regions: list[str]) -> None:
    amend(session, "s3", "ListBuckets", _bucket_regions)
    first, second = regions[0], regions[-1]
    s3 = session.client("s3", region_name=first)

    _create(s3, "demo-secure-records", first)
    s3.put_bucket_versioning(Bucket="demo-secure-records", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket="demo-secure-records",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]
        },
    )
    s3.put_public_access_block(Bucket="demo-secure-records", PublicAccessBlockConfiguration=ALL_BLOCKED)
    s3.put_bucket_tagging(Bucket="demo-secure-records", Tagging={"TagSet": [{"Key": "owner", "Value": "records"}]})

    _create(s3, "demo-public-website", first)
    s3.put_bucket_acl(Bucket="demo-public-website", ACL="public-read")
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::demo-public-website/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket="demo-public-website", Policy=json.dumps(public_read))

    _create(s3, "demo-access-logs-123456789012", first)
    s3.put_bucket_acl(Bucket="demo-access-logs-123456789012", ACL="log-delivery-write")

    _create(s3, "demo-app-uploads", first)
    s3.put_bucket_encryption(
        Bucket="demo-app-uploads",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_bucket_logging(
        Bucket="demo-app-uploads",
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "demo-access-logs-123456789012", "TargetPrefix": "uploads/"}
        },
    )

    regional = session.client("s3", region_name=second)
    _create(regional, "demo-analytics-eu", second)
    regional.put_bucket_versioning(Bucket="demo-analytics-eu", VersioningConfiguration={"Status": "Enabled"})
    regional.put_bucket_encryption(
        Bucket="demo-analytics-eu",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    regional.put_public_access_block(Bucket="demo-analytics-eu", PublicAccessBlockConfiguration=ALL_BLOCKED)
    _create(regional, "demo-backups-eu", second)
    regional.put_bucket_versioning(Bucket="demo-backups-eu", VersioningConfiguration={"Status": "Suspended"})
    seed_access_points(session, regions, "demo-app-uploads", "demo-analytics-eu")
