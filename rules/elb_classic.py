"""Classic Load Balancer rules (AWS::ElasticLoadBalancing::LoadBalancer): ACM certificates, HTTPS listeners,
security policies, connection draining, cross-zone balancing, zones and desync mitigation."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare
from ._util import as_bool, as_list

CLB = "AWS::ElasticLoadBalancing::LoadBalancer"
LISTENERS = "configuration.listenerDescriptions"
ATTRIBUTES = "supplementaryConfiguration.LoadBalancerAttributes"
SECURE = ("HTTPS", "SSL")


def _listeners(ci):
    found = ci.get(LISTENERS)
    return None if found is None else [d.get("listener") or d for d in as_list(found)]


@declare(
    id="elb-acm-certificate-required",
    title="Classic Load Balancers use ACM certificates on SSL/HTTPS listeners",
    resource_types=[CLB],
    reads=[LISTENERS],
    severity="medium",
    rationale="ACM renews its certificates itself, so they do not expire unnoticed.",
    remediation="aws elb set-load-balancer-listener-ssl-certificate --load-balancer-name LB --load-balancer-port 443 "
    "--ssl-certificate-id ACM_CERT_ARN",
)
def elb_acm_certificate_required(ci):
    """Reads listenerDescriptions[].listener.sslcertificateId of SSL/HTTPS listeners (an ACM ARN passes)."""
    listeners = _listeners(ci)
    if listeners is None:
        return insufficient_data("the listeners were not recorded")
    secure = [x for x in listeners if str(x.get("protocol")).upper() in SECURE]
    if not secure:
        return not_applicable("no SSL/HTTPS listener")
    other = [str(x.get("loadBalancerPort")) for x in secure if ":acm:" not in str(x.get("sslcertificateId", ""))]
    if other:
        return non_compliant(f"listener(s) on port {', '.join(other)} use a certificate not from ACM")
    return compliant("every SSL/HTTPS listener uses an ACM certificate")


@declare(
    id="elb-tls-https-listeners-only",
    title="Classic Load Balancers listen with HTTPS or SSL only",
    resource_types=[CLB],
    reads=[LISTENERS],
    severity="medium",
    rationale="Plain HTTP or TCP listeners carry requests and responses in clear text.",
    remediation="Add HTTPS/SSL listeners (create-load-balancer-listeners) and delete the HTTP/TCP ones.",
)
def elb_tls_https_listeners_only(ci):
    """Reads listenerDescriptions[].listener.protocol."""
    listeners = _listeners(ci)
    if listeners is None:
        return insufficient_data("the listeners were not recorded")
    plain = [str(x.get("loadBalancerPort")) for x in listeners if str(x.get("protocol")).upper() not in SECURE]
    if plain:
        return non_compliant(f"plain listener(s) on port {', '.join(plain)}")
    return compliant("only HTTPS/SSL listeners")


def _attribute(ci, *path):
    value = ci.get(ATTRIBUTES)
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _attribute_rule(id, title, path, label, severity, rationale, remediation):
    def check(ci):
        if ci.get(ATTRIBUTES) is None:
            return insufficient_data("the load balancer's attributes were not recorded")
        enabled = as_bool(_attribute(ci, *path))
        return compliant(f"{label} is on") if enabled else non_compliant(f"{label} is off")

    check.__doc__ = f"Reads LoadBalancerAttributes.{'.'.join(path)}."
    return declare(id=id, title=title, resource_types=[CLB], reads=[ATTRIBUTES], severity=severity,
                   rationale=rationale, remediation=remediation)(check)  # fmt: skip


elb_connection_draining_enabled = _attribute_rule(
    "elb-connection-draining-enabled", "Classic Load Balancers drain connections", ("connectionDraining", "enabled"),
    "connection draining", "low", "Draining lets in-flight requests finish when an instance leaves the pool.",
    "aws elb modify-load-balancer-attributes --load-balancer-name LB --load-balancer-attributes "
    "ConnectionDraining={Enabled=true,Timeout=300}",
)  # fmt: skip
elb_cross_zone_load_balancing_enabled = _attribute_rule(
    "elb-cross-zone-load-balancing-enabled", "Classic Load Balancers balance across zones",
    ("crossZoneLoadBalancing", "enabled"), "cross-zone load balancing", "medium",
    "Without it, a zone with fewer instances gets as much traffic as the others and may be overwhelmed.",
    "aws elb modify-load-balancer-attributes --load-balancer-name LB --load-balancer-attributes "
    "CrossZoneLoadBalancing={Enabled=true}",
)  # fmt: skip


@declare(
    id="clb-desync-mode-check",
    title="Classic Load Balancers use defensive or strictest desync mitigation",
    resource_types=[CLB],
    reads=[ATTRIBUTES],
    severity="medium",
    parameters={"desyncMode": Param(list, ["defensive", "strictest"], "Accepted desync mitigation modes")},
    rationale="Desync mitigation blocks HTTP request smuggling through ambiguous requests.",
    remediation="aws elb modify-load-balancer-attributes --load-balancer-name LB --load-balancer-attributes "
    "AdditionalAttributes=[{Key=elb.http.desyncmitigationmode,Value=defensive}]",
)
def clb_desync_mode_check(ci, params):
    """Reads the elb.http.desyncmitigationmode additional attribute (absent: defensive, the default)."""
    if ci.get(ATTRIBUTES) is None:
        return insufficient_data("the load balancer's attributes were not recorded")
    extra = {a.get("key"): a.get("value") for a in as_list(_attribute(ci, "additionalAttributes"))}
    mode = extra.get("elb.http.desyncmitigationmode", "defensive")
    if str(mode).lower() in [m.lower() for m in params["desyncMode"]]:
        return compliant(f"desync mitigation {mode}")
    return non_compliant(f"desync mitigation {mode}")


@declare(
    id="clb-multiple-az",
    title="Classic Load Balancers span multiple Availability Zones",
    resource_types=[CLB],
    reads=["configuration.availabilityZones"],
    severity="medium",
    parameters={"minAvailabilityZones": Param(int, 2, "Minimum number of zones")},
    rationale="A load balancer in one zone goes down with it.",
    remediation="aws elb enable-availability-zones-for-load-balancer --load-balancer-name LB --availability-zones ...",
)
def clb_multiple_az(ci, params):
    """Reads configuration.availabilityZones."""
    zones = ci.configuration.get("availabilityZones")
    if zones is None:
        return insufficient_data("the load balancer's zones were not recorded")
    count = len(as_list(zones))
    if count < params["minAvailabilityZones"]:
        return non_compliant(f"{count} Availability Zone(s)")
    return compliant(f"{count} Availability Zones")


@declare(
    id="elb-predefined-security-policy-ssl-check",
    title="Classic Load Balancer SSL listeners use a strong predefined security policy",
    resource_types=[CLB],
    reads=[LISTENERS, "supplementaryConfiguration.LoadBalancerPolicies", "configuration.policies"],
    severity="medium",
    parameters={"predefinedPolicyName": Param(str, "ELBSecurityPolicy-TLS-1-2-2017-01", "Required policy")},
    rationale="Older policies allow TLS versions and ciphers with known weaknesses.",
    remediation="aws elb create-load-balancer-policy --policy-type-name SSLNegotiationPolicyType --policy-attributes "
    "AttributeName=Reference-Security-Policy,AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01, then "
    "set-load-balancer-policies-of-listener",
)
def elb_predefined_security_policy_ssl_check(ci, params):
    """Reads the Reference-Security-Policy attribute of the policies on SSL/HTTPS listeners."""
    listeners = ci.get(LISTENERS)
    if listeners is None:
        return insufficient_data("the listeners were not recorded")
    secure = [d for d in as_list(listeners) if str((d.get("listener") or {}).get("protocol")).upper() in SECURE]
    if not secure:
        return not_applicable("no SSL/HTTPS listener")
    policies = ci.supplementaryConfiguration.get("LoadBalancerPolicies")
    if policies is None:
        return insufficient_data("the load balancer's policies were not recorded")
    references = {}
    for policy in as_list(policies):
        for attribute in as_list(policy.get("policyAttributeDescriptions")):
            if attribute.get("attributeName") == "Reference-Security-Policy":
                references[policy.get("policyName")] = attribute.get("attributeValue")
    wanted = params["predefinedPolicyName"]
    weak = [
        str((d.get("listener") or {}).get("loadBalancerPort"))
        for d in secure
        if wanted not in [references.get(name) for name in as_list(d.get("policyNames"))]
    ]
    if weak:
        return non_compliant(f"listener(s) on port {', '.join(weak)} do not use {params['predefinedPolicyName']}")
    return compliant(f"SSL listeners use {params['predefinedPolicyName']}")
