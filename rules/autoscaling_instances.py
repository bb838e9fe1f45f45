"""Auto Scaling group rules on how instances are launched: several instance types, launch templates."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._util import as_list
from .autoscaling import GROUP


@rule(
    id="autoscaling-multiple-instance-types",
    title="Auto Scaling groups use several instance types",
    resource_types=[GROUP],
    severity="medium",
    rationale="Several instance types let the group launch capacity when one type runs short in a zone.",
    remediation="Give the group a mixed instances policy with several instance type overrides.",
    reads=["configuration.mixedInstancesPolicy", "configuration.autoScalingGroupName"],
)
def autoscaling_multiple_instance_types(ci):
    """Reads configuration.mixedInstancesPolicy.launchTemplate.overrides (absent: one instance type)."""
    if not ci.configuration:
        return insufficient_data("the group was not recorded")
    overrides = ((ci.configuration.get("mixedInstancesPolicy") or {}).get("launchTemplate") or {}).get("overrides")
    types = {o.get("instanceType") for o in as_list(overrides) if o.get("instanceType")}
    if len(types) < 2:
        return non_compliant("the group uses a single instance type")
    return compliant(f"{len(types)} instance types")


@rule(
    id="autoscaling-launch-template",
    title="Auto Scaling groups launch from EC2 launch templates",
    resource_types=[GROUP],
    severity="medium",
    rationale="Launch templates support IMDSv2 settings, versioning and the newer instance features.",
    remediation="Create a launch template and update the group with --launch-template.",
    reads=["configuration.launchConfigurationName", "configuration.launchTemplate",
           "configuration.mixedInstancesPolicy", "configuration.autoScalingGroupName"],  # fmt: skip
)
def autoscaling_launch_template(ci):
    """Reads configuration.launchTemplate / mixedInstancesPolicy (and launchConfigurationName)."""
    if not ci.configuration:
        return insufficient_data("the group was not recorded")
    if ci.configuration.get("launchTemplate") or ci.configuration.get("mixedInstancesPolicy"):
        return compliant("launches from a launch template")
    return non_compliant("launches from a launch configuration")
