"""S3 collector on moto: Config's supplementary names, empty settings as data, per-bucket
failures recorded against that bucket, and the request budget per bucket."""

from __future__ import annotations

import json

import boto3
from botocore.exceptions import ClientError
from collecting import by_type, context, one
from moto import mock_aws

from compliance.collect.services.s3 import ACCOUNT_PAB, BUCKET, COLLECTORS
from compliance.collect.session import AwsSession
from compliance.model import ConfigurationItem

BUCKETS, ACCOUNT = COLLECTORS

PUBLIC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::open-b/*"}],
}


def _seed() -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="locked-b")
    s3.put_bucket_versioning(Bucket="locked-b", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket="locked-b",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "key-1"},
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_public_access_block(
        Bucket="locked-b",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": False,
        },
    )
    s3.put_bucket_tagging(Bucket="locked-b", Tagging={"TagSet": [{"Key": "owner", "Value": "sec"}]})
    s3.create_bucket(Bucket="open-b")
    s3.put_bucket_acl(Bucket="open-b", ACL="public-read")
    s3.put_bucket_policy(Bucket="open-b", Policy=json.dumps(PUBLIC))
    s3.create_bucket(Bucket="eu-b", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


@mock_aws
def test_buckets_in_their_region_with_config_names():
    _seed()
    ctx = context("us-east-1")
    items = list(BUCKETS.collect(ctx))
    assert ctx.errors == []
    assert sorted(i.resourceId for i in items) == ["locked-b", "open-b"]  # eu-b belongs to eu-west-1
    locked = one(items, BUCKET, "locked-b")
    sup = locked.supplementaryConfiguration
    assert sup["BucketVersioningConfiguration"] == {"status": "Enabled", "isMfaDeleteEnabled": None}
    rule = sup["ServerSideEncryptionConfiguration"]["rules"][0]
    assert rule["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "aws:kms", "kmsMasterKeyID": "key-1"}
    assert rule["bucketKeyEnabled"] is True
    assert sup["PublicAccessBlockConfiguration"]["restrictPublicBuckets"] is False
    assert sup["BucketPolicy"] == {"policyText": None}
    assert sup["BucketPolicyStatus"] == {"isPublic": False}
    assert locked.tags == {"owner": "sec"}
    assert locked.arn == "arn:aws:s3:::locked-b"

    open_bucket = one(items, BUCKET, "open-b")
    sup = open_bucket.supplementaryConfiguration
    assert sup["ServerSideEncryptionConfiguration"] is None
    assert sup["PublicAccessBlockConfiguration"] is None
    assert sup["BucketVersioningConfiguration"]["status"] == "Off"
    assert json.loads(sup["BucketPolicy"]["policyText"])["Statement"][0]["Principal"] == "*"
    assert sup["BucketPolicyStatus"] == {"isPublic": True}
    uris = [g["grantee"].get("uri") for g in sup["AccessControlList"]["grantList"]]
    assert "http://acs.amazonaws.com/groups/global/AllUsers" in uris
    assert sup["BucketLoggingConfiguration"] == {"destinationBucketName": None, "logFilePrefix": None}

    eu = context("eu-west-1")
    assert [i.resourceId for i in BUCKETS.collect(eu)] == ["eu-b"]


def _requests_per_bucket(plan: frozenset[str] | None) -> tuple[float, list[ConfigurationItem]]:
    s3 = boto3.client("s3")
    for n in range(12):
        s3.create_bucket(Bucket=f"bulk-{n}")
        s3.put_bucket_policy(Bucket=f"bulk-{n}", Policy=json.dumps(PUBLIC).replace("open-b", f"bulk-{n}"))
    session = AwsSession()
    ctx = context()
    ctx.client_factory = session.client
    ctx.plan = plan
    items = list(BUCKETS.collect(ctx))
    assert len(items) == 12 and ctx.errors == []
    per_bucket = sum(n for (service, _), n in session.recorder.calls.items() if service == "s3") - 1  # ListBuckets
    return per_bucket / 12, items


@mock_aws
def test_everything_is_one_request_per_setting_per_bucket():
    per_bucket, items = _requests_per_bucket(None)
    assert per_bucket == 11  # 10 settings + the policy status of a bucket with a policy
    sup = items[0].supplementaryConfiguration
    assert sup["BucketLifecycleConfiguration"] is None  # read: none configured
    assert sup["BucketReplicationConfiguration"] is None
    assert sup["ObjectLockConfiguration"] is None


@mock_aws
def test_only_the_planned_settings_are_read():
    per_bucket, items = _requests_per_bucket(frozenset({"ListBuckets", "GetBucketVersioning", "GetBucketPolicy"}))
    assert per_bucket == 2
    assert set(items[0].supplementaryConfiguration) == {"BucketVersioningConfiguration", "BucketPolicy"}
    assert items[0].tags == {}


@mock_aws
def test_denied_read_is_recorded_against_the_bucket():
    _seed()
    client = boto3.client("s3")

    def deny(params, **_):
        if params.get("Bucket") == "open-b":
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "GetBucketVersioning")

    client.meta.events.register("before-parameter-build.s3.GetBucketVersioning", deny)
    ctx = context(clients={"s3": client})
    items = list(BUCKETS.collect(ctx))
    assert [(e.api, e.errorCode, e.resourceId, e.region) for e in ctx.errors] == [
        ("GetBucketVersioning", "AccessDenied", "open-b", "us-east-1")
    ]
    assert "BucketVersioningConfiguration" not in one(items, BUCKET, "open-b").supplementaryConfiguration
    assert "BucketVersioningConfiguration" in one(items, BUCKET, "locked-b").supplementaryConfiguration


@mock_aws
def test_account_public_access_block():
    ctx = context()
    items = list(ACCOUNT.collect(ctx))
    assert ctx.account_settings["global"]["s3AccountPublicAccessBlock"] is None
    assert by_type(items, ACCOUNT_PAB)[0].configuration == {}
    boto3.client("s3control").put_public_access_block(
        AccountId="123456789012",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    ctx = context()
    items = list(ACCOUNT.collect(ctx))
    assert ctx.account_settings["global"]["s3AccountPublicAccessBlock"]["blockPublicPolicy"] is True
    assert by_type(items, ACCOUNT_PAB)[0].configuration["restrictPublicBuckets"] is True
