"""S3 rules on configuration items in AWS Config's shape: every state each rule can produce."""

from __future__ import annotations

import json

import pytest

from compliance.testing import (
    COMPLIANT,
    INSUFFICIENT_DATA,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    expect_compliance,
    make_account,
    make_ci,
)
from compliance.testing import (
    RuleCase as Case,
)

C, NC, NA, INS = COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA
ALL_BLOCKED = {
    "blockPublicAcls": True,
    "ignorePublicAcls": True,
    "blockPublicPolicy": True,
    "restrictPublicBuckets": True,
}
NONE_BLOCKED = dict.fromkeys(ALL_BLOCKED, False)


def bucket(name: str = "b", **supplementary):
    supplementary.setdefault("BucketVersioningConfiguration", {"status": "Off"})
    return make_ci("AWS::S3::Bucket", name, {"name": name}, supplementary)


def bare_bucket(name: str = "b"):
    """A bucket whose details were not recorded (only the listing)."""
    return make_ci("AWS::S3::Bucket", name, {"name": name})


def with_policy(*statements, name: str = "b", as_text: bool = True, **supplementary):
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return bucket(name, BucketPolicy={"policyText": json.dumps(document) if as_text else document}, **supplementary)


def account_pab(**flags):
    return make_ci("AWS::S3::AccountPublicAccessBlock", "123456789012", {**NONE_BLOCKED, **flags}, region="us-east-1")


