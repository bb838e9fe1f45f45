"""EC2, VPC, RDS and KMS rules that tests/rules/test_moto.py leaves out, on resources created in a simulated
account (moto) and read by the real collectors (one collection per service group)."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, collected, make_subnets, states, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

# --- EC2 and VPC -------------------------------------------------------------------------------------


def _open(group: str, ec2, port: int) -> None:
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )


def _ec2(session: boto3.Session) -> dict[str, str]:
    ec2 = session.client("ec2", region_name=REGION)
    vpc, (private_subnet,) = make_subnets(session, "10.20", zones="a")
    ids: dict[str, str] = {}
    for name, port in (("web", 443), ("ssh", 22), ("rdp", 3389), ("app", 8080)):
        ids[name] = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        _open(ids[name], ec2, port)
    ids["closed"] = ec2.create_security_group(GroupName="closed", Description="closed", VpcId=vpc)["GroupId"]
    default_group = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]
    ids["emptied-default"] = default_group["GroupId"]
    ec2.revoke_security_group_egress(
        GroupId=default_group["GroupId"], IpPermissions=default_group["IpPermissionsEgress"]
    )
    ids["watched-vpc"] = vpc
    ec2.create_flow_logs(
        ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="cloud-watch-logs",
        LogGroupName="flows", DeliverLogsPermissionArn="arn:aws:iam::123456789012:role/flow-logs",
    )  # fmt: skip
    ids["default-vpc"] = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    iam = session.client("iam")
    iam.create_role(RoleName="ec2", AssumeRolePolicyDocument=json.dumps({"Statement": []}))
    iam.create_instance_profile(InstanceProfileName="ec2")
    iam.add_role_to_instance_profile(InstanceProfileName="ec2", RoleName="ec2")
    image = ec2.register_image(Name="ami", RootDeviceName="/dev/xvda")["ImageId"]
    ids["private"] = ec2.run_instances(
        ImageId=image, MinCount=1, MaxCount=1, SubnetId=private_subnet, IamInstanceProfile={"Name": "ec2"}
    )["Instances"][0]["InstanceId"]
    public = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)  # in a default subnet, with an Elastic IP
    ids["public"] = public["Instances"][0]["InstanceId"]
    address = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=address, InstanceId=ids["public"])
    ids["attached-eip"], ids["idle-eip"] = address, ec2.allocate_address(Domain="vpc")["AllocationId"]
    zone = f"{REGION}a"
    ids["sealed-volume"] = ec2.create_volume(Size=1, AvailabilityZone=zone, Encrypted=True)["VolumeId"]
    ids["plain-volume"] = ec2.create_volume(Size=1, AvailabilityZone=zone, Encrypted=False)["VolumeId"]
    ids["spare-volume"] = ec2.create_volume(Size=1, AvailabilityZone=zone, Encrypted=False)["VolumeId"]
    for volume, device in (("sealed-volume", "/dev/sdf"), ("plain-volume", "/dev/sdg")):
        ec2.attach_volume(VolumeId=ids[volume], InstanceId=ids["private"], Device=device)
    ids["private-snapshot"] = ec2.create_snapshot(VolumeId=ids["sealed-volume"])["SnapshotId"]
    ids["public-snapshot"] = ec2.create_snapshot(VolumeId=ids["plain-volume"])["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=ids["public-snapshot"], Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]
    )
    ids["open-nacl"] = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(
        NetworkAclId=ids["open-nacl"], RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False,
        CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22},
    )  # fmt: skip
    ids["shut-nacl"] = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    association = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [private_subnet]}])
    ec2.replace_network_acl_association(
        AssociationId=association["NetworkAcls"][0]["Associations"][0]["NetworkAclAssociationId"],
        NetworkAclId=ids["shut-nacl"],
    )
    return ids


@pytest.fixture(scope="module")
def ec2_snapshot() -> tuple[Snapshot, dict[str, str]]:
    ids: dict[str, str] = {}
    snapshot = collected(lambda session: ids.update(_ec2(session)), ["ec2", "ec2-vpc"])
    return snapshot, ids


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("restricted-ssh", {"ssh": NON_COMPLIANT, "web": COMPLIANT, "rdp": COMPLIANT}),
        ("restricted-common-ports", {"rdp": NON_COMPLIANT, "ssh": COMPLIANT, "web": COMPLIANT}),
        ("vpc-sg-open-only-to-authorized-ports",
         {"web": COMPLIANT, "app": NON_COMPLIANT, "closed": NOT_APPLICABLE}),
        ("ec2-instance-profile-attached", {"private": COMPLIANT, "public": NON_COMPLIANT}),
        ("ec2-instance-no-public-ip", {"private": COMPLIANT, "public": NON_COMPLIANT}),
        ("eip-attached", {"attached-eip": COMPLIANT, "idle-eip": NON_COMPLIANT}),
        ("encrypted-volumes",
         {"sealed-volume": COMPLIANT, "plain-volume": NON_COMPLIANT, "spare-volume": NOT_APPLICABLE}),
        ("ebs-snapshot-public-restorable-check", {"private-snapshot": COMPLIANT, "public-snapshot": NON_COMPLIANT}),
        ("nacl-no-unrestricted-ssh-rdp", {"open-nacl": NON_COMPLIANT, "shut-nacl": COMPLIANT}),
        ("vpc-network-acl-unused-check", {"open-nacl": NON_COMPLIANT, "shut-nacl": COMPLIANT}),
        ("vpc-default-security-group-closed", {"emptied-default": COMPLIANT, "web": NOT_APPLICABLE}),
        ("vpc-flow-logs-enabled", {"watched-vpc": COMPLIANT, "default-vpc": NON_COMPLIANT}),
    ],
)  # fmt: skip
def test_ec2_and_vpc_rules(ec2_snapshot, rule_id, expected):
    snapshot, ids = ec2_snapshot
    found = states(rule_id, snapshot)
    assert {name: found.get(ids[name]) for name in expected} == expected


def test_ebs_encryption_by_default_off(ec2_snapshot):
    snapshot, _ = ec2_snapshot
    assert states("ec2-ebs-encryption-by-default", snapshot) == {f"{ACCOUNT_ID}@{REGION}": NON_COMPLIANT}


# --- RDS and KMS -------------------------------------------------------------------------------------


def _rds(session: boto3.Session) -> None:
    rds = session.client("rds", region_name=REGION)
    common = {"DBInstanceClass": "db.t3.micro", "Engine": "postgres", "MasterUsername": "dba",
              "MasterUserPassword": "Passw0rd-example", "AllocatedStorage": 20}  # fmt: skip
    rds.create_db_instance(
        DBInstanceIdentifier="hardened", BackupRetentionPeriod=7, AutoMinorVersionUpgrade=True,
        DeletionProtection=True, EnableIAMDatabaseAuthentication=True, MonitoringInterval=60,
        MonitoringRoleArn="arn:aws:iam::123456789012:role/rds-monitoring", EnableCloudwatchLogsExports=["postgresql"],
        MultiAZ=True, StorageEncrypted=True, PubliclyAccessible=False, **common,
    )  # fmt: skip
    rds.create_db_instance(
        DBInstanceIdentifier="default", BackupRetentionPeriod=0, AutoMinorVersionUpgrade=False,
        DeletionProtection=False, EnableIAMDatabaseAuthentication=False, MonitoringInterval=0, MultiAZ=False,
        StorageEncrypted=False, PubliclyAccessible=False, **common,
    )  # fmt: skip
    rds.create_db_snapshot(DBInstanceIdentifier="hardened", DBSnapshotIdentifier="sealed")
    rds.create_db_snapshot(DBInstanceIdentifier="default", DBSnapshotIdentifier="shared")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="shared", AttributeName="restore", ValuesToAdd=["all"])
    kms = session.client("kms", region_name=REGION)
    kms.create_key(Tags=[{"TagKey": "Name", "TagValue": "kept"}])
    doomed = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/doomed", TargetKeyId=doomed)
    kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)


@pytest.fixture(scope="module")
def rds_snapshot() -> Snapshot:
    return collected(_rds, ["rds", "kms"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "db-instance-backup-enabled",
        "rds-automatic-minor-version-upgrade-enabled",
        "rds-instance-deletion-protection-enabled",
        "rds-instance-iam-authentication-enabled",
        "rds-enhanced-monitoring-enabled",
        "rds-logging-enabled",
        "rds-multi-az-support",
        "rds-storage-encrypted",
    ],
)
def test_rds_instance_rules(rds_snapshot, rule_id):
    assert verdicts(rule_id, rds_snapshot, "AWS::RDS::DBInstance") == {"hardened": COMPLIANT, "default": NON_COMPLIANT}


def test_rds_private_instances(rds_snapshot):
    found = verdicts("rds-instance-public-access-check", rds_snapshot, "AWS::RDS::DBInstance")
    assert found == {"hardened": COMPLIANT, "default": COMPLIANT}


@pytest.mark.parametrize("rule_id", ["rds-snapshot-encrypted", "rds-snapshots-public-prohibited"])
def test_rds_snapshot_rules(rds_snapshot, rule_id):
    found = verdicts(rule_id, rds_snapshot, "AWS::RDS::DBSnapshot")  # with moto's automated snapshots
    assert (found["sealed"], found["shared"]) == (COMPLIANT, NON_COMPLIANT)


def _rds_clusters(session: boto3.Session) -> None:
    rds = session.client("rds", region_name=REGION)
    common = {"Engine": "aurora-postgresql", "MasterUsername": "dba", "MasterUserPassword": "Passw0rd-example"}
    rds.create_db_cluster(DBClusterIdentifier="spread", **common)
    rds.create_db_cluster(DBClusterIdentifier="single", **common)
    for zone, role in ((f"{REGION}a", "writer"), (f"{REGION}b", "reader")):  # members in two zones: Multi-AZ
        rds.create_db_instance(
            DBInstanceIdentifier=f"spread-{role}", DBClusterIdentifier="spread", Engine="aurora-postgresql",
            DBInstanceClass="db.r5.large", AvailabilityZone=zone,
        )  # fmt: skip


def test_rds_cluster_multi_az():
    snapshot = collected(_rds_clusters, ["rds"])
    found = verdicts("rds-cluster-multi-az-enabled", snapshot, "AWS::RDS::DBCluster")
    assert found == {"spread": COMPLIANT, "single": NON_COMPLIANT}


def test_kms_key_scheduled_for_deletion(rds_snapshot):
    found = set(states("kms-cmk-not-scheduled-for-deletion-2", rds_snapshot).values())
    assert found == {COMPLIANT, NON_COMPLIANT}
