"""S3 rules: buckets' versioning, encryption, policies, ACLs, public access blocks, logging."""

from __future__ import annotations

from typing import Any

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import (
    as_bool,
    as_list,
)

BUCKET = "AWS::S3::Bucket"
_MISSING = object()


def supplementary(ci, key: str, snapshot=None) -> Any:
    """A supplementaryConfiguration entry; _MISSING when it was not recorded.

    AWS Config leaves out an entry the bucket does not have (no policy, no replication), so an
    absent key on an otherwise recorded bucket means "not configured", not "unknown" -- unless the
    collector said it does not read that entry (``snapshot.recorded``).
    """
    if not ci.supplementaryConfiguration:
        return _MISSING
    if key in ci.supplementaryConfiguration:
        return ci.supplementaryConfiguration[key]
    if snapshot is not None and not snapshot.recorded(ci.resourceType, f"supplementaryConfiguration.{key}"):
        return _MISSING
    return None


@rule(
    id="s3-bucket-versioning-enabled",
    title="S3 buckets have versioning enabled",
    resource_types=[BUCKET],
    severity="medium",
    parameters={"isMfaDeleteEnabled": Param(bool, None, "Also require MFA delete when true")},
    rationale="Versioning keeps every version of an object, so deletes and overwrites can be undone.",
    remediation="aws s3api put-bucket-versioning --versioning-configuration Status=Enabled",
    reads=["supplementaryConfiguration.BucketVersioningConfiguration"],
)
def s3_bucket_versioning_enabled(ci, params):
    """Reads supplementaryConfiguration.BucketVersioningConfiguration (status, isMfaDeleteEnabled)."""
    versioning = ci.supplementaryConfiguration.get("BucketVersioningConfiguration") or {}
    status = versioning.get("status") or "Off"
    if status != "Enabled":
        return non_compliant(f"versioning is {status}")
    if params["isMfaDeleteEnabled"] and as_bool(versioning.get("isMfaDeleteEnabled")) is not True:
        return non_compliant("versioning is enabled but MFA delete is not")
    return compliant("versioning is enabled")


@rule(
    id="s3-bucket-server-side-encryption-enabled",
    title="S3 buckets have default server-side encryption",
    resource_types=[BUCKET],
    severity="medium",
    rationale="Default encryption makes every new object encrypted at rest without relying on clients.",
    remediation="aws s3api put-bucket-encryption with SSE-S3 (AES256) or SSE-KMS.",
    reads=["supplementaryConfiguration.ServerSideEncryptionConfiguration"],
)
def s3_bucket_server_side_encryption_enabled(ci):
    """Reads supplementaryConfiguration.ServerSideEncryptionConfiguration.rules."""
    config = ci.supplementaryConfiguration.get("ServerSideEncryptionConfiguration") or {}
    for entry in as_list(config.get("rules")):
        default = (entry or {}).get("applyServerSideEncryptionByDefault") or {}
        if default.get("sseAlgorithm"):
            return compliant(f"default encryption {default['sseAlgorithm']}")
    return non_compliant("no default server-side encryption")


@rule(
    id="s3-default-encryption-kms",
    title="S3 buckets are encrypted by default with AWS KMS",
    resource_types=[BUCKET],
    severity="medium",
    parameters={"kmsKeyArns": Param(list, [], "Allowed KMS key ARNs (any key when empty)")},
    rationale="SSE-KMS adds key-policy control and CloudTrail records of every decryption.",
    remediation="aws s3api put-bucket-encryption with SSEAlgorithm aws:kms (and a KMSMasterKeyID).",
    reads=["supplementaryConfiguration.ServerSideEncryptionConfiguration"],
)
def s3_default_encryption_kms(ci, params):
    """Reads supplementaryConfiguration.ServerSideEncryptionConfiguration.rules."""
    config = supplementary(ci, "ServerSideEncryptionConfiguration")
    if config is _MISSING:
        return insufficient_data("the bucket's configuration was not recorded")
    for entry in as_list((config or {}).get("rules")):
        default = (entry or {}).get("applyServerSideEncryptionByDefault") or {}
        if str(default.get("sseAlgorithm", "")).startswith("aws:kms"):
            key = default.get("kmsMasterKeyID")
            if params["kmsKeyArns"] and key not in params["kmsKeyArns"]:
                return non_compliant(f"encrypted with {key}, not an allowed key")
            return compliant("default encryption with KMS")
    return non_compliant("default encryption does not use KMS")


