"""CloudFront and Classic Load Balancer rules on resources created in a simulated account (moto) and read by the
real collectors (with S3's bucket list for the non-existent origin bucket rule)."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, states, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, simulate_account

DISTRIBUTION = "AWS::CloudFront::Distribution"
BEHAVIOR = {"MinTTL": 0, "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}


def _custom(policy: str, protocols: list[str]) -> dict:
    return {
        "HTTPPort": 80,
        "HTTPSPort": 443,
        "OriginProtocolPolicy": policy,
        "OriginSslProtocols": {"Quantity": len(protocols), "Items": protocols},
    }


def _distribution(cloudfront, name: str, origins: list[dict], viewer: str, **more) -> None:
    cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": name,
            "Comment": name,
            "Enabled": True,
            "Origins": {"Quantity": len(origins), "Items": origins},
            "DefaultCacheBehavior": {"TargetOriginId": origins[0]["Id"], "ViewerProtocolPolicy": viewer, **BEHAVIOR},
            **more,
        }
    )


def _distributions(session: boto3.Session) -> None:
    session.client("s3", region_name=REGION).create_bucket(Bucket="edge-site")
    cloudfront = session.client("cloudfront", region_name=REGION)
    site = {"Id": "site", "DomainName": "edge-site.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    app = {"Id": "app", "DomainName": "app.example.com", "CustomOriginConfig": _custom("https-only", ["TLSv1.2"])}
    _distribution(
        cloudfront,
        "guarded",
        [site, app],
        "redirect-to-https",
        DefaultRootObject="index.html",
        Logging={"Enabled": True, "IncludeCookies": False, "Bucket": "edge-site.s3.amazonaws.com", "Prefix": "cf/"},
        WebACLId="arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1",
        OriginGroups={
            "Quantity": 1,
            "Items": [
                {
                    "Id": "failover",
                    "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [503]}},
                    "Members": {"Quantity": 2, "Items": [{"OriginId": "site"}, {"OriginId": "app"}]},
                }
            ],
        },
    )
    gone = {"Id": "gone", "DomainName": "edge-deleted.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    legacy = {"Id": "legacy", "DomainName": "legacy.example.com", "CustomOriginConfig": _custom("http-only", ["SSLv3"])}
    _distribution(cloudfront, "bare", [gone, legacy], "allow-all")


@pytest.fixture(scope="module")
def cloudfront_snapshot() -> Snapshot:
    with simulate_account() as account:
        _distributions(account.session)
        snapshot = account.collect(services=["cloudfront", "s3"], regions=[REGION])
    assert snapshot.collectionErrors == []
    return snapshot


def _by_comment(rule_id: str, snapshot: Snapshot) -> dict[str, str]:
    by_id = states(rule_id, snapshot)
    return {
        i.get("configuration.distributionConfig.comment"): by_id[i.resourceId]
        for i in snapshot
        if i.resourceType == DISTRIBUTION and i.resourceId in by_id
    }


@pytest.mark.parametrize(
    "rule_id",
    [
        "cloudfront-accesslogs-enabled",
        "cloudfront-associated-with-waf",
        "cloudfront-default-root-object-configured",
        "cloudfront-no-deprecated-ssl-protocols",
        "cloudfront-origin-failover-enabled",
        "cloudfront-s3-origin-non-existent-bucket",
        "cloudfront-traffic-to-origin-encrypted",
        "cloudfront-viewer-policy-https",
    ],
)
def test_cloudfront_distribution_rules(cloudfront_snapshot, rule_id):
    assert _by_comment(rule_id, cloudfront_snapshot) == {"guarded": COMPLIANT, "bare": NON_COMPLIANT}


def test_cloudfront_items_are_global(cloudfront_snapshot):
    assert {i.awsRegion for i in cloudfront_snapshot if i.resourceType == DISTRIBUTION} == {"global"}


def test_an_s3_origin_rule_without_s3_origins_is_not_applicable():
    with simulate_account() as account:
        cloudfront = account.session.client("cloudfront", region_name=REGION)
        web = {"Id": "web", "DomainName": "web.example.com", "CustomOriginConfig": _custom("https-only", ["TLSv1.2"])}
        _distribution(cloudfront, "web", [web], "https-only")
        snapshot = account.collect(services=["cloudfront", "s3"], regions=[REGION])
    assert _by_comment("cloudfront-s3-origin-non-existent-bucket", snapshot) == {"web": NOT_APPLICABLE}


# --- Classic Load Balancers ----------------------------------------------------------------------------

CLB = "AWS::ElasticLoadBalancing::LoadBalancer"
TLS12 = "ELBSecurityPolicy-TLS-1-2-2017-01"


def _classic(session: boto3.Session) -> None:
    certificate = session.client("acm", region_name=REGION).request_certificate(DomainName="shop.example.com")
    elb = session.client("elb", region_name=REGION)
    https = {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstancePort": 8080, "InstanceProtocol": "HTTP",
             "SSLCertificateId": certificate["CertificateArn"]}  # fmt: skip
    elb.create_load_balancer(LoadBalancerName="shop", Listeners=[https], AvailabilityZones=[f"{REGION}a", f"{REGION}b"])
    elb.create_load_balancer_policy(
        LoadBalancerName="shop",
        PolicyName="tls12",
        PolicyTypeName="SSLNegotiationPolicyType",
        PolicyAttributes=[{"AttributeName": "Reference-Security-Policy", "AttributeValue": TLS12}],
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
    iam_certificate = "arn:aws:iam::123456789012:server-certificate/legacy-shop"
    listeners = [
        {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080},
        {"Protocol": "SSL", "LoadBalancerPort": 443, "InstancePort": 8443, "SSLCertificateId": iam_certificate},
    ]
    elb.create_load_balancer(LoadBalancerName="legacy", Listeners=listeners, AvailabilityZones=[f"{REGION}a"])
    elb.modify_load_balancer_attributes(
        LoadBalancerName="legacy",
        LoadBalancerAttributes={"AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "monitor"}]},
    )


@pytest.fixture(scope="module")
def classic_snapshot() -> Snapshot:
    return collected(_classic, ["elb"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "clb-desync-mode-check",
        "clb-multiple-az",
        "elb-acm-certificate-required",
        "elb-connection-draining-enabled",
        "elb-cross-zone-load-balancing-enabled",
        "elb-predefined-security-policy-ssl-check",
        "elb-tls-https-listeners-only",
    ],
)
def test_classic_load_balancer_rules(classic_snapshot, rule_id):
    assert verdicts(rule_id, classic_snapshot, CLB) == {"shop": COMPLIANT, "legacy": NON_COMPLIANT}


def test_classic_desync_mode_against_a_parameter(classic_snapshot):
    verdict = verdicts("clb-desync-mode-check", classic_snapshot, CLB, desyncMode=["monitor"])
    assert verdict == {"shop": NON_COMPLIANT, "legacy": COMPLIANT}
