"""Demo EC2/VPC: per region, an open-SSH bastion group, a web group and a closed database group;
an instance with IMDSv1, a public IP and a password in its user data (first region) and one with
IMDSv2 (second region); encrypted and unencrypted volumes, a public and a private snapshot; EBS
encryption by default only in the second region; a custom VPC with flow logs beside default VPCs
without; an unattached Elastic IP."""

from __future__ import annotations

from typing import Any

USER_DATA_PASSWORD = "Demo-UserData-DB-Passw0rd-7731"
SECRETS = (USER_DATA_PASSWORD,)
PROFILE = "demo-ec2-instance"
IMAGE_ID = "ami-0demo0000000000a"  # the simulator accepts any image id when no AMI catalogue is loaded


def _group(ec2: Any, vpc_id: str, name: str, port: int, cidr: str) -> str:
    group_id = ec2.create_security_group(GroupName=name, Description=f"demo {name}", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}],
    )
    return group_id


def _instance_profile(session: Any) -> str:
    iam = session.client("iam")
    trust = (
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
        '"Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
    )
    iam.create_role(RoleName=PROFILE, AssumeRolePolicyDocument=trust)
    iam.create_instance_profile(InstanceProfileName=PROFILE)
    iam.add_role_to_instance_profile(InstanceProfileName=PROFILE, RoleName=PROFILE)
    return PROFILE


def _simulated_answers(session: Any) -> None:
    """Client VPN and VPC Block Public Access, which the simulator lacks: none, and BPA off."""
    from compliance.demo._simulated import answer

    def block_public_access(region: str, _params: dict[str, Any]) -> dict[str, Any]:
        options = {"AwsRegion": region, "State": "default-state", "InternetGatewayBlockMode": "off"}
        return {"VpcBlockPublicAccessOptions": options}

    answer(session, "ec2", "DescribeClientVpnEndpoints", lambda region, params: {"ClientVpnEndpoints": []})
    answer(session, "ec2", "DescribeVpcBlockPublicAccessOptions", block_public_access)


def seed(session: Any, regions: list[str]) -> None:
    _simulated_answers(session)
    profile = _instance_profile(session)
    for index, region in enumerate(regions):
        ec2 = session.client("ec2", region_name=region)
        first = index == 0
        vpc_id = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": f"demo-{region}"}])
        subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.20.1.0/24", AvailabilityZone=f"{region}a")["Subnet"][
            "SubnetId"
        ]
        if first:  # the first region's app server gets a public IP
            ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})
        bastion = _group(ec2, vpc_id, "demo-bastion", 22, "0.0.0.0/0")
        _group(ec2, vpc_id, "demo-web", 443, "0.0.0.0/0")
        _group(ec2, vpc_id, "demo-database", 5432, "10.20.0.0/16")
        if first:
            ec2.create_flow_logs(
                ResourceIds=[vpc_id],
                ResourceType="VPC",
                TrafficType="ALL",
                LogDestinationType="cloud-watch-logs",
                LogGroupName="demo-vpc-flow-logs",
                DeliverLogsPermissionArn="arn:aws:iam::123456789012:role/demo-flow-logs",
            )
        else:
            ec2.enable_ebs_encryption_by_default()
        instance = ec2.run_instances(
            ImageId=IMAGE_ID,
            ClientToken=f"demo-app-{index}",  # else boto3 sends a random one, and it is recorded
            MinCount=1,
            MaxCount=1,
            InstanceType="t3.micro",
            SubnetId=subnet_id,
            SecurityGroupIds=[bastion],
            UserData=f"#!/bin/bash\nexport DB_PASSWORD={USER_DATA_PASSWORD}\n" if first else "#!/bin/bash\necho ok\n",
            MetadataOptions={"HttpTokens": "optional" if first else "required", "HttpEndpoint": "enabled"},
            IamInstanceProfile={"Name": profile},
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": f"demo-app-{index}"}]}],
        )["Instances"][0]
        zone = instance["Placement"]["AvailabilityZone"]
        encrypted = ec2.create_volume(AvailabilityZone=zone, Size=20, Encrypted=True)["VolumeId"]
        plain = ec2.create_volume(AvailabilityZone=zone, Size=20, Encrypted=False)["VolumeId"]
        ec2.attach_volume(VolumeId=encrypted, InstanceId=instance["InstanceId"], Device="/dev/sdf")
        ec2.attach_volume(VolumeId=plain, InstanceId=instance["InstanceId"], Device="/dev/sdg")
        shared = ec2.create_snapshot(VolumeId=plain, Description="demo shared snapshot")["SnapshotId"]
        if first:
            ec2.modify_snapshot_attribute(
                SnapshotId=shared, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]
            )
        ec2.create_snapshot(VolumeId=encrypted, Description="demo private snapshot")
        if not first:
            ec2.allocate_address(Domain="vpc")
