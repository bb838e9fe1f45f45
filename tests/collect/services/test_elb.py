import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.plan import plan
from compliance.collect.services.elb import COLLECTORS, LOAD_BALANCER

ELB = COLLECTORS[0]
ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/{}"
POLICY = "ELBSecurityPolicy-TLS-1-2-2017-01"


def _balancers() -> str:
    cert = boto3.client("acm", region_name="us-east-1").request_certificate(DomainName="shop.example.com")
    elb = boto3.client("elb", region_name="us-east-1")
    https = {
        "Protocol": "HTTPS",
        "LoadBalancerPort": 443,
        "InstanceProtocol": "HTTPS",
        "InstancePort": 8080,
        "SSLCertificateId": cert["CertificateArn"],
    }
    elb.create_load_balancer(
        LoadBalancerName="shop",
        Listeners=[https],
        AvailabilityZones=["us-east-1a", "us-east-1b"],
        Tags=[{"Key": "team", "Value": "web"}],
    )
    elb.create_load_balancer_policy(
        LoadBalancerName="shop",
        PolicyName="tls12",
        PolicyTypeName="SSLNegotiationPolicyType",
        PolicyAttributes=[{"AttributeName": "Reference-Security-Policy", "AttributeValue": POLICY}],
    )
    elb.set_load_balancer_policies_of_listener(LoadBalancerName="shop", LoadBalancerPort=443, PolicyNames=["tls12"])
    elb.modify_load_balancer_attributes(
        LoadBalancerName="shop",
        LoadBalancerAttributes={
            "CrossZoneLoadBalancing": {"Enabled": True},
            "ConnectionDraining": {"Enabled": True, "Timeout": 300},
            "AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "strictest"}],
        },
    )
    elb.create_load_balancer(
        LoadBalancerName="legacy",
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
        AvailabilityZones=["us-east-1a"],
    )
    return cert["CertificateArn"]


@mock_aws
def test_load_balancers_in_config_spelling():
    cert = _balancers()
    items, errors = run(ELB)
    assert errors == []
    shop = one(items, LOAD_BALANCER, "shop")
    assert (shop.arn, shop.resourceName, shop.awsRegion) == (ARN.format("shop"), "shop", "us-east-1")
    assert shop.tags == {"team": "web"}
    assert shop.get("configuration.loadBalancerName") == "shop"
    assert shop.get("configuration.dnsname") == "shop.us-east-1.elb.amazonaws.com"
    assert shop.get("configuration.vpcid").startswith("vpc-")
    assert shop.get("configuration.availabilityZones") == ["us-east-1a", "us-east-1b"]
    assert shop.get("configuration.listenerDescriptions") == [
        {
            "listener": {
                "protocol": "HTTPS",
                "loadBalancerPort": 443,
                "instanceProtocol": "HTTPS",
                "instancePort": 8080,
                "sslcertificateId": cert,
            },
            "policyNames": ["tls12"],
        }
    ]
    assert shop.get("configuration.policies.otherPolicies") == ["tls12"]
    assert "lbcookieStickinessPolicies" in shop.get("configuration.policies")
    assert shop.resourceCreationTime and shop.get("configuration.createdTime") == shop.resourceCreationTime
    attributes = shop.supplementaryConfiguration["LoadBalancerAttributes"]
    assert attributes["crossZoneLoadBalancing"] == {"enabled": True}
    assert attributes["connectionDraining"] == {"enabled": True, "timeout": 300}
    assert attributes["additionalAttributes"] == [{"key": "elb.http.desyncmitigationmode", "value": "strictest"}]
    assert shop.supplementaryConfiguration["LoadBalancerPolicies"] == [
        {
            "policyName": "tls12",
            "policyTypeName": "SSLNegotiationPolicyType",
            "policyAttributeDescriptions": [{"attributeName": "Reference-Security-Policy", "attributeValue": POLICY}],
        }
    ]
    kinds = {r.resourceType for r in shop.relationships}
    assert {"AWS::EC2::SecurityGroup", "AWS::EC2::Subnet", "AWS::EC2::VPC"} <= kinds
    legacy = one(items, LOAD_BALANCER, "legacy")
    assert legacy.tags == {}
    assert legacy.supplementaryConfiguration["LoadBalancerPolicies"] == []
    assert legacy.get("supplementaryConfiguration.LoadBalancerAttributes.connectionDraining.enabled") is False


@mock_aws
def test_denied_details_are_errors_and_leave_the_settings_unknown():
    _balancers()
    denied = ["DescribeLoadBalancerAttributes", "DescribeLoadBalancerPolicies"]
    items, errors = run(ELB, deny={"elb": denied})
    assert sorted((e.api, e.resourceId) for e in errors) == sorted(
        (api, name) for api in denied for name in ("shop", "legacy")
    )
    assert all(i.supplementaryConfiguration == {} for i in items)
    assert one(items, LOAD_BALANCER, "shop").get("configuration.listenerDescriptions")


@mock_aws
def test_denied_tags_are_an_error():
    _balancers()
    items, errors = run(ELB, deny={"elb": ["DescribeTags"]})
    assert [(e.api, e.resourceId) for e in errors] == [("DescribeTags", None)]
    assert len(items) == 2


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("elb", "us-east-1").meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    assert list(ELB.collect(ctx)) == []
    assert calls == ["DescribeLoadBalancers"]


def test_listener_rules_make_no_per_balancer_calls():
    wanted = plan(COLLECTORS, {LOAD_BALANCER: ("configuration.listenerDescriptions",)})
    assert wanted.calls["elb"] == frozenset({"DescribeLoadBalancers"})
    assert "supplementaryConfiguration.LoadBalancerAttributes" in wanted.not_recorded[LOAD_BALANCER]


@mock_aws
def test_one_load_balancer_by_name_or_arn():
    _balancers()
    ctx = context()
    shop = ELB.read_one(ctx, "shop")
    assert shop.arn == ARN.format("shop") and shop.tags == {"team": "web"}
    assert shop.get("supplementaryConfiguration.LoadBalancerAttributes.crossZoneLoadBalancing.enabled") is True
    assert ELB.read_one(ctx, ARN.format("legacy")).resourceId == "legacy"
    assert ELB.read_one(ctx, "gone") is None
    assert ELB.read_one(ctx, ARN.format("app/web/50dc6c495c0c9188")) is None
    assert ctx.errors == []
