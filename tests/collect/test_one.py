"""Reading one resource with only its own calls (compliance.collect.one)."""

from __future__ import annotations

import pytest

from compliance.collect.one import candidates, parse_arn, read_resources
from compliance.collect.services.s3 import SETTINGS
from compliance.collect.session import AwsSession
from compliance.errors import InputError
from compliance.plugins import load_plugins
from compliance.testing import simulate_account


@pytest.fixture(scope="module")
def account():
    with simulate_account() as simulated:
        s3 = simulated.session.client("s3")
        s3.create_bucket(Bucket="one-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        eu = simulated.session.client("s3", region_name="eu-west-1")
        eu.put_bucket_tagging(Bucket="one-bucket", Tagging={"TagSet": [{"Key": "team", "Value": "a"}]})
        eu.put_bucket_versioning(Bucket="one-bucket", VersioningConfiguration={"Status": "Enabled"})
        s3.create_bucket(Bucket="other-bucket")
        ec2 = simulated.session.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        yield simulated.session, vpc


@pytest.fixture(scope="module")
def collectors():
    return list(load_plugins(entry_points_enabled=False).collectors.values())


def test_a_bucket_costs_its_own_detail_calls_plus_one(account, collectors):
    session = AwsSession(boto_session=account[0])
    session.account_id  # noqa: B018  (the identity call is not the read's)
    before = dict(session.recorder.calls)
    read = read_resources(session, ["arn:aws:s3:::one-bucket"], collectors)
    (bucket,) = read.snapshot.configurationItems
    assert (bucket.resourceId, bucket.awsRegion, bucket.tags) == ("one-bucket", "eu-west-1", {"team": "a"})
    assert bucket.supplementaryConfiguration["BucketVersioningConfiguration"]["status"] == "Enabled"
    made = {k: v - before.get(k, 0) for k, v in session.recorder.calls.items() if v - before.get(k, 0)}
    detail_calls = len(SETTINGS) + 1  # the settings, and the bucket's tags
    # + ListBuckets by prefix (the bucket alone), + GetBucketLocation on moto, whose listing has no BucketRegion
    assert sum(made.values()) <= detail_calls + 2
    assert made[("s3", "ListBuckets")] == 1 and made[("s3", "GetBucketLocation")] == 1
    assert read.snapshot.resourceTypesCollected == ["AWS::S3::Bucket"] and read.missing == []


def test_on_aws_the_listing_names_the_region_so_a_bucket_costs_its_detail_calls_plus_one():
    from collecting import context, stubbed

    from compliance.collect.services.s3 import read_bucket

    client, stub = stubbed("s3")  # fails on any call not queued here: no GetBucketLocation
    stub.add_response("list_buckets", {"Buckets": [
        {"Name": "one-bucket", "CreationDate": "2026-01-02T03:04:05Z", "BucketRegion": "eu-west-1"},
        {"Name": "one-bucket-archive", "CreationDate": "2026-01-02T03:04:05Z", "BucketRegion": "us-east-1"},
    ]}, {"Prefix": "one-bucket"})  # fmt: skip
    stub.add_response("get_bucket_versioning", {"Status": "Enabled"}, {"Bucket": "one-bucket"})
    ctx = context(clients={"s3": client})
    ctx.plan = {"ListBuckets", "GetBucketVersioning"}
    with stub:
        bucket = read_bucket(ctx, "arn:aws:s3:::one-bucket")
    stub.assert_no_pending_responses()
    assert (bucket.resourceId, bucket.awsRegion) == ("one-bucket", "eu-west-1")
    assert bucket.configuration["creationDate"].startswith("2026-01-02T03:04:05")
    assert bucket.supplementaryConfiguration["BucketVersioningConfiguration"]["status"] == "Enabled"


def test_only_the_calls_the_reads_need(account, collectors):
    session = AwsSession(boto_session=account[0])
    session.account_id  # noqa: B018
    start = session.recorder.total_calls
    read = read_resources(
        session,
        ["one-bucket"],
        collectors,
        resource_type="AWS::S3::Bucket",
        reads={"AWS::S3::Bucket": ("supplementaryConfiguration.BucketVersioningConfiguration",)},
    )
    assert set(read.snapshot.configurationItems[0].supplementaryConfiguration) == {"BucketVersioningConfiguration"}
    assert session.recorder.total_calls - start == 3  # ListBuckets by prefix (+ moto's GetBucketLocation) + Versioning


def test_missing_and_fallback_reads_are_said(account, collectors):
    session = AwsSession(boto_session=account[0])
    read = read_resources(session, ["no-such-bucket-x"], collectors, resource_type="AWS::S3::Bucket")
    assert read.missing == ["no-such-bucket-x"] and read.snapshot.configurationItems == []
    vpc = account[1]
    read = read_resources(session, [vpc], collectors, resource_type="AWS::EC2::VPC", region="us-east-1")
    assert [i.resourceId for i in read.snapshot] == [vpc]
    assert read.fallbacks  # the VPC collector has no one-resource read: its service was read whole


def test_arns_pick_the_service_and_bad_ones_are_input_errors(collectors):
    assert parse_arn("arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1") == ("ec2", "eu-west-1", "123456789012")
    assert parse_arn("subnet-1") is None
    with pytest.raises(InputError, match="not an ARN"):
        parse_arn("arn:aws:s3")
    names = {c.name for c in candidates(collectors, "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1")}
    assert names == {"elbv2", "elb"}  # the Classic collector answers None for a v2 ARN without a call
