"""ELBv2 listener rules FSBP added: HTTPS/TLS listeners and recommended TLS security policies."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
SECURE = ("HTTPS", "TLS")
_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
]  # fmt: skip


def _protocol(ci):
    return ci.configuration.get("Protocol", ci.configuration.get("protocol"))


@rule(
    id="elbv2-listener-encryption-in-transit",
    title="Application and Network Load Balancer listeners use HTTPS or TLS",
    resource_types=[LISTENER],
    severity="medium",
    rationale="Plain HTTP or TCP listeners carry requests and responses in clear text.",
    remediation="aws elbv2 modify-listener --listener-arn L --protocol HTTPS --port 443 --certificates "
    "CertificateArn=ACM_ARN (or a redirect to HTTPS)",
    reads=["configuration.Protocol", "configuration.protocol", "configuration.DefaultActions"],
)
def elbv2_listener_encryption_in_transit(ci):
    """Reads configuration.Protocol (GENEVE, for Gateway Load Balancers, is not applicable)."""
    protocol = _protocol(ci)
    if protocol is None:
        return insufficient_data("the listener's protocol was not recorded")
    if str(protocol).upper() == "GENEVE":
        return not_applicable("a Gateway Load Balancer listener")
    if str(protocol).upper() in SECURE:
        return compliant(f"{protocol} listener")
    return non_compliant(f"{protocol} listener")


@rule(
    id="elbv2-predefined-security-policy-ssl-check",
    title="Application and Network Load Balancer listeners use a recommended TLS security policy",
    resource_types=[LISTENER],
    severity="medium",
    parameters={"sslPolicies": Param(list, _POLICIES, "Accepted security policies")},
    rationale="Older security policies allow TLS versions and ciphers with known weaknesses.",
    remediation="aws elbv2 modify-listener --listener-arn L --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06",
    reads=["configuration.Protocol", "configuration.protocol", "configuration.SslPolicy", "configuration.sslPolicy"],
)
def elbv2_predefined_security_policy_ssl_check(ci, params):
    """Reads configuration.SslPolicy of HTTPS/TLS listeners."""
    protocol = _protocol(ci)
    if protocol is None:
        return insufficient_data("the listener's protocol was not recorded")
    if str(protocol).upper() not in SECURE:
        return not_applicable(f"a {protocol} listener has no TLS policy")
    policy = ci.configuration.get("SslPolicy", ci.configuration.get("sslPolicy"))
    if policy in params["sslPolicies"]:
        return compliant(f"security policy {policy}")
    return non_compliant(f"security policy {policy}")
