"""S3: buckets with their security settings, and the account-level public access block.

Buckets are read per region: ``ListBuckets`` filtered by ``BucketRegion`` names the region's
buckets, so no GetBucketLocation call is needed. Per bucket, six reads give AWS Config's
supplementary configuration (encryption, versioning + MFA delete, public access block, policy,
ACL, logging), plus GetBucketPolicyStatus only when the bucket has a policy (without one it
cannot be public by policy). Tags come from the Resource Groups Tagging API, one paginated call
per region for every bucket. So at most 7 requests per bucket, reads run concurrently.

A "not configured" answer (NoSuchBucketPolicy, ServerSideEncryptionConfigurationNotFoundError,
NoSuchPublicAccessBlockConfiguration) is data: the key is written with its empty value. Any
other failure is recorded against that bucket, which then evaluates as INSUFFICIENT_DATA.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, config_case, error_code, paginate, tag_dict
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

BUCKET = "AWS::S3::Bucket"
ACCOUNT_PAB = "AWS::S3::AccountPublicAccessBlock"
NOT_CONFIGURED = {
    "GetBucketEncryption": ("ServerSideEncryptionConfigurationNotFoundError",),
    "GetPublicAccessBlock": ("NoSuchPublicAccessBlockConfiguration",),
    "GetBucketPolicy": ("NoSuchBucketPolicy",),
}


class _Failed(Exception):
    """A per-bucket read failed and was recorded; the bucket item is still written."""


def collect_buckets(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    s3 = ctx.client("s3")
    buckets = paginate(ctx, s3, "list_buckets", "Buckets", (BUCKET,), BucketRegion=ctx.region)
    if buckets is None:
        return
    buckets = [b for b in buckets if b.get("BucketRegion") in (None, ctx.region)]
    tags = _tags(ctx) if buckets else {}
    yield from ctx.map(lambda b: _bucket(ctx, s3, b, tags), buckets)


def _tags(ctx: CollectContext) -> dict[str, dict[str, str]] | None:
    tagging = ctx.client("resourcegroupstaggingapi")
    found = paginate(
        ctx,
        tagging,
        "get_resources",
        "ResourceTagMappingList",
        (BUCKET,),
        service="tag",
        ResourceTypeFilters=["s3"],
    )
    if found is None:
        return None
    return {m["ResourceARN"].rsplit(":", 1)[-1]: tag_dict(m.get("Tags")) for m in found}


def _read(ctx: CollectContext, name: str, api: str, fn: Any) -> dict[str, Any] | None:
    """The response, or None when the setting is not configured; raises _Failed (recorded)."""
    try:
        return fn(Bucket=name)
    except AWS_ERRORS as exc:
        if error_code(exc) in NOT_CONFIGURED.get(api, ()):
            return None
        ctx.record_error("s3", api, exc, (BUCKET,), resource_id=name)
        raise _Failed from None


def _bucket(
    ctx: CollectContext, s3: Any, bucket: dict[str, Any], tags: dict[str, dict[str, str]] | None
) -> ConfigurationItem:
    name = bucket["Name"]
    supplementary: dict[str, Any] = {}
    readers = {
        "ServerSideEncryptionConfiguration": ("GetBucketEncryption", s3.get_bucket_encryption, _encryption),
        "BucketVersioningConfiguration": ("GetBucketVersioning", s3.get_bucket_versioning, _versioning),
        "PublicAccessBlockConfiguration": ("GetPublicAccessBlock", s3.get_public_access_block, _public_access),
        "BucketPolicy": ("GetBucketPolicy", s3.get_bucket_policy, _policy),
        "AccessControlList": ("GetBucketAcl", s3.get_bucket_acl, _acl),
        "BucketLoggingConfiguration": ("GetBucketLogging", s3.get_bucket_logging, _logging),
    }
    for key, (api, fn, shape) in readers.items():
        try:
            supplementary[key] = shape(_read(ctx, name, api, fn))
        except _Failed:
            continue
    policy = supplementary.get("BucketPolicy")
    if policy is not None and policy["policyText"] is None:
        supplementary["BucketPolicyStatus"] = {"isPublic": False}  # no policy: not public by policy
    elif policy is not None:
        try:
            status = _read(ctx, name, "GetBucketPolicyStatus", s3.get_bucket_policy_status)
            supplementary["BucketPolicyStatus"] = {
                "isPublic": bool(((status or {}).get("PolicyStatus") or {}).get("IsPublic"))
            }
        except _Failed:
            pass
    created = config_case(bucket.get("CreationDate"))
    return ctx.item(
        BUCKET,
        name,
        {"name": name, "creationDate": created},
        arn=f"arn:{ctx.partition}:s3:::{name}",
        name=name,
        tags=(tags or {}).get(name, {}),
        supplementary=supplementary,
        created=created,
    )


def _encryption(response: dict[str, Any] | None) -> dict[str, Any] | None:
    if response is None:
        return None
    rules = (response.get("ServerSideEncryptionConfiguration") or {}).get("Rules") or []
    return {
        "rules": [
            {
                "applyServerSideEncryptionByDefault": {
                    "sseAlgorithm": (r.get("ApplyServerSideEncryptionByDefault") or {}).get("SSEAlgorithm"),
                    "kmsMasterKeyID": (r.get("ApplyServerSideEncryptionByDefault") or {}).get("KMSMasterKeyID"),
                },
                "bucketKeyEnabled": r.get("BucketKeyEnabled"),
            }
            for r in rules
        ]
    }


def _versioning(response: dict[str, Any] | None) -> dict[str, Any]:
    response = response or {}
    mfa = response.get("MFADelete")
    return {"status": response.get("Status") or "Off", "isMfaDeleteEnabled": None if mfa is None else mfa == "Enabled"}


def _public_access(response: dict[str, Any] | None) -> dict[str, Any] | None:
    if response is None:
        return None
    return config_case(response.get("PublicAccessBlockConfiguration") or {})


def _policy(response: dict[str, Any] | None) -> dict[str, Any]:
    return {"policyText": (response or {}).get("Policy")}


def _grantee(grantee: dict[str, Any]) -> dict[str, Any]:
    keys = {"ID": "id", "DisplayName": "displayName", "Type": "type", "URI": "uri", "EmailAddress": "emailAddress"}
    return {ours: grantee[theirs] for theirs, ours in keys.items() if theirs in grantee}


def _acl(response: dict[str, Any] | None) -> dict[str, Any]:
    response = response or {}
    return {
        "owner": _grantee(response.get("Owner") or {}),
        "grantList": [
            {"grantee": _grantee(g.get("Grantee") or {}), "permission": g.get("Permission")}
            for g in response.get("Grants") or []
        ],
    }


def _logging(response: dict[str, Any] | None) -> dict[str, Any]:
    enabled = (response or {}).get("LoggingEnabled") or {}
    return {"destinationBucketName": enabled.get("TargetBucket"), "logFilePrefix": enabled.get("TargetPrefix")}


def collect_account(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    """The account-level public access block (S3 Control): an account setting and Config's item."""
    s3control = ctx.client("s3control")
    try:
        response = s3control.get_public_access_block(AccountId=ctx.account_id)
        value = config_case(response.get("PublicAccessBlockConfiguration") or {})
    except AWS_ERRORS as exc:
        if error_code(exc) != "NoSuchPublicAccessBlockConfiguration":
            ctx.record_error(
                "s3control",
                "GetPublicAccessBlock",
                exc,
                (ACCOUNT_RESOURCE_TYPE, ACCOUNT_PAB),
                resource_id=ctx.account_id,
                region=GLOBAL_REGION,
            )
            return
        value = None
    ctx.account_setting("s3AccountPublicAccessBlock", value)
    yield ctx.item(ACCOUNT_PAB, ctx.account_id, value or {}, name=ctx.account_id, region=GLOBAL_REGION)


BUCKET_PERMISSIONS = (
    "s3:ListAllMyBuckets",
    "s3:GetEncryptionConfiguration",
    "s3:GetBucketVersioning",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetBucketPolicy",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketAcl",
    "s3:GetBucketLogging",
    "tag:GetResources",
)

COLLECTORS = [
    Collector(
        name="s3",
        resource_types=(BUCKET,),
        permissions=BUCKET_PERMISSIONS,
        collect=collect_buckets,
        description="S3 buckets of each region with encryption, versioning, public access block, policy, ACL, logging",
        # Three more calls per bucket would break the request budget (<= 7 per bucket).
        not_recorded={
            BUCKET: (
                "supplementaryConfiguration.BucketLifecycleConfiguration",
                "supplementaryConfiguration.BucketReplicationConfiguration",
                "supplementaryConfiguration.ObjectLockConfiguration",
            )
        },
    ),
    Collector(
        name="s3-account",
        resource_types=(ACCOUNT_PAB, ACCOUNT_RESOURCE_TYPE),
        permissions=("s3:GetAccountPublicAccessBlock",),
        collect=collect_account,
        is_global=True,
        description="The account-level S3 public access block",
    ),
]