@rule(
    id="s3-bucket-replication-enabled",
    title="S3 buckets replicate their objects",
    resource_types=[BUCKET],
    severity="low",
    rationale="Replication to another bucket (and region) keeps a copy through a regional outage or deletion.",
    remediation="Enable versioning on both buckets and add a replication configuration (put-bucket-replication).",
    reads=["supplementaryConfiguration.BucketReplicationConfiguration"],
)
def s3_bucket_replication_enabled(ci, snapshot):
    """Reads supplementaryConfiguration.BucketReplicationConfiguration.rules[].status."""
    config = supplementary(ci, "BucketReplicationConfiguration", snapshot)
    if config is _MISSING:
        return insufficient_data("the bucket's configuration was not recorded")
    enabled = [r for r in as_list((config or {}).get("rules")) if str(r.get("status", "")).lower() == "enabled"]
    if enabled:
        return compliant(f"{len(enabled)} replication rule(s) enabled")
    return non_compliant("no enabled replication rule")


@rule(
    id="s3-bucket-logging-enabled",
    title="S3 buckets have server access logging enabled",
    resource_types=[BUCKET],
    severity="medium",
    parameters={"targetBucket": Param(str, None, "Require logs to go to this bucket")},
    rationale="Access logs record who read or changed what, for investigations and audits.",
    remediation="aws s3api put-bucket-logging --bucket-logging-status with a TargetBucket and TargetPrefix.",
    reads=["supplementaryConfiguration.BucketLoggingConfiguration"],
)
def s3_bucket_logging_enabled(ci, params):
    """Reads supplementaryConfiguration.BucketLoggingConfiguration.destinationBucketName."""
    config = supplementary(ci, "BucketLoggingConfiguration")
    if config is _MISSING:
        return insufficient_data("the bucket's configuration was not recorded")
    target = (config or {}).get("destinationBucketName")
    if not target:
        return non_compliant("server access logging is off")
    if params["targetBucket"] and target != params["targetBucket"]:
        return non_compliant(f"logs go to {target}, not {params['targetBucket']}")
    return compliant(f"logs go to {target}")


@rule(
    id="s3-lifecycle-policy-check",
    title="S3 buckets have a lifecycle rule",
    resource_types=[BUCKET],
    severity="low",
    rationale="Lifecycle rules expire or tier old data (and old versions), bounding cost and exposure.",
    remediation="aws s3api put-bucket-lifecycle-configuration with at least one enabled rule.",
    reads=["supplementaryConfiguration.BucketLifecycleConfiguration"],
)
def s3_lifecycle_policy_check(ci, snapshot):
    """Reads supplementaryConfiguration.BucketLifecycleConfiguration.rules[].status."""
    config = supplementary(ci, "BucketLifecycleConfiguration", snapshot)
    if config is _MISSING:
        return insufficient_data("the bucket's configuration was not recorded")
    if any(str(r.get("status", "")).lower() == "enabled" for r in as_list((config or {}).get("rules"))):
        return compliant("an enabled lifecycle rule exists")
    return non_compliant("no enabled lifecycle rule")


@rule(
    id="s3-bucket-default-lock-enabled",
    title="S3 buckets have Object Lock enabled",
    resource_types=[BUCKET],
    severity="medium",
    rationale="Object Lock keeps objects from being deleted or overwritten for a retention period (WORM).",
    remediation="Object Lock is set when a bucket is created: create a new bucket with it and copy the data.",
    reads=["supplementaryConfiguration.ObjectLockConfiguration"],
)
def s3_bucket_default_lock_enabled(ci, snapshot):
    """Reads supplementaryConfiguration.ObjectLockConfiguration.objectLockEnabled."""
    config = supplementary(ci, "ObjectLockConfiguration", snapshot)
    if config is _MISSING:
        return insufficient_data("the bucket's configuration was not recorded")
    if str((config or {}).get("objectLockEnabled", "")).lower() == "enabled":
        return compliant("Object Lock is enabled")
    return non_compliant("Object Lock is not enabled")
