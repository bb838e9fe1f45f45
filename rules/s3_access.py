"""S3 access rules: bucket policies (TLS only, cross-account actions), ACLs and Block Public Access."""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import (
    action_matches,
    actions,
    as_bool,
    as_list,
    is_public_statement,
    policy_document,
    principals,
    statements,
)
from .s3 import _MISSING, BUCKET, supplementary

ACCOUNT_PAB = "AWS::S3::AccountPublicAccessBlock"
PAB_FLAGS = ("blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets")


def bucket_policy(ci) -> Any:
    """The bucket policy as a dict, None when the bucket has none, _MISSING when not recorded."""
    entry = supplementary(ci, "BucketPolicy")
    if entry is _MISSING:
        return _MISSING
    text = (entry or {}).get("policyText") if isinstance(entry, dict) else entry
    if text in (None, ""):
        return None
    document = policy_document(text)
    return _MISSING if document is None else document


def _resource_covers(patterns: list[str], target: str) -> bool:
    return any(p == "*" or fnmatchcase(target, p) for p in patterns)


def _denies_insecure_transport(statement: dict, bucket: str) -> bool:
    if statement.get("Effect") != "Deny" or "*" not in principals(statement):
        return False
    if not any(a in ("*", "s3:*") for a in actions(statement)):
        return False
    resources = [str(r) for r in as_list(statement.get("Resource"))]
    if not _resource_covers(resources, f"arn:aws:s3:::{bucket}/*") or not _resource_covers(
        resources, f"arn:aws:s3:::{bucket}"
    ):
        return False
    for operator, keys in (statement.get("Condition") or {}).items():
        if operator in ("Bool", "BoolIfExists") and isinstance(keys, dict):
            for key, value in keys.items():
                if key.lower() == "aws:securetransport" and [str(v).lower() for v in as_list(value)] == ["false"]:
                    return True
    return False


@rule(
    id="s3-bucket-ssl-requests-only",
    title="S3 bucket policies deny requests that do not use SSL/TLS",
    resource_types=[BUCKET],
    severity="medium",
    rationale="Without an explicit deny on aws:SecureTransport=false, clients may read and write over plain HTTP.",
    remediation=(
        "Add a statement: Effect Deny, Principal *, Action s3:*, Resource the bucket and bucket/*, "
        'Condition {"Bool": {"aws:SecureTransport": "false"}}.'
    ),
    reads=["configuration.name", "supplementaryConfiguration.BucketPolicy"],
)
def s3_bucket_ssl_requests_only(ci):
    """Looks in supplementaryConfiguration.BucketPolicy.policyText for a Deny of every S3 action to
    every principal on the bucket and its objects when aws:SecureTransport is false."""
    document = bucket_policy(ci)
    if document is _MISSING:
        return insufficient_data("the bucket policy was not recorded")
    if document is None:
        return non_compliant("the bucket has no policy denying plain-HTTP requests")
    bucket = ci.configuration.get("name") or ci.resourceName or ci.resourceId
    if any(_denies_insecure_transport(s, bucket) for s in statements(document)):
        return compliant("the policy denies requests without SSL")
    return non_compliant("no statement denies s3:* for aws:SecureTransport=false on the bucket and its objects")


def _pab(ci) -> Any:
    return supplementary(ci, "PublicAccessBlockConfiguration")


@rule(
    id="s3-bucket-level-public-access-prohibited",
    title="S3 buckets have every bucket-level Block Public Access setting on",
    resource_types=[BUCKET],
    severity="high",
    parameters={"excludedPublicBuckets": Param(list, [], "Buckets meant to be public")},
    rationale="Block Public Access overrides any policy or ACL that would expose the bucket by mistake.",
    remediation="aws s3api put-public-access-block --public-access-block-configuration with all four settings true.",
    reads=["configuration.name", "supplementaryConfiguration.PublicAccessBlockConfiguration"],
)
def s3_bucket_level_public_access_prohibited(ci, params):
    """Reads supplementaryConfiguration.PublicAccessBlockConfiguration."""
    name = ci.configuration.get("name") or ci.resourceName or ci.resourceId
    if name in params["excludedPublicBuckets"]:
        return not_applicable("excluded as a public bucket")
    pab = _pab(ci)
    if pab is _MISSING:
        return insufficient_data("the bucket's configuration was not recorded")
    off = [flag for flag in PAB_FLAGS if not as_bool((pab or {}).get(flag))]
    if off:
        return non_compliant("off: " + ", ".join(off))
    return compliant("all four Block Public Access settings are on")


