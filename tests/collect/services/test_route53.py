import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.route53 import COLLECTORS, ZONE

ROUTE53 = COLLECTORS[0]


def _zones() -> dict[str, str]:
    route53 = boto3.client("route53", region_name="us-east-1")
    logs = boto3.client("logs", region_name="us-east-1")
    logs.create_log_group(logGroupName="/aws/route53/shop.example.com")
    group = logs.describe_log_groups()["logGroups"][0]["arn"]
    vpc = boto3.client("ec2", region_name="us-east-1").create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    ids = {
        "logged": route53.create_hosted_zone(Name="shop.example.com", CallerReference="1"),
        "silent": route53.create_hosted_zone(
            Name="blog.example.com", CallerReference="2", HostedZoneConfig={"Comment": "blog", "PrivateZone": False}
        ),
        "private": route53.create_hosted_zone(
            Name="internal.example.com",
            CallerReference="3",
            VPC={"VPCRegion": "us-east-1", "VPCId": vpc},
            HostedZoneConfig={"Comment": "internal", "PrivateZone": True},
        ),
    }
    ids = {name: zone["HostedZone"]["Id"].rsplit("/", 1)[-1] for name, zone in ids.items()}
    route53.create_query_logging_config(HostedZoneId=ids["logged"], CloudWatchLogsLogGroupArn=group)
    return {**ids, "group": group, "vpc": vpc}


@mock_aws
def test_hosted_zones_in_config_spelling():
    ids = _zones()
    items, errors = run(ROUTE53)
    assert errors == []
    logged = one(items, ZONE, ids["logged"])
    assert (logged.awsRegion, logged.arn) == ("global", f"arn:aws:route53:::hostedzone/{ids['logged']}")
    assert logged.resourceName == "shop.example.com."
    assert logged.get("configuration.Id") == ids["logged"]
    assert (
        logged.get("configuration.QueryLoggingConfig.CloudWatchLogsLogGroupArn.CloudWatchLogsLogGroupArn")
        == (ids["group"])
    )
    assert logged.get("configuration.QueryLoggingConfig.CloudWatchLogsLogGroupArn.HostedZoneId") == ids["logged"]
    silent = one(items, ZONE, ids["silent"])
    assert silent.get("configuration.HostedZoneConfig") == {"Comment": "blog", "PrivateZone": False}
    assert "QueryLoggingConfig" not in silent.configuration
    private = one(items, ZONE, ids["private"])
    assert private.get("configuration.HostedZoneConfig.PrivateZone") is True
    assert private.get("configuration.VPCs") == [{"VPCId": ids["vpc"], "VPCRegion": "us-east-1"}]
    assert [r.resourceId for r in private.relationships] == [ids["vpc"]]


@mock_aws
def test_a_denied_logging_listing_is_an_error_for_each_public_zone_and_leaves_logging_unknown():
    ids = _zones()
    items, errors = run(ROUTE53, deny={"route53": ["ListQueryLoggingConfigs"]})
    assert sorted((e.api, e.resourceId, e.region) for e in errors) == sorted(
        [("ListQueryLoggingConfigs", ids["logged"], "global"), ("ListQueryLoggingConfigs", ids["silent"], "global")]
    )
    assert all("QueryLoggingConfig" not in i.configuration for i in items)


@mock_aws
def test_a_denied_private_zone_read_is_an_error_and_leaves_its_vpcs_unknown():
    ids = _zones()
    items, errors = run(ROUTE53, deny={"route53": ["GetHostedZone"]})
    assert [(e.api, e.resourceId) for e in errors] == [("GetHostedZone", ids["private"])]
    assert "VPCs" not in one(items, ZONE, ids["private"]).configuration


@mock_aws
def test_an_account_without_zones_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("route53", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(ROUTE53.collect(ctx)) == []
    assert calls == ["ListHostedZones"]


@mock_aws
def test_one_zone_by_id_or_arn():
    ids = _zones()
    ctx = context()
    logged = ROUTE53.read_one(ctx, ids["logged"])
    assert logged.get("configuration.QueryLoggingConfig.CloudWatchLogsLogGroupArn.Id")
    private = ROUTE53.read_one(ctx, f"arn:aws:route53:::hostedzone/{ids['private']}")
    assert private.get("configuration.VPCs")[0]["VPCId"] == ids["vpc"]
    assert ROUTE53.read_one(ctx, "Z0000000000000000NONE") is None
    assert ctx.errors == []