DENY_HTTP = {
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}
PUBLIC_READ = {
    "Sid": "pub",
    "Effect": "Allow",
    "Principal": {"AWS": "*"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::b/*",
}
ACL_PUBLIC_READ = json.dumps({"grantList": [{"grantee": "AllUsers", "permission": "Read"}], "owner": {"id": "o"}})
ACL_PUBLIC_WRITE = json.dumps(
    {"grantList": [{"grantee": {"uri": "http://acs.amazonaws.com/groups/global/AllUsers"}, "permission": "Write"}]}
)
ACL_PRIVATE = json.dumps({"grantList": [{"grantee": {"id": "owner"}, "permission": "FullControl"}]})
OTHER_ACCOUNT = {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
    "Action": ["s3:PutBucketPolicy", "s3:GetObject"],
    "Resource": "arn:aws:s3:::b",
}
OWN_ACCOUNT = {**OTHER_ACCOUNT, "Principal": {"AWS": "arn:aws:iam::123456789012:role/admin"}}

CASES = [
    Case("s3-bucket-versioning-enabled", C, [bucket(BucketVersioningConfiguration={"status": "Enabled"})]),
    Case("s3-bucket-versioning-enabled", NC, [bucket(BucketVersioningConfiguration={"status": "Suspended"})]),
    Case(
        "s3-bucket-versioning-enabled",
        NC,
        [bucket(BucketVersioningConfiguration={"status": "Enabled"})],
        "mfa",
        params={"isMfaDeleteEnabled": True},
    ),
    Case(
        "s3-bucket-server-side-encryption-enabled",
        C,
        [
            bucket(
                ServerSideEncryptionConfiguration={
                    "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]
                }
            )
        ],
    ),
    Case("s3-bucket-server-side-encryption-enabled", NC, [bucket()]),
    Case(
        "s3-default-encryption-kms",
        C,
        [
            bucket(
                ServerSideEncryptionConfiguration={
                    "rules": [
                        {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms", "kmsMasterKeyID": "k1"}}
                    ]
                }
            )
        ],
    ),
    Case(
        "s3-default-encryption-kms",
        NC,
        [
            bucket(
                ServerSideEncryptionConfiguration={
                    "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]
                }
            )
        ],
    ),
    Case(
        "s3-default-encryption-kms",
        NC,
        [
            bucket(
                ServerSideEncryptionConfiguration={
                    "rules": [
                        {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms", "kmsMasterKeyID": "k1"}}
                    ]
                }
            )
        ],
        "other key",
        params={"kmsKeyArns": ["k2"]},
    ),
    Case("s3-default-encryption-kms", INS, [bare_bucket()]),
    Case("s3-bucket-ssl-requests-only", C, [with_policy(DENY_HTTP)]),
    Case(
        "s3-bucket-ssl-requests-only",
        C,
        [
            with_policy(
                {**DENY_HTTP, "Action": "*", "Principal": {"AWS": "*"}, "Resource": "arn:aws:s3:::b*"}, as_text=False
            )
        ],
        "wildcards",
    ),
    Case("s3-bucket-ssl-requests-only", NC, [bucket()], "no policy"),
    Case(
        "s3-bucket-ssl-requests-only", NC, [with_policy({**DENY_HTTP, "Resource": "arn:aws:s3:::b/*"})], "objects only"
    ),
    Case("s3-bucket-ssl-requests-only", NC, [with_policy({**DENY_HTTP, "Action": "s3:GetObject"})], "one action"),
    Case(
        "s3-bucket-ssl-requests-only",
        NC,
        [with_policy({**DENY_HTTP, "Effect": "Allow", "Condition": {"Bool": {"aws:SecureTransport": "true"}}})],
        "allow-only is not a deny",
    ),
    Case(
        "s3-bucket-ssl-requests-only",
        NC,
        [with_policy({**DENY_HTTP, "Principal": {"AWS": "arn:aws:iam::1:root"}})],
        "one principal",
    ),
    Case("s3-bucket-ssl-requests-only", INS, [bare_bucket()]),
    Case("s3-bucket-level-public-access-prohibited", C, [bucket(PublicAccessBlockConfiguration=ALL_BLOCKED)]),
    Case(
        "s3-bucket-level-public-access-prohibited",
        NC,
        [bucket(PublicAccessBlockConfiguration={**ALL_BLOCKED, "ignorePublicAcls": False})],
    ),
    Case("s3-bucket-level-public-access-prohibited", NC, [bucket()], "none"),
    Case("s3-bucket-level-public-access-prohibited", NA, [bucket()], params={"excludedPublicBuckets": ["b"]}),
    Case("s3-bucket-level-public-access-prohibited", INS, [bare_bucket()]),
    Case(
        "s3-bucket-mfa-delete-enabled",
        C,
        [bucket(BucketVersioningConfiguration={"status": "Enabled", "isMfaDeleteEnabled": True})],
    ),
    Case("s3-bucket-mfa-delete-enabled", NC, [bucket(BucketVersioningConfiguration={"status": "Enabled"})]),
    Case("s3-bucket-mfa-delete-enabled", INS, [bare_bucket()]),
    Case("s3-account-level-public-access-blocks-periodic", C, [make_account(), account_pab(**ALL_BLOCKED)]),
    Case(
        "s3-account-level-public-access-blocks-periodic",
        NC,
        [make_account(), account_pab(**{**ALL_BLOCKED, "restrictPublicBuckets": False})],
    ),
    Case(
        "s3-account-level-public-access-blocks-periodic",
        C,
        [make_account(), account_pab(**{**ALL_BLOCKED, "restrictPublicBuckets": False})],
        "parameter off",
        params={"RestrictPublicBuckets": False},
    ),
    Case("s3-account-level-public-access-blocks-periodic", NC, [make_account()], "never configured"),
    Case(
        "s3-account-level-public-access-blocks-periodic",
        INS,
        [make_account()],
        "not collected",
        collected=["AWS::::Account"],
    ),
    Case(
        "s3-bucket-public-read-prohibited",
        NC,
        [with_policy(PUBLIC_READ, PublicAccessBlockConfiguration=None, AccessControlList=ACL_PRIVATE), account_pab()],
    ),
    Case(
        "s3-bucket-public-read-prohibited",
        C,
        [
            with_policy(
                PUBLIC_READ,
                PublicAccessBlockConfiguration={"restrictPublicBuckets": True},
                AccessControlList=ACL_PRIVATE,
            )
        ],
        "neutralized by the bucket's block",
    ),
    Case(
        "s3-bucket-public-read-prohibited",
        C,
        [with_policy(PUBLIC_READ, AccessControlList=ACL_PRIVATE), account_pab(restrictPublicBuckets=True)],
        "neutralized by the account's block",
    ),
    Case(
        "s3-bucket-public-read-prohibited",
        C,
        [
            with_policy(
                {**PUBLIC_READ, "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}},
                AccessControlList=ACL_PRIVATE,
            ),
            account_pab(),
        ],
        "limited by a condition",
    ),
    Case("s3-bucket-public-read-prohibited", NC, [bucket(AccessControlList=ACL_PUBLIC_READ), account_pab()], "ACL"),
    Case(
        "s3-bucket-public-read-prohibited",
        INS,
        [bucket(AccessControlList=ACL_PUBLIC_READ)],
        "account block unknown",
        collected=["AWS::S3::Bucket"],
    ),
    Case("s3-bucket-public-read-prohibited", INS, [bare_bucket()]),
    Case("s3-bucket-public-write-prohibited", NC, [bucket(AccessControlList=ACL_PUBLIC_WRITE), account_pab()]),
    Case(
        "s3-bucket-public-write-prohibited",
        C,
        [with_policy(PUBLIC_READ, AccessControlList=ACL_PUBLIC_READ), account_pab()],
        "read grants are not write",
    ),
    Case("s3-bucket-public-write-prohibited", INS, [bare_bucket()]),
    Case(
        "s3-bucket-replication-enabled",
        C,
        [bucket(BucketReplicationConfiguration={"rules": [{"status": "Enabled", "destinationBucketARN": "x"}]})],
    ),
    Case("s3-bucket-replication-enabled", NC, [bucket()]),
    Case("s3-bucket-replication-enabled", INS, [bare_bucket()]),
    Case("s3-bucket-logging-enabled", C, [bucket(BucketLoggingConfiguration={"destinationBucketName": "logs"})]),
    Case("s3-bucket-logging-enabled", NC, [bucket(BucketLoggingConfiguration={"destinationBucketName": None})]),
    Case(
        "s3-bucket-logging-enabled",
        NC,
        [bucket(BucketLoggingConfiguration={"destinationBucketName": "logs"})],
        "other target",
        params={"targetBucket": "central-logs"},
    ),
    Case("s3-bucket-logging-enabled", INS, [bare_bucket()]),
    Case("s3-lifecycle-policy-check", C, [bucket(BucketLifecycleConfiguration={"rules": [{"status": "Enabled"}]})]),
    Case("s3-lifecycle-policy-check", NC, [bucket(BucketLifecycleConfiguration={"rules": [{"status": "Disabled"}]})]),
    Case("s3-lifecycle-policy-check", INS, [bare_bucket()]),
    Case("s3-bucket-default-lock-enabled", C, [bucket(ObjectLockConfiguration={"objectLockEnabled": "Enabled"})]),
    Case("s3-bucket-default-lock-enabled", NC, [bucket()]),
    Case("s3-bucket-default-lock-enabled", INS, [bare_bucket()]),
    Case("s3-bucket-blacklisted-actions-prohibited", NC, [with_policy(OTHER_ACCOUNT)]),
    Case("s3-bucket-blacklisted-actions-prohibited", C, [with_policy(OWN_ACCOUNT)]),
    Case("s3-bucket-blacklisted-actions-prohibited", NA, [bucket()]),
    Case("s3-bucket-blacklisted-actions-prohibited", INS, [bare_bucket()]),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_state(case: Case) -> None:
    case.check()


def test_public_read_names_the_policy_and_the_acl():
    items = [with_policy(PUBLIC_READ, AccessControlList=ACL_PUBLIC_READ), account_pab()]
    evaluation = expect_compliance("s3-bucket-public-read-prohibited", items, NC, resource="b")
    assert "bucket policy" in evaluation.annotation and "ACL" in evaluation.annotation
