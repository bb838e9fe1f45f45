import base64

import boto3
from collecting import dumped, one, run
from moto import mock_aws

from compliance.collect.helpers import REDACTED
from compliance.collect.services.autoscaling import COLLECTORS, GROUP, LAUNCH_CONFIGURATION

AUTOSCALING = COLLECTORS[0]
USER_DATA_SECRET = "export DB_PASSWORD=launch-config-secret-3e9a"


def _subnet():
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    return ec2.create_subnet(VpcId=vpc, CidrBlock="10.2.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]


@mock_aws
def test_groups_with_template_imds_and_launch_configurations():
    subnet = _subnet()
    ec2 = boto3.client("ec2", region_name="us-east-1")
    template = ec2.create_launch_template(
        LaunchTemplateName="web",
        LaunchTemplateData={"ImageId": "ami-12345678", "MetadataOptions": {"HttpTokens": "required"}},
    )["LaunchTemplate"]
    autoscaling = boto3.client("autoscaling", region_name="us-east-1")
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="legacy",
        ImageId="ami-12345678",
        InstanceType="t3.micro",
        UserData=base64.b64encode(USER_DATA_SECRET.encode()).decode(),
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
    )
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="web",
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"], "Version": "$Latest"},
        MinSize=0,
        MaxSize=1,
        VPCZoneIdentifier=subnet,
        HealthCheckType="ELB",
        Tags=[{"Key": "env", "Value": "prod", "PropagateAtLaunch": True}],
    )
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="legacy", LaunchConfigurationName="legacy", MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet
    )

    items, errors = run(AUTOSCALING)

    assert errors == []
    web = next(i for i in items if i.resourceType == GROUP and i.resourceName == "web")
    assert web.configuration["healthCheckType"] == "ELB"
    assert web.configuration["vpczoneIdentifier"] == subnet
    assert web.supplementaryConfiguration["LaunchTemplateMetadataOptions"]["httpTokens"] == "required"
    assert web.tags == {"env": "prod"}
    legacy = next(i for i in items if i.resourceType == GROUP and i.resourceName == "legacy")
    assert legacy.configuration["healthCheckType"] == "EC2"
    assert "LaunchTemplateMetadataOptions" not in legacy.supplementaryConfiguration
    launch = next(i for i in items if i.resourceType == LAUNCH_CONFIGURATION)
    assert launch.configuration["metadataOptions"]["httpTokens"] == "optional"
    assert launch.configuration["userData"].startswith(f"{REDACTED}:sha256:")
    text = dumped(items)
    assert USER_DATA_SECRET not in text and base64.b64encode(USER_DATA_SECRET.encode()).decode() not in text


@mock_aws
def test_denied_template_lookup_recorded_against_the_group():
    subnet = _subnet()
    template = boto3.client("ec2", region_name="us-east-1").create_launch_template(
        LaunchTemplateName="web", LaunchTemplateData={"ImageId": "ami-12345678"}
    )["LaunchTemplate"]
    boto3.client("autoscaling", region_name="us-east-1").create_auto_scaling_group(
        AutoScalingGroupName="web",
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"]},
        MinSize=0,
        MaxSize=1,
        VPCZoneIdentifier=subnet,
    )
    items, errors = run(AUTOSCALING, deny={"ec2": ["DescribeLaunchTemplateVersions"]})
    group = one(items, GROUP, items[0].resourceId)
    assert "LaunchTemplateMetadataOptions" not in group.supplementaryConfiguration
    assert [(e.service, e.api, e.resourceId, e.resourceTypes) for e in errors] == [
        ("ec2", "DescribeLaunchTemplateVersions", template["LaunchTemplateId"], [GROUP])
    ]
