import boto3
from collecting import ACCOUNT, context, one, run
from moto import mock_aws

from compliance.collect.services.s3control import ACCESS_POINT, COLLECTORS, MRAP

ACCESS_POINTS, MRAPS = COLLECTORS
OPEN = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
BLOCKED = dict.fromkeys(OPEN, True)


def _access_points() -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="shared-data")
    s3control = boto3.client("s3control", region_name="us-east-1")
    s3control.create_access_point(AccountId=ACCOUNT, Name="locked", Bucket="shared-data")
    s3control.create_access_point(
        AccountId=ACCOUNT, Name="loose", Bucket="shared-data", PublicAccessBlockConfiguration=OPEN,
        VpcConfiguration={"VpcId": "vpc-12345678"},
    )  # fmt: skip


def _mraps() -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="replica-a")
    s3control = boto3.client("s3control", region_name="us-west-2")
    s3control.create_multi_region_access_point(
        AccountId=ACCOUNT, ClientToken="t-1", Details={"Name": "blocked", "Regions": [{"Bucket": "replica-a"}]}
    )
    s3control.create_multi_region_access_point(
        AccountId=ACCOUNT, ClientToken="t-2",
        Details={"Name": "public", "PublicAccessBlock": OPEN, "Regions": [{"Bucket": "replica-a"}]},
    )  # fmt: skip


@mock_aws
def test_access_points_in_config_spelling():
    _access_points()
    items, errors = run(ACCESS_POINTS)
    assert errors == []
    locked = one(items, ACCESS_POINT, "locked")
    assert locked.arn == f"arn:aws:s3:us-east-1:{ACCOUNT}:accesspoint/locked"
    assert locked.get("configuration.Arn") == locked.arn
    assert locked.get("configuration.Bucket") == "shared-data"
    assert locked.get("configuration.NetworkOrigin") == "Internet"
    assert locked.get("configuration.PublicAccessBlockConfiguration") == BLOCKED
    loose = one(items, ACCESS_POINT, "loose")
    assert loose.get("configuration.PublicAccessBlockConfiguration") == OPEN
    assert loose.get("configuration.VpcConfiguration") == {"VpcId": "vpc-12345678"}
    assert "AccessPointArn" not in loose.configuration


@mock_aws
def test_only_the_regions_own_access_points_are_listed():
    _access_points()  # moto lists every region's access points in every region
    items, errors = run(ACCESS_POINTS, region="eu-west-1")
    assert (items, errors) == ([], [])


@mock_aws
def test_a_denied_access_point_read_is_an_error_and_leaves_the_blocks_unknown():
    _access_points()
    items, errors = run(ACCESS_POINTS, deny={"s3control": ["GetAccessPoint"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [("GetAccessPoint", "locked"), ("GetAccessPoint", "loose")]
    assert len(items) == 2 and all("PublicAccessBlockConfiguration" not in i.configuration for i in items)


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("s3control", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(ACCESS_POINTS.collect(ctx)) == []
    assert calls == ["ListAccessPoints"]


@mock_aws
def test_one_access_point_by_name_or_arn():
    _access_points()
    ctx = context()
    assert ACCESS_POINTS.read_one(ctx, "loose").get("configuration.PublicAccessBlockConfiguration") == OPEN
    arn = f"arn:aws:s3:us-east-1:{ACCOUNT}:accesspoint/locked"
    assert ACCESS_POINTS.read_one(ctx, arn).get("configuration.PublicAccessBlockConfiguration") == BLOCKED
    assert ACCESS_POINTS.read_one(ctx, "gone") is None
    assert ctx.errors == []


@mock_aws
def test_multi_region_access_points_in_config_spelling_asked_in_oregon():
    _mraps()
    calls: list[str] = []
    ctx = context()
    ctx.client("s3control", "us-west-2").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    items = list(MRAPS.collect(ctx))
    assert ctx.errors == [] and calls == ["ListMultiRegionAccessPoints"]
    blocked = one(items, MRAP, "blocked")
    assert blocked.awsRegion == "global"
    assert blocked.get("configuration.PublicAccessBlockConfiguration") == BLOCKED
    assert blocked.get("configuration.Regions")[0]["Bucket"] == "replica-a"
    assert blocked.arn == f"arn:aws:s3::{ACCOUNT}:accesspoint/{blocked.get('configuration.Alias')}"
    assert "PublicAccessBlock" not in blocked.configuration
    assert one(items, MRAP, "public").get("configuration.PublicAccessBlockConfiguration") == OPEN


@mock_aws
def test_a_denied_mrap_listing_is_an_error():
    _mraps()
    items, errors = run(MRAPS, deny={"s3control": ["ListMultiRegionAccessPoints"]})
    assert items == [] and [(e.api, e.resourceTypes) for e in errors] == [("ListMultiRegionAccessPoints", [MRAP])]
