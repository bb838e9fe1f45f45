"""EC2 compute and storage: instances, security groups, volumes, snapshots, Elastic IPs, and the
region's EBS encryption-by-default setting (regional account item key ``ebsEncryptionByDefault``).

Security groups, volumes, instances and addresses come from paginated Describe* calls, so their
request count grows with pages, not resources. Two per-resource reads remain, because no batch
API answers them: an instance's user data (stored only as a redaction marker with a salted hash,
never the value) and a snapshot's createVolumePermission (whether it is public).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, config_case, paginate, redact, tag_dict
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem, Relationship

INSTANCE, SECURITY_GROUP, VOLUME = "AWS::EC2::Instance", "AWS::EC2::SecurityGroup", "AWS::EC2::Volume"
SNAPSHOT, EIP = "AWS::EC2::Snapshot", "AWS::EC2::EIP"
SUBNET, VPC, ENI = "AWS::EC2::Subnet", "AWS::EC2::VPC", "AWS::EC2::NetworkInterface"


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    ec2 = ctx.client("ec2")
    try:
        ctx.account_setting(
            "ebsEncryptionByDefault", ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"], regional=True
        )
    except AWS_ERRORS as exc:
        ctx.record_error("ec2", "GetEbsEncryptionByDefault", exc, (ACCOUNT_RESOURCE_TYPE,), resource_id=ctx.account_id)
    instances: list[dict[str, Any]] = []
    reservations = paginate(ctx, ec2, "describe_instances", "Reservations", (INSTANCE,))
    for reservation in reservations or []:
        instances.extend(i for i in reservation.get("Instances") or [] if i["State"]["Name"] != "terminated")
    groups_of_instance = {i["InstanceId"]: _instance_groups(i) for i in instances}
    yield from ctx.map(lambda i: _instance(ctx, ec2, i, groups_of_instance[i["InstanceId"]]), instances)

    members: dict[str, list[str]] = {}
    for instance_id, groups in groups_of_instance.items():
        for group in groups:
            members.setdefault(group, []).append(instance_id)
    for group in paginate(ctx, ec2, "describe_security_groups", "SecurityGroups", (SECURITY_GROUP,)) or []:
        yield _security_group(ctx, group, members.get(group["GroupId"], []))
    for volume in paginate(ctx, ec2, "describe_volumes", "Volumes", (VOLUME,)) or []:
        yield _volume(ctx, volume)
    snapshots = paginate(ctx, ec2, "describe_snapshots", "Snapshots", (SNAPSHOT,), OwnerIds=["self"]) or []
    yield from ctx.map(lambda s: _snapshot(ctx, ec2, s), snapshots)
    try:
        addresses = ec2.describe_addresses()["Addresses"]
    except AWS_ERRORS as exc:
        ctx.record_error("ec2", "DescribeAddresses", exc, (EIP,))
        addresses = []
    for address in addresses:
        yield _address(ctx, address)


def _arn(ctx: CollectContext, kind: str, resource_id: str) -> str:
    return f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:{kind}/{resource_id}"


def _instance_groups(instance: dict[str, Any]) -> list[str]:
    groups = [g["GroupId"] for g in instance.get("SecurityGroups") or []]
    for interface in instance.get("NetworkInterfaces") or []:
        groups += [g["GroupId"] for g in interface.get("Groups") or []]
    return list(dict.fromkeys(groups))


def _instance(ctx: CollectContext, ec2: Any, instance: dict[str, Any], groups: list[str]) -> ConfigurationItem:
    instance_id = instance["InstanceId"]
    arn = _arn(ctx, "instance", instance_id)
    configuration = config_case(instance)
    configuration.setdefault("publicIpAddress", None)  # AWS leaves the key out when there is none
    supplementary: dict[str, Any] = {}
    try:
        value = ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="userData").get("UserData") or {}
        encoded = value.get("Value")
        supplementary["UserData"] = redact(_decoded(encoded), salt=f"{arn}:userData") if encoded else None
    except AWS_ERRORS as exc:
        ctx.record_error("ec2", "DescribeInstanceAttribute", exc, (INSTANCE,), resource_id=instance_id)
    relationships = [Relationship(SECURITY_GROUP, g, None, "Is associated with SecurityGroup") for g in groups]
    if instance.get("SubnetId"):
        relationships.append(Relationship(SUBNET, instance["SubnetId"], None, "Is contained in Subnet"))
    if instance.get("VpcId"):
        relationships.append(Relationship(VPC, instance["VpcId"], None, "Is contained in Vpc"))
    for mapping in instance.get("BlockDeviceMappings") or []:
        volume_id = (mapping.get("Ebs") or {}).get("VolumeId")
        if volume_id:
            relationships.append(Relationship(VOLUME, volume_id, None, "Is attached to Volume"))
    for interface in instance.get("NetworkInterfaces") or []:
        relationships.append(
            Relationship(ENI, interface.get("NetworkInterfaceId"), None, "Is attached to NetworkInterface")
        )
    return ctx.item(
        INSTANCE,
        instance_id,
        configuration,
        arn=arn,
        name=tag_dict(instance.get("Tags")).get("Name"),
        tags=tag_dict(instance.get("Tags")),
        relationships=relationships,
        supplementary=supplementary,
        created=configuration.get("launchTime"),
        availability_zone=(instance.get("Placement") or {}).get("AvailabilityZone"),
    )


def _decoded(value: str) -> str:
    try:
        return base64.b64decode(value).decode("utf-8", "replace")
    except ValueError:
        return value


def _permission(permission: dict[str, Any]) -> dict[str, Any]:
    """An IpPermission in AWS Config's spelling (ipv4Ranges, ipv6Ranges, plus ipRanges as CIDRs)."""
    v4 = [config_case(r) for r in permission.get("IpRanges") or []]
    shaped = {
        "ipProtocol": permission.get("IpProtocol"),
        "ipv4Ranges": v4,
        "ipRanges": [r.get("cidrIp") for r in v4],
        "ipv6Ranges": [config_case(r) for r in permission.get("Ipv6Ranges") or []],
        "prefixListIds": [config_case(p) for p in permission.get("PrefixListIds") or []],
        "userIdGroupPairs": [config_case(p) for p in permission.get("UserIdGroupPairs") or []],
    }
    for ours, theirs in (("fromPort", "FromPort"), ("toPort", "ToPort")):
        if theirs in permission:
            shaped[ours] = permission[theirs]
    return shaped


