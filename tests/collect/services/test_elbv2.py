import boto3
from collecting import by_type, one, run
from moto import mock_aws

from compliance.collect.services.elbv2 import COLLECTORS, LISTENER, LOAD_BALANCER

ELBV2 = COLLECTORS[0]


def _network(region="us-east-1"):
    ec2 = boto3.client("ec2", region_name=region)
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"]["SubnetId"]
        for i, az in enumerate("ab")
    ]
    sg = ec2.create_security_group(GroupName="lb", Description="lb", VpcId=vpc)["GroupId"]
    return vpc, subnets, sg


@mock_aws
def test_load_balancers_attributes_and_listeners():
    vpc, subnets, sg = _network()
    elbv2 = boto3.client("elbv2", region_name="us-east-1")
    lb = elbv2.create_load_balancer(
        Name="web", Subnets=subnets, SecurityGroups=[sg], Tags=[{"Key": "env", "Value": "prod"}]
    )["LoadBalancers"][0]
    arn = lb["LoadBalancerArn"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
    )
    http = elbv2.create_listener(
        LoadBalancerArn=arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}
        ],
    )["Listeners"][0]

    items, errors = run(ELBV2)

    assert errors == []
    balancer = one(items, LOAD_BALANCER, arn)
    assert balancer.configuration["loadBalancerName"] == "web"
    assert balancer.configuration["dNSName"] == lb["DNSName"]
    assert balancer.tags == {"env": "prod"}
    attributes = {a["key"]: a["value"] for a in balancer.supplementaryConfiguration["LoadBalancerAttributes"]}
    assert attributes["deletion_protection.enabled"] == "true"
    assert ("AWS::EC2::SecurityGroup", sg) in {(r.resourceType, r.resourceId) for r in balancer.relationships}
    listener = one(items, LISTENER, http["ListenerArn"])
    assert (listener.configuration["Protocol"], listener.configuration["Port"]) == ("HTTP", 80)
    assert listener.configuration["DefaultActions"][0]["RedirectConfig"]["Protocol"] == "HTTPS"
    assert listener.relationships[0].resourceId == arn


@mock_aws
def test_denied_attributes_and_listeners_recorded_per_balancer():
    _, subnets, sg = _network()
    arn = boto3.client("elbv2", region_name="us-east-1").create_load_balancer(
        Name="web", Subnets=subnets, SecurityGroups=[sg]
    )["LoadBalancers"][0]["LoadBalancerArn"]
    items, errors = run(ELBV2, deny={"elbv2": ["DescribeLoadBalancerAttributes", "DescribeListeners"]})
    assert "LoadBalancerAttributes" not in one(items, LOAD_BALANCER, arn).supplementaryConfiguration
    assert by_type(items, LISTENER) == []
    assert {(e.api, e.resourceId, tuple(e.resourceTypes)) for e in errors} == {
        ("DescribeLoadBalancerAttributes", arn, (LOAD_BALANCER,)),
        ("DescribeListeners", arn, (LISTENER,)),
    }