@rule(
    id="s3-bucket-mfa-delete-enabled",
    title="S3 buckets have MFA delete enabled",
    resource_types=[BUCKET],
    severity="low",
    rationale="MFA delete stops a stolen credential from deleting object versions or suspending versioning.",
    remediation="As the root user: aws s3api put-bucket-versioning --versioning-configuration "
    "Status=Enabled,MFADelete=Enabled --mfa 'SERIAL CODE'",
    reads=["supplementaryConfiguration.BucketVersioningConfiguration"],
)
def s3_bucket_mfa_delete_enabled(ci):
    """Reads supplementaryConfiguration.BucketVersioningConfiguration.isMfaDeleteEnabled."""
    versioning = supplementary(ci, "BucketVersioningConfiguration")
    if versioning is _MISSING:
        return insufficient_data("the bucket's versioning was not recorded")
    if as_bool((versioning or {}).get("isMfaDeleteEnabled")):
        return compliant("MFA delete is enabled")
    return non_compliant("MFA delete is not enabled")


@rule(
    id="s3-account-level-public-access-blocks-periodic",
    title="The account's S3 Block Public Access settings are on",
    resource_types=[ACCOUNT_PAB],
    scope="account",
    severity="medium",
    trigger="periodic",
    parameters={
        "BlockPublicAcls": Param(bool, True, "Require BlockPublicAcls"),
        "IgnorePublicAcls": Param(bool, True, "Require IgnorePublicAcls"),
        "BlockPublicPolicy": Param(bool, True, "Require BlockPublicPolicy"),
        "RestrictPublicBuckets": Param(bool, True, "Require RestrictPublicBuckets"),
    },
    rationale="The account-level block protects every bucket, including ones created later.",
    remediation="aws s3control put-public-access-block --account-id ID --public-access-block-configuration "
    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    reads=[
        "configuration.blockPublicAcls",
        "configuration.blockPublicPolicy",
        "configuration.ignorePublicAcls",
        "configuration.restrictPublicBuckets",
    ],
)
def s3_account_level_public_access_blocks_periodic(snapshot, params):
    """Reads the AWS::S3::AccountPublicAccessBlock item; none means nothing is blocked."""
    items = snapshot.of_type(ACCOUNT_PAB)
    config = items[0].configuration if items else {}
    off = [
        flag[0].lower() + flag[1:]
        for flag in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        if params[flag] and not as_bool(config.get(flag[0].lower() + flag[1:]))
    ]
    if off:
        return non_compliant("account-level setting off: " + ", ".join(off))
    return compliant("the required account-level settings are on")


def _account_pab(snapshot) -> dict:
    items = snapshot.of_type(ACCOUNT_PAB)
    return items[0].configuration if items else {}


def _acl_public_grants(ci) -> Any:
    acl = supplementary(ci, "AccessControlList")
    if acl is _MISSING:
        return _MISSING
    if isinstance(acl, str):
        try:
            acl = json.loads(acl)
        except json.JSONDecodeError:
            return _MISSING
    grants = []
    for grant in as_list((acl or {}).get("grantList")):
        grantee = grant.get("grantee")
        text = json.dumps(grantee) if isinstance(grantee, dict) else str(grantee)
        if "AllUsers" in text or "AuthenticatedUsers" in text:
            # Config spells permissions "FullControl", GetBucketAcl (and our collector) "FULL_CONTROL"
            grants.append(str(grant.get("permission", "")).replace("_", "").lower())
    return grants


_READ = ("s3:GetObject", "s3:ListBucket", "s3:GetObjectVersion")
_WRITE = ("s3:PutObject", "s3:DeleteObject", "s3:PutObjectAcl", "s3:DeleteObjectVersion", "s3:PutBucketPolicy")


