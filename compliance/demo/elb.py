"""Demo Classic Load Balancers (first region, default VPC): a storefront balancer across two zones with an ACM
certificate (the demo's 2,048-bit one, imported again) on its HTTPS listener, the TLS 1.2 predefined policy,
connection draining, cross-zone balancing and the strictest desync mitigation; and a legacy one in a single zone
with plain HTTP and an SSL listener on an IAM certificate without a policy, draining and cross-zone balancing off,
desync mitigation only monitoring (ELB.2-.14)."""

from __future__ import annotations

from typing import Any

from compliance.demo.acm import CERTIFICATES

IAM_CERTIFICATE = "arn:aws:iam::123456789012:server-certificate/demo-legacy-classic"
TLS12 = "ELBSecurityPolicy-TLS-1-2-2017-01"


def _desync(mode: str) -> dict[str, Any]:
    return {"AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": mode}]}


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    pem = CERTIFICATES["shop.demo.example"]  # the demo's 2,048-bit certificate, imported again for this balancer
    certificate = session.client("acm", region_name=region).import_certificate(
        Certificate=pem["certificate"].encode(),
        PrivateKey=pem["privateKey"].encode(),
        Tags=[{"Key": "Name", "Value": "storefront-classic"}],
    )["CertificateArn"]
    elb = session.client("elb", region_name=region)
    https = {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTPS", "InstancePort": 8443,
             "SSLCertificateId": certificate}  # fmt: skip
    elb.create_load_balancer(
        LoadBalancerName="storefront-classic", Listeners=[https], AvailabilityZones=[f"{region}a", f"{region}b"]
    )
    elb.create_load_balancer_policy(
        LoadBalancerName="storefront-classic",
        PolicyName="storefront-tls12",
        PolicyTypeName="SSLNegotiationPolicyType",
        PolicyAttributes=[{"AttributeName": "Reference-Security-Policy", "AttributeValue": TLS12}],
    )
    elb.set_load_balancer_policies_of_listener(
        LoadBalancerName="storefront-classic", LoadBalancerPort=443, PolicyNames=["storefront-tls12"]
    )
    elb.modify_load_balancer_attributes(
        LoadBalancerName="storefront-classic",
        LoadBalancerAttributes={
            "CrossZoneLoadBalancing": {"Enabled": True},
            "ConnectionDraining": {"Enabled": True, "Timeout": 300},
            **_desync("strictest"),
        },
    )
    listeners = [
        {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080},
        {"Protocol": "SSL", "LoadBalancerPort": 443, "InstancePort": 8443, "SSLCertificateId": IAM_CERTIFICATE},
    ]
    elb.create_load_balancer(LoadBalancerName="legacy-classic", Listeners=listeners, AvailabilityZones=[f"{region}a"])
    elb.modify_load_balancer_attributes(LoadBalancerName="legacy-classic", LoadBalancerAttributes=_desync("monitor"))
