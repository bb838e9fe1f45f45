"""EC2 and VPC collectors on moto: Config's shapes, relationships, user data redacted, public
snapshots, EBS default encryption, and request counts that grow with pages, not resources."""

from __future__ import annotations

import json

import boto3
from collecting import by_type, context, one
from moto import mock_aws

from compliance.collect.services import ec2 as ec2_module
from compliance.collect.services import vpc as vpc_module
from compliance.collect.session import AwsSession

EC2 = ec2_module.COLLECTORS[0]
VPC = vpc_module.COLLECTORS[0]
PASSWORD = "userdata-S3cret-pw-991"


def _seed() -> dict[str, str]:
    ec2 = boto3.client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(GroupName="ssh-open", Description="x", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=sg,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        ],
    )
    instance = ec2.run_instances(
        ImageId="ami-0test000000000001",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[sg],
        UserData=f"#!/bin/sh\nPASSWORD={PASSWORD}\n",
        MetadataOptions={"HttpTokens": "required"},
    )["Instances"][0]["InstanceId"]
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True)["VolumeId"]
    ec2.attach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/sdf")
    public = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=public, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]
    )
    private = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    ec2.create_flow_logs(
        ResourceIds=[vpc_id],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName="flow",
        DeliverLogsPermissionArn="arn:aws:iam::123456789012:role/flow",
    )
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.enable_ebs_encryption_by_default()
    return dict(vpc=vpc_id, sg=sg, instance=instance, volume=volume, public=public, private=private, eip=allocation)


@mock_aws
def test_ec2_items_relationships_and_redaction():
    ids = _seed()
    ctx = context()
    items = list(EC2.collect(ctx))
    assert ctx.errors == []
    assert ctx.account_settings == {"us-east-1": {"ebsEncryptionByDefault": True}}

    instance = one(items, ec2_module.INSTANCE, ids["instance"])
    assert instance.configuration["metadataOptions"]["httpTokens"] == "required"
    assert instance.configuration["publicIpAddress"] is None  # a subnet without public IPs on launch
    rels = {(r.resourceType, r.resourceId) for r in instance.relationships}
    assert (ec2_module.SECURITY_GROUP, ids["sg"]) in rels and (ec2_module.VPC, ids["vpc"]) in rels
    assert (ec2_module.VOLUME, ids["volume"]) in rels
    marker = instance.supplementaryConfiguration["UserData"]
    assert marker.startswith("REDACTED:sha256:")
    assert PASSWORD not in json.dumps([i.to_dict() for i in items], default=str)

    group = one(items, ec2_module.SECURITY_GROUP, ids["sg"])
    ssh = next(p for p in group.configuration["ipPermissions"] if p.get("fromPort") == 22)
    assert ssh["ipProtocol"] == "tcp" and ssh["toPort"] == 22
    assert ssh["ipv4Ranges"] == [{"cidrIp": "0.0.0.0/0"}] and ssh["ipRanges"] == ["0.0.0.0/0"]
    https = next(p for p in group.configuration["ipPermissions"] if p.get("fromPort") == 443)
    assert https["ipv6Ranges"] == [{"cidrIpv6": "::/0"}]
    assert {(r.resourceType, r.resourceId) for r in group.relationships} >= {
        (ec2_module.VPC, ids["vpc"]),
        (ec2_module.INSTANCE, ids["instance"]),
    }
    assert any(g.configuration["groupName"] == "default" for g in by_type(items, ec2_module.SECURITY_GROUP))

    volume = one(items, ec2_module.VOLUME, ids["volume"])
    assert volume.configuration["encrypted"] is True
    assert volume.configuration["attachments"][0]["instanceId"] == ids["instance"]
    assert [r.resourceId for r in volume.relationships] == [ids["instance"]]

    assert one(items, ec2_module.SNAPSHOT, ids["public"]).configuration["public"] is True
    assert one(items, ec2_module.SNAPSHOT, ids["private"]).configuration["public"] is False
    assert one(items, ec2_module.EIP, ids["eip"]).configuration["domain"] == "vpc"


@mock_aws
def test_user_data_hash_changes_with_the_value():
    ec2 = boto3.client("ec2")
    markers = []
    for value in ("a=1", "a=2"):
        instance = ec2.run_instances(ImageId="ami-0test000000000001", MinCount=1, MaxCount=1, UserData=value)
        instance_id = instance["Instances"][0]["InstanceId"]
        items = list(EC2.collect(context()))
        markers.append(one(items, ec2_module.INSTANCE, instance_id).supplementaryConfiguration["UserData"])
    assert markers[0] != markers[1] and all(m.startswith("REDACTED:sha256:") for m in markers)


@mock_aws
def test_vpcs_flow_logs_and_network_acls():
    ids = _seed()
    ctx = context()
    items = list(VPC.collect(ctx))
    assert ctx.errors == []
    vpc = one(items, vpc_module.VPC, ids["vpc"])
    assert vpc.configuration["cidrBlock"] == "10.9.0.0/16"
    assert [f["trafficType"] for f in vpc.supplementaryConfiguration["FlowLogs"]] == ["ALL"]
    default_vpc = next(v for v in by_type(items, vpc_module.VPC) if v.configuration["isDefault"])
    assert default_vpc.supplementaryConfiguration["FlowLogs"] == []
    flow = by_type(items, vpc_module.FLOW_LOG)[0]
    assert flow.configuration["resourceId"] == ids["vpc"]
    acl = next(a for a in by_type(items, vpc_module.NETWORK_ACL) if a.configuration["vpcId"] == ids["vpc"])
    assert acl.configuration["isDefault"] is True
    assert {"ruleAction", "egress", "cidrBlock"} <= set(acl.configuration["entries"][0])


@mock_aws
def test_requests_grow_with_pages_not_resources():
    ec2 = boto3.client("ec2")
    vpc_ids = [ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"] for n in range(10)]
    for n in range(40):
        ec2.create_security_group(GroupName=f"g{n}", Description="x", VpcId=vpc_ids[n % 10])
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)
    session = AwsSession()
    ctx = context()
    ctx.client_factory = session.client
    items = list(EC2.collect(ctx)) + list(VPC.collect(ctx))
    assert len(by_type(items, ec2_module.SECURITY_GROUP)) >= 40 and len(by_type(items, ec2_module.VOLUME)) == 40
    calls = session.recorder.calls
    for operation in ("DescribeSecurityGroups", "DescribeVolumes", "DescribeVpcs"):
        assert calls[("ec2", operation)] == 1, operation
