"""Declarative resource specs on moto: the generic reader gives Config-shaped items, runs detail
calls only when planned, keeps secrets out, and reads one resource by id or ARN."""

from __future__ import annotations

import pytest
from collecting import context

from compliance.collect.services.acm import COLLECTORS as ACM
from compliance.collect.services.ec2_network import COLLECTORS as EC2_NETWORK
from compliance.collect.services.rds_events import COLLECTORS as RDS_EVENTS
from compliance.collect.services.wafv2_rulegroups import COLLECTORS as RULE_GROUPS
from compliance.collect.session import AwsSession
from compliance.testing import simulate_account

(NETWORK,) = EC2_NETWORK
SUBSCRIPTIONS, PROXIES = RDS_EVENTS


@pytest.fixture(scope="module")
def account():
    with simulate_account() as simulated:
        session = simulated.session
        ec2 = session.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]
        ec2.modify_subnet_attribute(SubnetId=subnet["SubnetId"], MapPublicIpOnLaunch={"Value": True})
        template = ec2.create_launch_template(
            LaunchTemplateName="web",
            LaunchTemplateData={"UserData": "cGFzc3dvcmQ9aHVudGVyMg==", "MetadataOptions": {"HttpTokens": "optional"}},
        )["LaunchTemplate"]["LaunchTemplateId"]
        session.client("rds").create_event_subscription(
            SubscriptionName="ops", SnsTopicArn="arn:aws:sns:us-east-1:123456789012:ops", SourceType="db-instance"
        )
        session.client("wafv2").create_rule_group(
            Name="empty",
            Scope="REGIONAL",
            Capacity=10,
            VisibilityConfig={"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "m"},
        )
        yield session, subnet, template


def _read(collector, plan=None):
    ctx = context()
    ctx.plan = plan
    return list(collector.collect(ctx)), ctx


def test_items_carry_configs_casing_and_ids(account):
    _, subnet, template = account
    items, _ = _read(NETWORK)
    by_type = {}
    for item in items:
        by_type.setdefault(item.resourceType, []).append(item)
    found = {i.resourceId: i for i in by_type["AWS::EC2::Subnet"]}
    assert found[subnet["SubnetId"]].configuration["mapPublicIpOnLaunch"] is True
    assert found[subnet["SubnetId"]].arn == subnet["SubnetArn"]
    (launch,) = by_type["AWS::EC2::LaunchTemplate"]
    assert launch.resourceId == template and launch.resourceName == "web"
    assert launch.configuration["LaunchTemplateData"]["MetadataOptions"] == {"HttpTokens": "optional"}


def test_user_data_never_reaches_the_item(account):
    items, _ = _read(NETWORK)
    (launch,) = [i for i in items if i.resourceType == "AWS::EC2::LaunchTemplate"]
    assert launch.configuration["LaunchTemplateData"]["UserData"].startswith("REDACTED:sha256:")
    assert "cGFzc3dvcmQ9aHVudGVyMg" not in repr(launch.to_dict())


def test_a_detail_call_runs_only_when_planned(account):
    items, _ = _read(NETWORK, frozenset({"DescribeLaunchTemplates"}))
    (launch,) = [i for i in items if i.resourceType == "AWS::EC2::LaunchTemplate"]
    assert "LaunchTemplateData" not in launch.configuration
    assert {i.resourceType for i in items} == {"AWS::EC2::LaunchTemplate"}  # only the planned list call


def test_a_call_the_simulator_lacks_is_recorded_not_fatal(account):
    items, ctx = _read(NETWORK)
    failed = {e.api for e in ctx.errors}
    assert failed <= {"DescribeClientVpnEndpoints", "DescribeVpcBlockPublicAccessOptions"}
    assert {e.resourceTypes[0] for e in ctx.errors} <= {
        "AWS::EC2::ClientVpnEndpoint",
        "AWS::EC2::VPCBlockPublicAccessOptions",
    }
    assert any(i.resourceType == "AWS::EC2::Subnet" for i in items)


def test_rds_event_subscriptions_and_rule_groups(account):
    (subscription,), _ = _read(SUBSCRIPTIONS)
    assert subscription.resourceId == "ops"
    assert subscription.configuration["sourceType"] == "db-instance"
    (group,), _ = _read(RULE_GROUPS[0])
    assert group.resourceName == "empty" and group.configuration["rules"] == []


def test_calls_are_declared_with_their_iam_actions():
    assert "ec2:DescribeLaunchTemplateVersions" in NETWORK.permissions
    detail = next(c for c in NETWORK.calls if c.api == "DescribeLaunchTemplateVersions")
    assert detail.per == "resource"
    assert detail.fills == {"AWS::EC2::LaunchTemplate": ("configuration.LaunchTemplateData",)}
    assert ACM[0].permissions == ("acm:ListCertificates", "acm:DescribeCertificate")


def test_one_resource_by_id_or_arn(account):
    session, subnet, template = account
    aws = AwsSession(boto_session=session)
    ctx = context()
    ctx.client_factory = aws.client
    assert NETWORK.read_one(ctx, subnet["SubnetArn"]).resourceId == subnet["SubnetId"]
    before = aws.recorder.total_calls
    item = NETWORK.read_one(ctx, template)
    assert item.configuration["LaunchTemplateData"]["MetadataOptions"]["HttpTokens"] == "optional"
    # a filtered describe per spec until one finds it (6), then its detail call
    assert aws.recorder.total_calls - before <= 7
    assert NETWORK.read_one(ctx, "subnet-doesnotexist") is None
    assert ctx.errors == []
