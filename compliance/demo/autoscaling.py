"""Demo Auto Scaling: a group on an IMDSv2 launch template with ELB health checks, and a legacy
group behind a target group that only uses EC2 health checks, launched from a launch
configuration allowing IMDSv1 whose user data holds a (fake) secret."""

from __future__ import annotations

import base64
from typing import Any

SECRETS = ("demo-asg-userdata-token-0b7d55",)


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.create_vpc(CidrBlock="10.70.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.70.1.0/24", AvailabilityZone=f"{region}a")["Subnet"]["SubnetId"]
    template = ec2.create_launch_template(
        LaunchTemplateName="orders-web",
        LaunchTemplateData={
            "ImageId": "ami-12345678",
            "InstanceType": "t3.micro",
            "MetadataOptions": {"HttpTokens": "required"},
        },
    )["LaunchTemplate"]["LaunchTemplateId"]
    target_group = session.client("elbv2", region_name=region).create_target_group(
        Name="legacy-workers", Protocol="HTTP", Port=80, VpcId=vpc
    )["TargetGroups"][0]["TargetGroupArn"]
    autoscaling = session.client("autoscaling", region_name=region)
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="orders-web",
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Latest"},
        MinSize=0,
        MaxSize=2,
        VPCZoneIdentifier=subnet,
        HealthCheckType="ELB",
        HealthCheckGracePeriod=120,
    )
    user_data = f"#!/bin/sh\nexport API_TOKEN={SECRETS[0]}\n"
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="legacy-workers",
        ImageId="ami-12345678",
        InstanceType="t3.micro",
        UserData=base64.b64encode(user_data.encode()).decode(),
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
    )
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="legacy-workers",
        LaunchConfigurationName="legacy-workers",
        MinSize=0,
        MaxSize=2,
        VPCZoneIdentifier=subnet,
        TargetGroupARNs=[target_group],
    )
