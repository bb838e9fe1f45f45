"""S3 rules FSBP added: ACLs disabled on buckets, block public access on access points and Multi-Region
Access Points, lifecycle rules on directory buckets."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant

from ._checks import declare, is_in, setting
from ._util import as_bool, as_list

BLOCKS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")
OWNERSHIP = "supplementaryConfiguration.BucketOwnershipControls"

s3_bucket_acl_prohibited = setting(
    id="s3-bucket-acl-prohibited",
    title="S3 buckets do not use ACLs to manage access",
    resource_types=["AWS::S3::Bucket"],
    path=OWNERSHIP + ".rules.objectOwnership",
    passes=is_in("BucketOwnerEnforced"),
    failing="object ownership is {value}: ACLs still grant access",
    passing="ACLs are disabled (bucket owner enforced)",
    severity="medium",
    rationale="With ACLs disabled, only policies decide access, which keeps access reviewable in one place.",
    remediation="aws s3api put-bucket-ownership-controls --bucket B --ownership-controls "
    "Rules=[{ObjectOwnership=BucketOwnerEnforced}]",
)


def _blocks(id, title, resource_type, severity, remediation):
    @declare(
        id=id,
        title=title,
        resource_types=[resource_type],
        reads=["configuration.PublicAccessBlockConfiguration"],
        severity=severity,
        rationale="With every block on, no policy or ACL can make the access point's data public.",
        remediation=remediation,
    )
    def check(ci):
        blocks = ci.configuration.get("PublicAccessBlockConfiguration")
        if blocks is None:
            return insufficient_data("the public access block was not recorded")
        off = [b for b in BLOCKS if as_bool(blocks.get(b)) is not True]
        if off:
            return non_compliant("off: " + ", ".join(off))
        return compliant("every public access block is on")

    return check


s3_access_point_public_access_blocks = _blocks(
    "s3-access-point-public-access-blocks", "S3 access points block public access", "AWS::S3::AccessPoint",
    "critical", "Public access blocks are set at creation: create the access point again with all four blocks on.",
)
s3_mrap_public_access_blocked = _blocks(
    "s3-mrap-public-access-blocked", "S3 Multi-Region Access Points block public access",
    "AWS::S3::MultiRegionAccessPoint", "high",
    "Public access blocks are set at creation: create the Multi-Region Access Point again with all blocks on.",
)


@declare(
    id="s3express-dir-bucket-lifecycle-rules-check",
    title="S3 directory buckets have lifecycle rules",
    resource_types=["AWS::S3Express::DirectoryBucket"],
    reads=["configuration.LifecycleConfiguration", "configuration.BucketName"],
    severity="low",
    parameters={"targetExpirationDays": Param(int, None, "Longest expiration allowed, in days, when set")},
    rationale="Lifecycle rules expire objects that are no longer needed instead of keeping them forever.",
    remediation="aws s3api put-bucket-lifecycle-configuration --bucket B--x-s3 --lifecycle-configuration file://l.json",
)
def s3express_dir_bucket_lifecycle_rules_check(ci, params):
    """Reads configuration.LifecycleConfiguration.Rules (absent: no lifecycle configuration)."""
    if not ci.configuration:
        return insufficient_data("the directory bucket was not recorded")
    rules = [r for r in as_list((ci.configuration.get("LifecycleConfiguration") or {}).get("Rules"))
             if str(r.get("Status", "Enabled")).lower() == "enabled"]  # fmt: skip
    if not rules:
        return non_compliant("no enabled lifecycle rule")
    limit = params["targetExpirationDays"]
    if limit and not any(r.get("ExpirationInDays") and int(r["ExpirationInDays"]) <= limit for r in rules):
        return non_compliant(f"no rule expires objects within {limit} days")
    return compliant(f"{len(rules)} lifecycle rule(s)")
