"""Events of the edge services (CloudFront, classic load balancers) to the resources they change."""

from __future__ import annotations

import pytest

from compliance.events import resolve
from compliance.events.load import EventRecord
from tests.events.records import cloudtrail

DIST = "AWS::CloudFront::Distribution"
ARN = "arn:aws:cloudfront::123456789012:distribution/E2EDGE"


def changes(record):
    return [(c.resource_type, c.ref, c.deleted) for c in resolve([EventRecord(record, "test:0")]).changes]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            cloudtrail("cloudfront", "CreateDistribution2020_05_31", {}, {"distribution": {"id": "E2EDGE"}}),
            [(DIST, "E2EDGE", False)],
        ),
        (
            cloudtrail("cloudfront", "CreateDistributionWithTags2020_05_31", {}, {"distribution": {"id": "E2EDGE"}}),
            [(DIST, "E2EDGE", False)],
        ),
        (cloudtrail("cloudfront", "UpdateDistribution2020_05_31", {"id": "E2EDGE"}), [(DIST, "E2EDGE", False)]),
        (cloudtrail("cloudfront", "DeleteDistribution2020_05_31", {"id": "E2EDGE"}), [(DIST, "E2EDGE", True)]),
        (cloudtrail("cloudfront", "TagResource2020_05_31", {"resource": ARN}), [(DIST, ARN, False)]),
    ],
)
def test_cloudfront_distribution_events(record, expected):
    assert changes(record) == expected


CLB = "AWS::ElasticLoadBalancing::LoadBalancer"
V2 = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LB = "elasticloadbalancing"
V2_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (cloudtrail(LB, "CreateLoadBalancer", {"loadBalancerName": "shop"}), [(CLB, "shop", False)]),
        (cloudtrail(LB, "DeleteLoadBalancer", {"loadBalancerName": "shop"}), [(CLB, "shop", True)]),
        (
            cloudtrail(LB, "SetLoadBalancerPoliciesOfListener", {"loadBalancerName": "shop"}),
            [(CLB, "shop", False)],
        ),
        (
            cloudtrail(LB, "ModifyLoadBalancerAttributes", {"loadBalancerName": "shop"}),
            [(CLB, "shop", False)],
        ),
        (cloudtrail(LB, "AddTags", {"loadBalancerNames": ["shop"]}), [(CLB, "shop", False)]),
        # a v2 call of the same name names an ARN: the v2 load balancer only
        (
            cloudtrail(LB, "ModifyLoadBalancerAttributes", {"loadBalancerArn": V2_ARN}),
            [(V2, V2_ARN, False)],
        ),
    ],
)
def test_classic_load_balancer_events(record, expected):
    assert changes(record) == expected
