"""Elastic Load Balancing v2 rules: HTTPS redirection, attributes, zones."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_list

LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"


def _attribute(ci, key: str) -> str | None:
    """A value of supplementaryConfiguration.LoadBalancerAttributes ([{key, value}])."""
    for entry in as_list(ci.supplementaryConfiguration.get("LoadBalancerAttributes")):
        if entry.get("key", entry.get("Key")) == key:
            return str(entry.get("value", entry.get("Value")))
    return None


def _attribute_rule(key: str, wanted: tuple[str, ...], applies_to: tuple[str, ...]):
    def check(ci):
        kind = ci.configuration.get("type", "application")
        if kind not in applies_to:
            return not_applicable(f"a {kind} load balancer")
        if "LoadBalancerAttributes" not in ci.supplementaryConfiguration:
            return insufficient_data("the load balancer's attributes were not recorded")
        value = _attribute(ci, key)
        if value in wanted:
            return compliant(f"{key} = {value}")
        return non_compliant(f"{key} = {value}")

    check.__doc__ = f"Reads the {key} entry of supplementaryConfiguration.LoadBalancerAttributes."
    return check


alb_http_drop_invalid_header_enabled = rule(
    id="alb-http-drop-invalid-header-enabled",
    title="Application Load Balancers drop invalid HTTP headers",
    resource_types=[LOAD_BALANCER],
    severity="medium",
    rationale="Dropping malformed headers blunts HTTP desync and header-injection attacks on the targets.",
    remediation="aws elbv2 modify-load-balancer-attributes --attributes "
    "Key=routing.http.drop_invalid_header_fields.enabled,Value=true",
    reads=["configuration.type", "supplementaryConfiguration.LoadBalancerAttributes"],
)(_attribute_rule("routing.http.drop_invalid_header_fields.enabled", ("true",), ("application",)))

elb_deletion_protection_enabled = rule(
    id="elb-deletion-protection-enabled",
    title="Load balancers have deletion protection",
    resource_types=[LOAD_BALANCER],
    severity="medium",
    rationale="Deleting a load balancer takes its application offline at once.",
    remediation="aws elbv2 modify-load-balancer-attributes --attributes Key=deletion_protection.enabled,Value=true",
    reads=["configuration.type", "supplementaryConfiguration.LoadBalancerAttributes"],
)(_attribute_rule("deletion_protection.enabled", ("true",), ("application", "network", "gateway")))

elb_logging_enabled = rule(
    id="elb-logging-enabled",
    title="Load balancers write access logs",
    resource_types=[LOAD_BALANCER],
    severity="medium",
    rationale="Access logs record every request: client, path, status and latency.",
    remediation="aws elbv2 modify-load-balancer-attributes --attributes Key=access_logs.s3.enabled,Value=true "
    "Key=access_logs.s3.bucket,Value=BUCKET",
    reads=["configuration.type", "supplementaryConfiguration.LoadBalancerAttributes"],
)(_attribute_rule("access_logs.s3.enabled", ("true",), ("application", "network")))

alb_desync_mode_check = rule(
    id="alb-desync-mode-check",
    title="Application Load Balancers use defensive or strictest desync mitigation",
    resource_types=[LOAD_BALANCER],
    severity="medium",
    rationale="Desync mitigation stops request smuggling through ambiguous requests.",
    remediation="aws elbv2 modify-load-balancer-attributes --attributes "
    "Key=routing.http.desync_mitigation_mode,Value=defensive",
    reads=["configuration.type", "supplementaryConfiguration.LoadBalancerAttributes"],
)(_attribute_rule("routing.http.desync_mitigation_mode", ("defensive", "strictest"), ("application",)))


@rule(
    id="alb-http-to-https-redirection-check",
    title="Application Load Balancers redirect HTTP to HTTPS",
    resource_types=[LOAD_BALANCER],
    severity="medium",
    trigger="periodic",
    rationale="An HTTP listener that serves content sends it, and its cookies, in clear text.",
    remediation="Change each HTTP listener's default action to redirect to HTTPS (port 443, status HTTP_301).",
    reads={
        "AWS::ElasticLoadBalancingV2::LoadBalancer": ["configuration.loadBalancerArn", "configuration.type"],
        "AWS::ElasticLoadBalancingV2::Listener": [
            "configuration.DefaultActions",
            "configuration.LoadBalancerArn",
            "configuration.Port",
            "configuration.Protocol",
        ],
    },
)
def alb_http_to_https_redirection_check(ci, snapshot):
    """Every HTTP AWS::ElasticLoadBalancingV2::Listener of the load balancer redirects to HTTPS."""
    if ci.configuration.get("type", "application") != "application":
        return not_applicable("not an Application Load Balancer")
    if not snapshot.has_data(LISTENER, ci.awsRegion):
        return insufficient_data("listeners were not collected in this region")
    arn = ci.configuration.get("loadBalancerArn") or ci.arn or ci.resourceId
    listeners = [
        item for item in snapshot.of_type(LISTENER, ci.awsRegion) if item.configuration.get("LoadBalancerArn") == arn
    ]
    plain = [item for item in listeners if str(item.configuration.get("Protocol", "")).upper() == "HTTP"]
    if not plain:
        return compliant("no HTTP listener") if listeners else not_applicable("no listener")
    for listener in plain:
        actions = as_list(listener.configuration.get("DefaultActions"))
        if not any(
            str(a.get("Type")).lower() == "redirect"
            and str((a.get("RedirectConfig") or {}).get("Protocol", "")).upper() == "HTTPS"
            for a in actions
        ):
            return non_compliant(f"HTTP listener on port {listener.configuration.get('Port')} does not redirect")
    return compliant("every HTTP listener redirects to HTTPS")


@rule(
    id="elbv2-multiple-az",
    title="Load balancers span at least two Availability Zones",
    resource_types=[LOAD_BALANCER],
    severity="medium",
    parameters={"minAvailabilityZones": Param(int, 2, "Minimum number of zones")},
    rationale="A load balancer in one zone goes down with that zone.",
    remediation="aws elbv2 set-subnets --load-balancer-arn ARN --subnets SUBNET_A SUBNET_B",
    reads=["configuration.availabilityZones"],
)
def elbv2_multiple_az(ci, params):
    """Reads configuration.availabilityZones."""
    if "availabilityZones" not in ci.configuration:
        return insufficient_data("the load balancer's zones were not recorded")
    zones = {z.get("zoneName") for z in as_list(ci.configuration["availabilityZones"])}
    if len(zones) >= params["minAvailabilityZones"]:
        return compliant(f"{len(zones)} zones")
    return non_compliant(f"{len(zones)} zone(s) < {params['minAvailabilityZones']}")
