"""S3 directory buckets (S3 Express One Zone): ListDirectoryBuckets, then GetBucketLifecycleConfiguration per
bucket, in AWS Config's spelling (``AWS::S3Express::DirectoryBucket``, resource id the bucket name; ``BucketName``,
``Arn``, ``LifecycleConfiguration.Rules`` in the CloudFormation shape: ``Id``, ``Status``, ``ExpirationInDays``,
``Prefix``, ``ObjectSizeGreaterThan``, ``ObjectSizeLessThan``, ``AbortIncompleteMultipartUpload``). A bucket
without a lifecycle configuration (NoSuchLifecycleConfiguration) has no ``LifecycleConfiguration``; one whose
configuration could not be read is an error for that bucket.

The calls go through botocore's ``s3`` client (which sends directory-bucket requests to the S3 Express endpoints);
IAM authorises them as ``s3express:`` actions. ``compliance.collect.permissions`` maps a call to its action by
service and operation only, where GetBucketLifecycleConfiguration is ``s3:GetLifecycleConfiguration``, so the
collector's permissions list that action as well as the directory bucket's own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, error_code, jsonable, paginate
from compliance.model import ConfigurationItem

DIRECTORY_BUCKET = "AWS::S3Express::DirectoryBucket"
TYPES = (DIRECTORY_BUCKET,)
NO_LIFECYCLE = ("NoSuchLifecycleConfiguration",)
DIRECTORY_SUFFIX = "--x-s3"
LIFECYCLE = "GetBucketLifecycleConfiguration"
CALLS = (
    Call("ListDirectoryBuckets", "s3express:ListAllMyDirectoryBuckets", {DIRECTORY_BUCKET: ("configuration",)},
         lists=TYPES),  # fmt: skip
    Call(LIFECYCLE, "s3express:GetLifecycleConfiguration",
         {DIRECTORY_BUCKET: ("configuration.LifecycleConfiguration",)}, per="resource", not_configured=NO_LIFECYCLE),
)  # fmt: skip


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    s3 = ctx.client("s3")
    buckets = paginate(ctx, s3, "list_directory_buckets", "Buckets", TYPES) or []
    # a directory bucket's name always ends in --x-s3; moto 5.2.5 answers with general purpose buckets too
    here = [b for b in buckets if b["Name"].endswith(DIRECTORY_SUFFIX) and b.get("BucketRegion") in (None, ctx.region)]
    yield from ctx.map(lambda bucket: _bucket(ctx, s3, bucket), here)


def _bucket(ctx: CollectContext, s3: Any, bucket: dict[str, Any]) -> ConfigurationItem:
    name = bucket["Name"]
    arn = bucket.get("BucketArn") or f"arn:{ctx.partition}:s3express:{ctx.region}:{ctx.account_id}:bucket/{name}"
    configuration: dict[str, Any] = {"BucketName": name, "Arn": arn}
    if ctx.wants(LIFECYCLE):
        try:
            rules = s3.get_bucket_lifecycle_configuration(Bucket=name).get("Rules") or []
            configuration["LifecycleConfiguration"] = {"Rules": [_rule(r) for r in rules]}
        except AWS_ERRORS as exc:
            if error_code(exc) not in NO_LIFECYCLE:
                ctx.record_error("s3", LIFECYCLE, exc, TYPES, resource_id=name)
    return ctx.item(DIRECTORY_BUCKET, name, configuration, arn=arn, name=name,
                    created=jsonable(bucket.get("CreationDate")))  # fmt: skip


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    """One lifecycle rule of the API in CloudFormation's (and AWS Config's) shape."""
    shaped: dict[str, Any] = {}
    if "ID" in rule:
        shaped["Id"] = rule["ID"]
    if "Status" in rule:
        shaped["Status"] = rule["Status"]
    if (rule.get("Expiration") or {}).get("Days") is not None:
        shaped["ExpirationInDays"] = rule["Expiration"]["Days"]
    found = rule.get("Filter") or {}
    where = {**found, **(found.get("And") or {})}
    prefix = where.get("Prefix", rule.get("Prefix"))
    if prefix is not None:
        shaped["Prefix"] = prefix
    for key in ("ObjectSizeGreaterThan", "ObjectSizeLessThan"):
        if where.get(key) is not None:
            shaped[key] = str(where[key])
    abort = rule.get("AbortIncompleteMultipartUpload") or {}
    if abort.get("DaysAfterInitiation") is not None:
        shaped["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": abort["DaysAfterInitiation"]}
    return shaped


COLLECTORS = [
    Collector(
        name="s3express",
        resource_types=TYPES,
        calls=CALLS,
        # the call-to-action map's name for the lifecycle read, as well as the directory bucket's own actions
        permissions=(
            "s3express:ListAllMyDirectoryBuckets",
            "s3express:GetLifecycleConfiguration",
            "s3:GetLifecycleConfiguration",
        ),
        collect=collect,
        description="S3 directory buckets: lifecycle rules",
    )
]
