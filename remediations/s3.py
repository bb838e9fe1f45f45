"""S3 remediations: public access blocks (bucket and account), default encryption, TLS-only
bucket policy (merged into the existing policy), versioning."""

from __future__ import annotations

import copy
import json
from typing import Any

from compliance.policy import policy_document, statements
from compliance.remediate.base import ApiCall, CannotRemediate, remediation
from compliance.rule import Param

from ._util import api_region, first, truthy

BUCKET = "AWS::S3::Bucket"
ACCOUNT = "AWS::::Account"
ACCOUNT_PAB = "AWS::S3::AccountPublicAccessBlock"
BLOCK_ALL = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
TLS_SID = "DenyInsecureTransport"


def _bucket(item: Any) -> str:
    return item.configuration.get("name") or item.resourceName or item.resourceId


def _block_settings(recorded: dict[str, Any] | None) -> dict[str, bool]:
    recorded = recorded or {}
    return {key: truthy(first(recorded, key[0].lower() + key[1:], key)) for key in BLOCK_ALL}


@remediation(
    id="s3-bucket-block-public-access",
    title="Turn on every S3 Block Public Access setting of the bucket",
    rules=[
        "s3-bucket-level-public-access-prohibited",
        "s3-bucket-public-read-prohibited",
        "s3-bucket-public-write-prohibited",
    ],
    resource_types=[BUCKET],
    permissions=["s3:PutBucketPublicAccessBlock"],
)
def block_bucket_public_access(item):
    """Sets BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets."""
    current = _block_settings(item.supplementaryConfiguration.get("PublicAccessBlockConfiguration"))
    if all(current.values()):
        return []
    return [
        ApiCall(
            "s3",
            "put_public_access_block",
            api_region(item.awsRegion),
            {"Bucket": _bucket(item), "PublicAccessBlockConfiguration": dict(BLOCK_ALL)},
            "block all public access to the bucket",
        )
    ]


@remediation(
    id="s3-account-block-public-access",
    title="Turn on every S3 Block Public Access setting of the account",
    rules=["s3-account-level-public-access-blocks-periodic"],
    resource_types=[ACCOUNT],
    permissions=["s3:PutAccountPublicAccessBlock"],
    services=["s3-account"],
)
def block_account_public_access(item, region, snapshot):
    """Sets all four account-level Block Public Access settings (s3control PutPublicAccessBlock).
    Reads the account's AWS::S3::AccountPublicAccessBlock item."""
    recorded = snapshot.of_type(ACCOUNT_PAB) if snapshot is not None else []
    if recorded and all(_block_settings(recorded[0].configuration).values()):
        return []
    return [
        ApiCall(
            "s3control",
            "put_public_access_block",
            api_region(region or item.awsRegion),
            {"AccountId": item.accountId or item.resourceId, "PublicAccessBlockConfiguration": dict(BLOCK_ALL)},
            "block public access for every bucket of the account",
        )
    ]


@remediation(
    id="s3-bucket-default-encryption",
    title="Turn on S3 default encryption (SSE-S3, or SSE-KMS with a given key)",
    rules=["s3-bucket-server-side-encryption-enabled", "s3-default-encryption-kms"],
    resource_types=[BUCKET],
    permissions=["s3:PutEncryptionConfiguration"],
    parameters={
        "kmsMasterKeyId": Param(str, None, "Use SSE-KMS with this key (id, ARN or alias); SSE-S3 when unset"),
        "bucketKeyEnabled": Param(bool, True, "Use an S3 Bucket Key with SSE-KMS (fewer KMS requests)"),
    },
)
def bucket_default_encryption(item, params, rule_params, evaluation):
    """Sets the bucket's default encryption rule. SSE-S3 by default; SSE-KMS with the given key,
    or when the rule requires KMS (s3-default-encryption-kms: its first allowed key, else the
    AWS-managed aws/s3 key). A rule already meeting the requirement is kept."""
    config = item.supplementaryConfiguration.get("ServerSideEncryptionConfiguration") or {}
    allowed = [str(k) for k in rule_params.get("kmsKeyArns") or []]
    needs_kms = bool(params["kmsMasterKeyId"] or allowed) or (
        evaluation is not None and evaluation.ruleId == "s3-default-encryption-kms"
    )
    for entry in config.get("rules") or []:
        default = (entry or {}).get("applyServerSideEncryptionByDefault") or {}
        algorithm = str(default.get("sseAlgorithm") or "")
        if algorithm and not needs_kms:
            return []
        if algorithm.startswith("aws:kms") and (not allowed or default.get("kmsMasterKeyID") in allowed):
            return []
    if needs_kms:
        by_default: dict[str, Any] = {"SSEAlgorithm": "aws:kms"}
        key = params["kmsMasterKeyId"] or (allowed[0] if allowed else None)
        if key:
            by_default["KMSMasterKeyID"] = key
        rule = {"ApplyServerSideEncryptionByDefault": by_default, "BucketKeyEnabled": params["bucketKeyEnabled"]}
    else:
        rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    return [
        ApiCall(
            "s3",
            "put_bucket_encryption",
            api_region(item.awsRegion),
            {"Bucket": _bucket(item), "ServerSideEncryptionConfiguration": {"Rules": [rule]}},
            "encrypt new objects by default",
        )
    ]