def _public_access_rule(kind: str):
    wanted_actions = _READ if kind == "read" else _WRITE
    acl_permissions = ("read", "fullcontrol") if kind == "read" else ("write", "writeacp", "fullcontrol")

    def check(ci, snapshot):
        pab = _pab(ci)
        document = bucket_policy(ci)
        grants = _acl_public_grants(ci)
        if pab is _MISSING or document is _MISSING:
            return insufficient_data("the bucket's policy or public access block was not recorded")
        account = _account_pab(snapshot) if snapshot.has_data(ACCOUNT_PAB) else None

        def blocked(flag: str) -> bool | None:
            """True when the bucket or account setting neutralizes it; None when that is unknown."""
            if as_bool((pab or {}).get(flag)):
                return True
            return None if account is None else bool(as_bool(account.get(flag)))

        reasons, unknown = [], []
        public_policy = any(
            is_public_statement(s) and any(action_matches(a, w) for a in actions(s) for w in wanted_actions)
            for s in statements(document)
        )
        if public_policy:
            verdict = blocked("restrictPublicBuckets")
            if verdict is None:
                unknown.append("the policy is public and the account-level public access block was not collected")
            elif not verdict:
                reasons.append(f"the bucket policy allows public {kind} access")
        if grants is _MISSING:
            if not as_bool((pab or {}).get("ignorePublicAcls")):
                unknown.append("the bucket ACL was not recorded")
        elif any(g in acl_permissions for g in grants):
            verdict = blocked("ignorePublicAcls")
            if verdict is None:
                unknown.append("the ACL is public and the account-level public access block was not collected")
            elif not verdict:
                reasons.append(f"the ACL grants {kind} to everyone")
        if reasons:
            return non_compliant("; ".join(reasons))
        if unknown:
            return insufficient_data("; ".join(unknown))
        return compliant(f"no public {kind} access")

    check.__doc__ = (
        "Looks at the bucket policy (public Allow statements), the ACL (AllUsers / AuthenticatedUsers"
        " grants) and the bucket and account Block Public Access settings that neutralize them."
    )
    return check


s3_bucket_public_read_prohibited = rule(
    id="s3-bucket-public-read-prohibited",
    title="S3 buckets do not allow public read access",
    resource_types=[BUCKET],
    severity="critical",
    trigger="periodic",
    rationale="A publicly readable bucket leaks whatever lands in it, often long after it was meant to.",
    remediation="Turn on Block Public Access, or remove public grants from the bucket policy and ACL.",
    reads={
        "AWS::S3::Bucket": [
            "supplementaryConfiguration.AccessControlList",
            "supplementaryConfiguration.BucketPolicy",
            "supplementaryConfiguration.PublicAccessBlockConfiguration",
        ],
        "AWS::S3::AccountPublicAccessBlock": ["configuration.ignorePublicAcls", "configuration.restrictPublicBuckets"],
    },
)(_public_access_rule("read"))

s3_bucket_public_write_prohibited = rule(
    id="s3-bucket-public-write-prohibited",
    title="S3 buckets do not allow public write access",
    resource_types=[BUCKET],
    severity="critical",
    trigger="periodic",
    rationale="Anyone who can write to a bucket can plant malware, overwrite data or run up the bill.",
    remediation="Turn on Block Public Access, or remove public grants from the bucket policy and ACL.",
    reads={
        "AWS::S3::Bucket": [
            "supplementaryConfiguration.AccessControlList",
            "supplementaryConfiguration.BucketPolicy",
            "supplementaryConfiguration.PublicAccessBlockConfiguration",
        ],
        "AWS::S3::AccountPublicAccessBlock": ["configuration.ignorePublicAcls"],
    },
)(_public_access_rule("write"))


_BLACKLISTED = [
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutObjectAcl",
]


@rule(
    id="s3-bucket-blacklisted-actions-prohibited",
    title="S3 bucket policies do not grant other accounts the listed administrative actions",
    resource_types=[BUCKET],
    severity="high",
    parameters={"blacklistedActionPattern": Param(list, _BLACKLISTED, "Actions other accounts must not get")},
    rationale="Another account that can change the bucket's policy or ACLs effectively owns the bucket.",
    remediation="Remove the listed actions from statements whose principal is outside the account.",
    reads=["supplementaryConfiguration.BucketPolicy"],
)
def s3_bucket_blacklisted_actions_prohibited(ci, params):
    """Allow statements in the bucket policy whose principals are not this account's."""
    document = bucket_policy(ci)
    if document is _MISSING:
        return insufficient_data("the bucket policy was not recorded")
    if document is None:
        return not_applicable("the bucket has no policy")
    for statement in statements(document):
        if statement.get("Effect") != "Allow":
            continue
        foreign = [p for p in principals(statement) if ci.accountId not in p and not p.endswith(".amazonaws.com")]
        granted = [
            w for w in params["blacklistedActionPattern"] if any(action_matches(a, w) for a in actions(statement))
        ]
        if foreign and granted:
            return non_compliant(f"{', '.join(granted)} allowed to {', '.join(foreign)}")
    return compliant("no listed action is granted outside the account")
