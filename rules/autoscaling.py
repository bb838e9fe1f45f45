"""Auto Scaling rules: health checks, zones, launch configurations."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_list, property_rule

GROUP = "AWS::AutoScaling::AutoScalingGroup"
LAUNCH_CONFIGURATION = "AWS::AutoScaling::LaunchConfiguration"


@rule(
    id="autoscaling-group-elb-healthcheck-required",
    title="Auto Scaling groups behind a load balancer use its health checks",
    resource_types=[GROUP],
    severity="low",
    rationale="EC2 status checks miss an instance whose application is down; the load balancer's check sees it.",
    remediation="aws autoscaling update-auto-scaling-group --auto-scaling-group-name G --health-check-type ELB",
    reads=["configuration.healthCheckType", "configuration.loadBalancerNames", "configuration.targetGroupARNs"],
)
def autoscaling_group_elb_healthcheck_required(ci):
    """Reads configuration.loadBalancerNames, targetGroupARNs and healthCheckType."""
    config = ci.configuration
    if "healthCheckType" not in config:
        return insufficient_data("the group's health check type was not recorded")
    if not as_list(config.get("loadBalancerNames")) and not as_list(config.get("targetGroupARNs")):
        return not_applicable("the group is not behind a load balancer")
    if str(config["healthCheckType"]).upper() in ("ELB", "ELB,EBS"):
        return compliant("uses the load balancer's health checks")
    return non_compliant(f"health check type is {config['healthCheckType']}")


@rule(
    id="autoscaling-multiple-az",
    title="Auto Scaling groups span several Availability Zones",
    resource_types=[GROUP],
    severity="medium",
    rationale="A group in one zone cannot replace capacity when that zone fails.",
    remediation="Add subnets in other zones to the group (update-auto-scaling-group --vpc-zone-identifier).",
    reads=["configuration.availabilityZones"],
)
def autoscaling_multiple_az(ci):
    """Reads configuration.availabilityZones."""
    if "availabilityZones" not in ci.configuration:
        return insufficient_data("the group's zones were not recorded")
    zones = as_list(ci.configuration["availabilityZones"])
    if len(zones) >= 2:
        return compliant(f"{len(zones)} zones")
    return non_compliant("the group uses a single zone")


autoscaling_launchconfig_requires_imdsv2 = property_rule(
    id="autoscaling-launchconfig-requires-imdsv2",
    title="Auto Scaling launch configurations require IMDSv2",
    resource_types=[LAUNCH_CONFIGURATION],
    path="configuration.metadataOptions.httpTokens",
    passes=lambda value, params: str(value).lower() == "required",
    failing="httpTokens is {value}",
    passing="IMDSv2 is required",
    absent="fail",
    severity="high",
    rationale="Instances launched from it would answer IMDSv1 requests that SSRF bugs can forward.",
    remediation="Create a new launch configuration (or a launch template) with --metadata-options HttpTokens=required.",
)