def _denies_insecure_transport(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Deny":
        return False
    condition = statement.get("Condition") or {}
    value = (condition.get("Bool") or {}).get("aws:SecureTransport")
    return str(value).lower() == "false"


def tls_statement(bucket: str, partition: str = "aws") -> dict[str, Any]:
    arn = f"arn:{partition}:s3:::{bucket}"
    return {
        "Sid": TLS_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def merge_tls_statement(policy: dict[str, Any] | None, bucket: str, partition: str = "aws") -> dict[str, Any]:
    """``policy`` with a deny-non-TLS statement added; every existing statement is kept as is."""
    merged = copy.deepcopy(policy) if policy else {"Version": "2012-10-17", "Statement": []}
    existing = merged.get("Statement", [])
    existing = [existing] if isinstance(existing, dict) else list(existing)
    statement = tls_statement(bucket, partition)
    sids = {s.get("Sid") for s in existing if isinstance(s, dict)}
    suffix = 1
    while statement["Sid"] in sids:
        suffix += 1
        statement["Sid"] = f"{TLS_SID}{suffix}"
    merged["Statement"] = [*existing, statement]
    merged.setdefault("Version", "2012-10-17")
    return merged


@remediation(
    id="s3-bucket-deny-insecure-transport",
    title="Deny non-TLS requests in the bucket policy (merged into the existing policy)",
    rules=["s3-bucket-ssl-requests-only"],
    resource_types=[BUCKET],
    permissions=["s3:PutBucketPolicy"],
)
def deny_insecure_transport(item):
    """Adds a Deny statement on aws:SecureTransport=false; the policy's other statements are kept."""
    supplementary = item.supplementaryConfiguration
    recorded = supplementary.get("BucketPolicy")
    if isinstance(recorded, dict) and "policyText" in recorded:
        recorded = recorded["policyText"]
    if recorded not in (None, "", {}) and policy_document(recorded) is None:
        raise CannotRemediate("the recorded bucket policy could not be parsed; refusing to overwrite it")
    if recorded is None and "BucketPolicy" not in supplementary:
        raise CannotRemediate("the bucket policy was not collected; refusing to replace an unknown policy")
    document = policy_document(recorded)
    if any(_denies_insecure_transport(s) for s in statements(document)):
        return []
    partition = (item.arn or "arn:aws").split(":")[1] or "aws"
    merged = merge_tls_statement(document, _bucket(item), partition)
    return [
        ApiCall(
            "s3",
            "put_bucket_policy",
            api_region(item.awsRegion),
            {"Bucket": _bucket(item), "Policy": json.dumps(merged, separators=(",", ":"))},
            f"add statement {merged['Statement'][-1]['Sid']} to the bucket policy "
            f"({len(merged['Statement']) - 1} existing statement(s) kept)",
        )
    ]


@remediation(
    id="s3-bucket-enable-versioning",
    title="Turn on S3 bucket versioning",
    rules=["s3-bucket-versioning-enabled"],
    resource_types=[BUCKET],
    permissions=["s3:PutBucketVersioning"],
)
def enable_versioning(item, rule_params):
    """Sets versioning to Enabled. MFA delete cannot be turned on this way (it needs the root
    user's MFA device), so a rule that requires it is left to a person."""
    versioning = item.supplementaryConfiguration.get("BucketVersioningConfiguration") or {}
    if versioning.get("status") == "Enabled":
        if rule_params.get("isMfaDeleteEnabled") and not truthy(versioning.get("isMfaDeleteEnabled")):
            raise CannotRemediate("MFA delete can only be enabled by the root user with its MFA device")
        return []
    return [
        ApiCall(
            "s3",
            "put_bucket_versioning",
            api_region(item.awsRegion),
            {"Bucket": _bucket(item), "VersioningConfiguration": {"Status": "Enabled"}},
            "keep every version of every object",
        )
    ]