def _security_group(ctx: CollectContext, group: dict[str, Any], instances: list[str]) -> ConfigurationItem:
    group_id = group["GroupId"]
    configuration = {
        "groupId": group_id,
        "groupName": group.get("GroupName"),
        "description": group.get("Description"),
        "vpcId": group.get("VpcId"),
        "ownerId": group.get("OwnerId"),
        "ipPermissions": [_permission(p) for p in group.get("IpPermissions") or []],
        "ipPermissionsEgress": [_permission(p) for p in group.get("IpPermissionsEgress") or []],
    }
    relationships = [Relationship(INSTANCE, i, None, "Is associated with Instance") for i in instances]
    if group.get("VpcId"):
        relationships.append(Relationship(VPC, group["VpcId"], None, "Is contained in Vpc"))
    return ctx.item(
        SECURITY_GROUP,
        group_id,
        configuration,
        arn=_arn(ctx, "security-group", group_id),
        name=group.get("GroupName"),
        tags=tag_dict(group.get("Tags")),
        relationships=relationships,
    )


def _volume(ctx: CollectContext, volume: dict[str, Any]) -> ConfigurationItem:
    configuration = config_case(volume)
    configuration.setdefault("kmsKeyId", None)
    relationships = [
        Relationship(INSTANCE, a.get("InstanceId"), None, "Is attached to Instance")
        for a in volume.get("Attachments") or []
        if a.get("InstanceId")
    ]
    return ctx.item(
        VOLUME,
        volume["VolumeId"],
        configuration,
        arn=_arn(ctx, "volume", volume["VolumeId"]),
        name=tag_dict(volume.get("Tags")).get("Name"),
        tags=tag_dict(volume.get("Tags")),
        relationships=relationships,
        created=configuration.get("createTime"),
        availability_zone=volume.get("AvailabilityZone"),
    )


def _snapshot(ctx: CollectContext, ec2: Any, snapshot: dict[str, Any]) -> ConfigurationItem:
    snapshot_id = snapshot["SnapshotId"]
    configuration = config_case(snapshot)
    try:
        permissions = ec2.describe_snapshot_attribute(SnapshotId=snapshot_id, Attribute="createVolumePermission")
        grants = permissions.get("CreateVolumePermissions") or []
        configuration["createVolumePermissions"] = config_case(grants)
        configuration["public"] = any(g.get("Group") == "all" for g in grants)
    except AWS_ERRORS as exc:
        ctx.record_error("ec2", "DescribeSnapshotAttribute", exc, (SNAPSHOT,), resource_id=snapshot_id)
    relationships = []
    if snapshot.get("VolumeId"):
        relationships.append(Relationship(VOLUME, snapshot["VolumeId"], None, "Is associated with Volume"))
    return ctx.item(
        SNAPSHOT,
        snapshot_id,
        configuration,
        arn=f"arn:{ctx.partition}:ec2:{ctx.region}::snapshot/{snapshot_id}",
        tags=tag_dict(snapshot.get("Tags")),
        relationships=relationships,
        created=configuration.get("startTime"),
    )


def _address(ctx: CollectContext, address: dict[str, Any]) -> ConfigurationItem:
    allocation = address.get("AllocationId") or address.get("PublicIp")
    relationships = []
    if address.get("InstanceId"):
        relationships.append(Relationship(INSTANCE, address["InstanceId"], None, "Is attached to Instance"))
    if address.get("NetworkInterfaceId"):
        relationships.append(Relationship(ENI, address["NetworkInterfaceId"], None, "Is attached to NetworkInterface"))
    return ctx.item(
        EIP,
        allocation,
        config_case(address),
        arn=_arn(ctx, "elastic-ip", allocation),
        tags=tag_dict(address.get("Tags")),
        relationships=relationships,
    )


COLLECTORS = [
    Collector(
        name="ec2",
        resource_types=(INSTANCE, SECURITY_GROUP, VOLUME, SNAPSHOT, EIP, ACCOUNT_RESOURCE_TYPE),
        permissions=(
            "ec2:GetEbsEncryptionByDefault",
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceAttribute",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeVolumes",
            "ec2:DescribeSnapshots",
            "ec2:DescribeSnapshotAttribute",
            "ec2:DescribeAddresses",
        ),
        collect=collect,
        description="EC2 instances, security groups, volumes, snapshots, Elastic IPs; EBS encryption by default",
    )
]
