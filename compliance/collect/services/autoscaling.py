"""Auto Scaling: groups (health check type, load balancers, launch template or configuration)
and launch configurations (IMDS options; user data redacted).

For a group launched from a launch template, the template version's IMDS settings are added
as ``supplementaryConfiguration.LaunchTemplateMetadataOptions`` (one
``DescribeLaunchTemplateVersions`` call per distinct template and version). Launch
configuration ``userData`` is a secret: replaced by a marker and hash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, redact, tag_dict
from compliance.model import ConfigurationItem, Relationship

GROUP = "AWS::AutoScaling::AutoScalingGroup"
LAUNCH_CONFIGURATION = "AWS::AutoScaling::LaunchConfiguration"
TYPES = (GROUP, LAUNCH_CONFIGURATION)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    autoscaling = ctx.client("autoscaling")
    groups = paginate(ctx, autoscaling, "describe_auto_scaling_groups", "AutoScalingGroups", (GROUP,))
    templates: dict[tuple[str, str], dict[str, Any] | None] = {}
    for group in groups or []:
        spec = _template_spec(group)
        if spec is not None and spec not in templates:
            templates[spec] = _metadata_options(ctx, spec)
        yield _group(ctx, group, templates.get(spec) if spec else None)
    configurations = paginate(
        ctx, autoscaling, "describe_launch_configurations", "LaunchConfigurations", (LAUNCH_CONFIGURATION,)
    )
    for launch in configurations or []:
        yield _launch_configuration(ctx, launch)


def _template_spec(group: dict[str, Any]) -> tuple[str, str] | None:
    template = group.get("LaunchTemplate") or (
        ((group.get("MixedInstancesPolicy") or {}).get("LaunchTemplate") or {}).get("LaunchTemplateSpecification")
    )
    if not template:
        return None
    ident = template.get("LaunchTemplateId") or template.get("LaunchTemplateName")
    return (ident, str(template.get("Version") or "$Default")) if ident else None


def _metadata_options(ctx: CollectContext, spec: tuple[str, str]) -> dict[str, Any] | None:
    ident, version = spec
    ec2 = ctx.client("ec2")
    key = "LaunchTemplateId" if ident.startswith("lt-") else "LaunchTemplateName"
    found = call(
        ctx,
        "ec2",
        "DescribeLaunchTemplateVersions",
        ec2.describe_launch_template_versions,
        (GROUP,),
        resource_id=ident,
        Versions=[version],
        **{key: ident},
    )
    if found is None:
        return None
    versions = found.get("LaunchTemplateVersions") or []
    if not versions:
        return {}
    return config_case((versions[0].get("LaunchTemplateData") or {}).get("MetadataOptions") or {})


def _group(ctx: CollectContext, group: dict[str, Any], metadata: dict[str, Any] | None) -> ConfigurationItem:
    name = group["AutoScalingGroupName"]
    configuration = config_case({k: v for k, v in group.items() if k != "Tags"})
    if "vPCZoneIdentifier" in configuration:  # AWS Config's spelling
        configuration["vpczoneIdentifier"] = configuration.pop("vPCZoneIdentifier")
    supplementary = {} if metadata is None else {"LaunchTemplateMetadataOptions": metadata}
    relationships = [
        Relationship("AWS::EC2::Instance", i["InstanceId"], relationshipName="Contains Instance")
        for i in group.get("Instances") or []
    ]
    if group.get("LaunchConfigurationName"):
        relationships.append(
            Relationship(
                LAUNCH_CONFIGURATION,
                resourceName=group["LaunchConfigurationName"],
                relationshipName="Is associated with LaunchConfiguration",
            )
        )
    return ctx.item(
        GROUP,
        group.get("AutoScalingGroupARN") or name,
        configuration,
        arn=group.get("AutoScalingGroupARN"),
        name=name,
        tags=tag_dict(group.get("Tags")),
        supplementary=supplementary,
        relationships=relationships,
        created=configuration.get("createdTime"),
    )


def _launch_configuration(ctx: CollectContext, launch: dict[str, Any]) -> ConfigurationItem:
    arn = launch.get("LaunchConfigurationARN")
    configuration = config_case({k: v for k, v in launch.items() if k != "UserData"})
    if launch.get("UserData"):
        configuration["userData"] = redact(launch["UserData"], salt=arn or launch["LaunchConfigurationName"])
    return ctx.item(
        LAUNCH_CONFIGURATION,
        arn or launch["LaunchConfigurationName"],
        configuration,
        arn=arn,
        name=launch["LaunchConfigurationName"],
        created=configuration.get("createdTime"),
    )


COLLECTORS = [
    Collector(
        name="autoscaling",
        resource_types=TYPES,
        permissions=(
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeLaunchConfigurations",
            "ec2:DescribeLaunchTemplateVersions",
        ),
        collect=collect,
        description="Auto Scaling groups (health checks, launch template IMDS) and launch configurations",
    )
]
