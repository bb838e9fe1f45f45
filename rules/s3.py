"""S3 rules: buckets' versioning and default encryption."""

from __future__ import annotations

from compliance.rule import Param, compliant, non_compliant, rule

from ._util import as_bool, as_list

BUCKET = "AWS::S3::Bucket"


@rule(
    id="s3-bucket-versioning-enabled",
    title="S3 buckets have versioning enabled",
    resource_types=[BUCKET],
    severity="medium",
    parameters={"isMfaDeleteEnabled": Param(bool, None, "Also require MFA delete when true")},
    rationale="Versioning keeps every version of an object, so deletes and overwrites can be undone.",
    remediation="aws s3api put-bucket-versioning --versioning-configuration Status=Enabled",
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
)
def s3_bucket_server_side_encryption_enabled(ci):
    """Reads supplementaryConfiguration.ServerSideEncryptionConfiguration.rules."""
    config = ci.supplementaryConfiguration.get("ServerSideEncryptionConfiguration") or {}
    for entry in as_list(config.get("rules")):
        default = (entry or {}).get("applyServerSideEncryptionByDefault") or {}
        if default.get("sseAlgorithm"):
            return compliant(f"default encryption {default['sseAlgorithm']}")
    return non_compliant("no default server-side encryption")
