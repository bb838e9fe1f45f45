"""S3: buckets with their security settings, and the account-level public access block.

Buckets are read per region: ``ListBuckets`` filtered by ``BucketRegion`` names the region's
buckets, so no GetBucketLocation call is needed. Per bucket, each setting is one read, made only
when the plan asks for it (:data:`BUCKET_CALLS`): encryption, versioning + MFA delete, public
access block, policy, ACL, logging, lifecycle, replication, Object Lock, ownership controls;
GetBucketPolicyStatus only when the bucket has a policy (without one it cannot be public by
policy). Tags come from the Resource Groups Tagging API, one paginated call per region for every
bucket. Reads run concurrently. :func:`read_bucket` reads one bucket: ListBuckets with the bucket's name as
prefix (its region and creation date, as the full listing records them) plus its own calls.

A "not configured" answer (NoSuchBucketPolicy, NoSuchLifecycleConfiguration, ...) is data: the
key is written with its empty value. Any other failure is recorded against that bucket, which
then evaluates as INSUFFICIENT_DATA.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, config_case, error_code, paginate, tag_dict
from compliance.collect.plan import Call
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

BUCKET = "AWS::S3::Bucket"
ACCOUNT_PAB = "AWS::S3::AccountPublicAccessBlock"


def _setting(api: str, action: str, key: str, *not_configured: str) -> Call:
    fills = {BUCKET: (f"supplementaryConfiguration.{key}",)}
    return Call(api, action, fills, per="resource", not_configured=not_configured)


LIST = Call("ListBuckets", "s3:ListAllMyBuckets", {BUCKET: ("configuration",)}, lists=(BUCKET,))
TAGS = Call("GetResources", "tag:GetResources", {BUCKET: ("tags",)})
# One bucket's read locates it with the listing's own call (ListBuckets, its name as prefix: region and
# creation date); GetBucketLocation only where the listing does not name the region (moto 5.2 leaves it out).
REGION_FALLBACK = Call("GetBucketLocation", "s3:GetBucketLocation", {}, per="resource")
# supplementaryConfiguration key -> its call; the order is the order of the reads
SETTINGS = {
    "ServerSideEncryptionConfiguration": _setting(
        "GetBucketEncryption",
        "s3:GetEncryptionConfiguration",
        "ServerSideEncryptionConfiguration",
        "ServerSideEncryptionConfigurationNotFoundError",
    ),
    "BucketVersioningConfiguration": _setting(
        "GetBucketVersioning", "s3:GetBucketVersioning", "BucketVersioningConfiguration"
    ),
    "PublicAccessBlockConfiguration": _setting(
        "GetPublicAccessBlock",
        "s3:GetBucketPublicAccessBlock",
        "PublicAccessBlockConfiguration",
        "NoSuchPublicAccessBlockConfiguration",
    ),
    "BucketPolicy": _setting("GetBucketPolicy", "s3:GetBucketPolicy", "BucketPolicy", "NoSuchBucketPolicy"),
    "AccessControlList": _setting("GetBucketAcl", "s3:GetBucketAcl", "AccessControlList"),
    "BucketLoggingConfiguration": _setting("GetBucketLogging", "s3:GetBucketLogging", "BucketLoggingConfiguration"),
    "BucketLifecycleConfiguration": _setting(
        "GetBucketLifecycleConfiguration",
        "s3:GetLifecycleConfiguration",
        "BucketLifecycleConfiguration",
        "NoSuchLifecycleConfiguration",
    ),
    "BucketReplicationConfiguration": _setting(
        "GetBucketReplication",
        "s3:GetReplicationConfiguration",
        "BucketReplicationConfiguration",
        "ReplicationConfigurationNotFoundError",
    ),
    "BucketOwnershipControls": _setting(
        "GetBucketOwnershipControls",
        "s3:GetBucketOwnershipControls",
        "BucketOwnershipControls",
        "OwnershipControlsNotFoundError",
    ),
    "ObjectLockConfiguration": _setting(
        "GetObjectLockConfiguration",
        "s3:GetBucketObjectLockConfiguration",
        "ObjectLockConfiguration",
        "ObjectLockConfigurationNotFoundError",
    ),
}
POLICY_STATUS = _setting("GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", "BucketPolicyStatus")
BUCKET_CALLS = (LIST, TAGS, *SETTINGS.values(), POLICY_STATUS)
NOT_CONFIGURED = {c.api: c.not_configured for c in BUCKET_CALLS}


class _Failed(Exception):
    """A per-bucket read failed and was recorded; the bucket item is still written."""


def collect_buckets(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    s3 = ctx.client("s3")
    buckets = paginate(ctx, s3, "list_buckets", "Buckets", (BUCKET,), BucketRegion=ctx.region)
    if buckets is None:
        return
    buckets = [b for b in buckets if b.get("BucketRegion") in (None, ctx.region)]
    tags = _tags(ctx) if buckets and ctx.wants(TAGS.api) else {}
    yield from ctx.map(lambda b: _bucket(ctx, s3, b, tags), buckets)


def _tags(ctx: CollectContext, region: str | None = None, **filters: Any) -> dict[str, dict[str, str]] | None:
    tagging = ctx.client("resourcegroupstaggingapi", region)
    found = paginate(
        ctx,
        tagging,
        "get_resources",
        "ResourceTagMappingList",
        (BUCKET,),
        service="tag",
        **(filters or {"ResourceTypeFilters": ["s3"]}),
    )
    if found is None:
        return None
    return {m["ResourceARN"].rsplit(":", 1)[-1]: tag_dict(m.get("Tags")) for m in found}


def read_bucket(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """One bucket, by name or ARN: ListBuckets with its name as prefix, then the bucket's planned calls.

    None when the account has no such bucket; a failure is recorded."""
    name = id_or_arn.split(":::", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    s3 = ctx.client("s3")
    try:
        listed = s3.list_buckets(Prefix=name).get("Buckets") or []
    except AWS_ERRORS as exc:
        ctx.record_error("s3", "ListBuckets", exc, (BUCKET,), resource_id=name)
        return None
    bucket = next((b for b in listed if b.get("Name") == name), None)
    if bucket is None:
        return None
    region = bucket.get("BucketRegion")
    if not region:
        try:
            region = s3.get_bucket_location(Bucket=name).get("LocationConstraint") or "us-east-1"
        except AWS_ERRORS as exc:
            ctx.record_error("s3", REGION_FALLBACK.api, exc, (BUCKET,), resource_id=name)
            return None
        region = "eu-west-1" if region == "EU" else region
    ctx.region = region
    arn = f"arn:{ctx.partition}:s3:::{name}"
    tags = _tags(ctx, region, ResourceARNList=[arn]) if ctx.wants(TAGS.api) else {}
    return _bucket(ctx, ctx.client("s3", region), bucket, tags)


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
        "ServerSideEncryptionConfiguration": (s3.get_bucket_encryption, _encryption),
        "BucketVersioningConfiguration": (s3.get_bucket_versioning, _versioning),
        "PublicAccessBlockConfiguration": (s3.get_public_access_block, _public_access),
        "BucketPolicy": (s3.get_bucket_policy, _policy),
        "AccessControlList": (s3.get_bucket_acl, _acl),
        "BucketLoggingConfiguration": (s3.get_bucket_logging, _logging),
        "BucketLifecycleConfiguration": (s3.get_bucket_lifecycle_configuration, _lifecycle),
        "BucketReplicationConfiguration": (s3.get_bucket_replication, _replication),
        "ObjectLockConfiguration": (s3.get_object_lock_configuration, _object_lock),
        "BucketOwnershipControls": (s3.get_bucket_ownership_controls, _ownership),
    }
    status_wanted = ctx.wants(POLICY_STATUS.api)
    for key, (fn, shape) in readers.items():
        api = SETTINGS[key].api
        if not ctx.wants(api) and not (key == "BucketPolicy" and status_wanted):
            continue
        try:
            supplementary[key] = shape(_read(ctx, name, api, fn))
        except _Failed:
            continue
    policy = supplementary.get("BucketPolicy")
    if not status_wanted:
        pass
    elif policy is not None and policy["policyText"] is None:
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
    configuration = {"name": name, "creationDate": created} if created else {"name": name}
    return ctx.item(
        BUCKET,
        name,
        configuration,
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


def _lifecycle(response: dict[str, Any] | None) -> dict[str, Any] | None:
    if response is None:
        return None
    return {"rules": config_case(response.get("Rules") or [])}


def _replication(response: dict[str, Any] | None) -> dict[str, Any] | None:
    if response is None:
        return None
    config = response.get("ReplicationConfiguration") or {}
    return {"roleARN": config.get("Role"), "rules": config_case(config.get("Rules") or [])}


def _ownership(response: dict[str, Any] | None) -> dict[str, Any]:
    if response is None:  # no ownership controls: object writers own their objects, ACLs apply
        return {"rules": [{"objectOwnership": "ObjectWriter"}]}
    return config_case(response.get("OwnershipControls") or {})


def _object_lock(response: dict[str, Any] | None) -> dict[str, Any] | None:
    if response is None:
        return None
    return config_case(response.get("ObjectLockConfiguration") or {})


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


COLLECTORS = [
    Collector(
        name="s3",
        resource_types=(BUCKET,),
        calls=(*BUCKET_CALLS, REGION_FALLBACK),
        collect=collect_buckets,
        read_one=read_bucket,
        description="S3 buckets of each region with the settings the rules read (encryption, versioning, public "
        "access block, policy, ACL, logging, lifecycle, replication, Object Lock)",
    ),
    Collector(
        name="s3-account",
        resource_types=(ACCOUNT_PAB, ACCOUNT_RESOURCE_TYPE),
        calls=(
            Call(
                "GetPublicAccessBlock",
                "s3:GetAccountPublicAccessBlock",
                {ACCOUNT_PAB: ("configuration",), ACCOUNT_RESOURCE_TYPE: ("configuration.s3AccountPublicAccessBlock",)},
                lists=(ACCOUNT_PAB,),
                not_configured=("NoSuchPublicAccessBlockConfiguration",),
            ),
        ),
        collect=collect_account,
        is_global=True,
        description="The account-level S3 public access block",
    ),
]
