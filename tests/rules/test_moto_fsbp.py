"""FSBP rules added by issue 13 over types the collectors already read (EFS, RDS clusters, SNS, KMS), on resources
created in a simulated account (moto) and read by the real collectors."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, collected, states, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

EFS_FS, CLUSTER, TOPIC, KEY = "AWS::EFS::FileSystem", "AWS::RDS::DBCluster", "AWS::SNS::Topic", "AWS::KMS::Key"
INSTANCE = "AWS::EC2::Instance"


def _policy(principal) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "use", "Effect": "Allow", "Principal": principal, "Action": "*", "Resource": "*"}]})  # fmt: skip


def _build(session: boto3.Session) -> None:
    efs = session.client("efs", region_name=REGION)
    efs.create_file_system(CreationToken="safe", Encrypted=True, Backup=True, Tags=[{"Key": "Name", "Value": "safe"}])
    efs.create_file_system(CreationToken="plain", Encrypted=False, Tags=[{"Key": "Name", "Value": "plain"}])
    rds = session.client("rds", region_name=REGION)
    common = {"MasterUsername": "admin", "MasterUserPassword": "password-123"}
    rds.create_db_cluster(DBClusterIdentifier="guarded", Engine="aurora-mysql", DeletionProtection=True,
                          StorageEncrypted=True, CopyTagsToSnapshot=True, **common)  # fmt: skip
    rds.create_db_cluster(DBClusterIdentifier="bare", Engine="aurora-mysql", **common)
    rds.create_db_cluster(DBClusterIdentifier="pg", Engine="aurora-postgresql", **common)
    sns = session.client("sns", region_name=REGION)
    own = f"arn:aws:iam::{ACCOUNT_ID}:root"
    private = sns.create_topic(Name="private")["TopicArn"]
    sns.set_topic_attributes(TopicArn=private, AttributeName="Policy", AttributeValue=_policy({"AWS": own}))
    public = sns.create_topic(Name="public")["TopicArn"]
    sns.set_topic_attributes(TopicArn=public, AttributeName="Policy", AttributeValue=_policy("*"))
    ec2 = session.client("ec2", region_name=REGION)
    image = ec2.register_image(Name="base", RootDeviceName="/dev/xvda")["ImageId"]
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    launched = {}
    for name in ("single", "stopped", "dual"):
        tags = [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}]
        reply = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=subnet, TagSpecifications=tags)
        launched[name] = reply["Instances"][0]["InstanceId"]
    extra = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    ec2.attach_network_interface(NetworkInterfaceId=extra, InstanceId=launched["dual"], DeviceIndex=1)
    ec2.stop_instances(InstanceIds=[launched["stopped"]])
    dms = session.client("dms", region_name=REGION)
    for name, multi_az in (("paired", True), ("lonely", False)):
        dms.create_replication_instance(ReplicationInstanceIdentifier=name, ReplicationInstanceClass="dms.t3.micro",
                                        MultiAZ=multi_az, PubliclyAccessible=False)  # fmt: skip
    second = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.2.0/24", AvailabilityZone=f"{REGION}b")["Subnet"]["SubnetId"]
    elbv2 = session.client("elbv2", region_name=REGION)
    balancer = elbv2.create_load_balancer(Name="web", Type="network", Subnets=[subnet, second])["LoadBalancers"][0]
    group = elbv2.create_target_group(Name="web", Protocol="TCP", Port=443, VpcId=vpc)["TargetGroups"][0]
    forward = [{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}]
    certificate = session.client("acm", region_name=REGION).request_certificate(DomainName="example.com")
    elbv2.create_listener(LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="TCP", Port=80, DefaultActions=forward)
    elbv2.create_listener(LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="TLS", Port=443, DefaultActions=forward,
                          SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                          Certificates=[{"CertificateArn": certificate["CertificateArn"]}])  # fmt: skip
    kms = session.client("kms", region_name=REGION)
    kms.create_key(Policy=_policy({"AWS": own}), Tags=[{"TagKey": "Name", "TagValue": "own"}])
    kms.create_key(Policy=_policy("*"), Tags=[{"TagKey": "Name", "TagValue": "open"}])


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return collected(_build, ["efs", "rds", "sns", "kms", "ec2", "dms", "elbv2"])


def by_name(snapshot: Snapshot, rule_id: str, resource_type: str) -> dict[str, str]:
    return verdicts(rule_id, snapshot, resource_type)


@pytest.mark.parametrize(
    ("rule_id", "resource_type", "expected"),
    [
        ("efs-automatic-backups-enabled", EFS_FS, {"safe": COMPLIANT, "plain": NON_COMPLIANT}),
        ("efs-filesystem-ct-encrypted", EFS_FS, {"safe": COMPLIANT, "plain": NON_COMPLIANT}),
        ("rds-cluster-deletion-protection-enabled", CLUSTER, {"guarded": COMPLIANT, "bare": NON_COMPLIANT}),
        ("rds-cluster-encrypted-at-rest", CLUSTER, {"guarded": COMPLIANT, "bare": NON_COMPLIANT}),
        ("rds-cluster-copy-tags-to-snapshots-enabled", CLUSTER, {"guarded": COMPLIANT, "bare": NON_COMPLIANT}),
        ("rds-cluster-default-admin-check", CLUSTER, {"guarded": NON_COMPLIANT}),
        ("aurora-mysql-backtracking-enabled", CLUSTER, {"bare": NON_COMPLIANT, "pg": NOT_APPLICABLE}),
        ("sns-topic-no-public-access", TOPIC, {"private": COMPLIANT, "public": NON_COMPLIANT}),
        ("ec2-instance-multiple-eni-check", INSTANCE, {"single": COMPLIANT, "dual": NON_COMPLIANT}),
        ("dms-replication-instance-multi-az-enabled", "AWS::DMS::ReplicationInstance",
         {"paired": COMPLIANT, "lonely": NON_COMPLIANT}),
        ("ec2-stopped-instance-days-check", INSTANCE, {"single": COMPLIANT, "stopped": COMPLIANT}),
    ],
)  # fmt: skip
def test_rules_on_collected_resources(snapshot, rule_id, resource_type, expected):
    found = by_name(snapshot, rule_id, resource_type)
    assert {name: found.get(name) for name in expected} == expected


def test_kms_key_policy_no_public_access(snapshot):
    found = states("kms-key-policy-no-public-access", snapshot)  # keys have no names: by id, then by tag
    by_tag = {i.tags.get("Name"): found[i.resourceId] for i in snapshot if i.resourceType == KEY}
    assert by_tag == {"own": COMPLIANT, "open": NON_COMPLIANT}


def test_elbv2_listener_rules(snapshot):
    listeners = [i for i in snapshot if i.resourceType == "AWS::ElasticLoadBalancingV2::Listener"]
    protocol = {i.resourceId: i.configuration.get("Protocol") for i in listeners}
    encrypted = states("elbv2-listener-encryption-in-transit", snapshot)
    policy = states("elbv2-predefined-security-policy-ssl-check", snapshot)
    assert sorted((protocol[r], encrypted[r], policy[r]) for r in protocol) == [
        ("TCP", NON_COMPLIANT, NOT_APPLICABLE), ("TLS", COMPLIANT, COMPLIANT)]  # fmt: skip
