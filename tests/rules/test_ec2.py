"""EC2 and VPC rules on configuration items in AWS Config's shape: every state each rule can produce."""

from __future__ import annotations

import pytest

from compliance.testing import (
    COMPLIANT,
    INSUFFICIENT_DATA,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    make_account,
    make_ci,
)
from compliance.testing import (
    RuleCase as Case,
)

C, NC, NA, INS = COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA


def sg(*ingress, name: str = "web", egress=()):
    config = {"groupId": "sg-1", "groupName": name, "ipPermissions": list(ingress), "ipPermissionsEgress": list(egress)}
    return make_ci("AWS::EC2::SecurityGroup", "sg-1", config)


def tcp(port: int, cidr: str = "0.0.0.0/0", to: int | None = None, protocol: str = "tcp"):
    ranges = {"ipv4Ranges": [{"cidrIp": cidr}]} if ":" not in cidr else {"ipv6Ranges": [{"cidrIpv6": cidr}]}
    return {"ipProtocol": protocol, "fromPort": port, "toPort": to or port, **ranges}


ALL_TRAFFIC = {"ipProtocol": "-1", "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}


def instance(**config):
    return make_ci("AWS::EC2::Instance", "i-1", {"instanceId": "i-1", **config})


def nacl(*entries, associations=({"subnetId": "subnet-1"},)):
    config = {"networkAclId": "acl-1", "entries": list(entries), "associations": list(associations)}
    return make_ci("AWS::EC2::NetworkAcl", "acl-1", config)


def entry(number, action, cidr="0.0.0.0/0", protocol="6", ports=(22, 22), egress=False):
    key = "ipv6CidrBlock" if ":" in cidr else "cidrBlock"
    span = {"portRange": {"from": ports[0], "to": ports[1]}} if protocol != "-1" else {}
    return {"ruleNumber": number, "ruleAction": action, key: cidr, "protocol": protocol, "egress": egress, **span}


def vpc():
    return make_ci("AWS::EC2::VPC", "vpc-1", {"vpcId": "vpc-1"})


def flow_log(traffic="ALL", status="ACTIVE", resource="vpc-1"):
    config = {"flowLogId": "fl-1", "resourceId": resource, "trafficType": traffic, "flowLogStatus": status}
    return make_ci("AWS::EC2::FlowLog", "fl-1", config)


ATTACHED = [{"instanceId": "i-1", "state": "attached"}]

CASES = [
    Case("restricted-ssh", NC, [sg(tcp(22))]),
    Case("restricted-ssh", C, [sg(tcp(22, "10.0.0.0/8"), tcp(443))]),
    Case("encrypted-volumes", C, [make_ci("AWS::EC2::Volume", "vol-1", {"encrypted": True, "attachments": ATTACHED})]),
    Case(
        "encrypted-volumes", NC, [make_ci("AWS::EC2::Volume", "vol-1", {"encrypted": False, "attachments": ATTACHED})]
    ),
    Case("encrypted-volumes", NA, [make_ci("AWS::EC2::Volume", "vol-1", {"encrypted": False, "attachments": []})]),
    Case("vpc-sg-port-restriction-check", NC, [sg(tcp(22))]),
    Case("vpc-sg-port-restriction-check", NC, [sg(tcp(3000, to=4000))], "range covers 3389"),
    Case("vpc-sg-port-restriction-check", NC, [sg(ALL_TRAFFIC)], "all traffic"),
    Case("vpc-sg-port-restriction-check", C, [sg(tcp(443), tcp(22, "10.0.0.0/8"))]),
    Case("vpc-sg-port-restriction-check", NC, [sg(tcp(22, "::/0"))], "ipv6", params={"ipType": "IPv6"}),
    Case("vpc-sg-port-restriction-check", C, [sg(tcp(22, "::/0"))], "ipv4 only", params={"ipType": "IPv4"}),
    Case("vpc-sg-port-restriction-check", C, [sg(tcp(22, protocol="udp"))], "udp", params={"protocolType": "TCP"}),
    Case("vpc-sg-port-restriction-check", NC, [sg(tcp(8080))], "custom ports", params={"restrictPorts": "8080,9090"}),
    Case("vpc-sg-port-restriction-check", INS, [make_ci("AWS::EC2::SecurityGroup", "sg-1", {"groupId": "sg-1"})]),
    Case("restricted-common-ports", NC, [sg(tcp(3306))]),
    Case("restricted-common-ports", NC, [sg(tcp(3389, "::/0"))], "RDP from IPv6 anywhere"),
    Case("restricted-common-ports", C, [sg(tcp(443), tcp(3306, "10.0.0.0/16"))]),
    Case("restricted-common-ports", INS, [make_ci("AWS::EC2::SecurityGroup", "sg-1", {})]),
    Case("vpc-sg-open-only-to-authorized-ports", C, [sg(tcp(443))]),
    Case("vpc-sg-open-only-to-authorized-ports", NC, [sg(tcp(8080))]),
    Case(
        "vpc-sg-open-only-to-authorized-ports",
        C,
        [sg(tcp(8080))],
        "range",
        params={"authorizedTcpPorts": "443,8000-9000"},
    ),
    Case("vpc-sg-open-only-to-authorized-ports", NC, [sg(ALL_TRAFFIC)], "all traffic"),
    Case("vpc-sg-open-only-to-authorized-ports", NA, [sg(tcp(8080, "10.0.0.0/8"))]),
    Case("vpc-sg-open-only-to-authorized-ports", INS, [make_ci("AWS::EC2::SecurityGroup", "sg-1", {})]),
    Case("vpc-default-security-group-closed", C, [sg(name="default")]),
    Case("vpc-default-security-group-closed", NC, [sg(tcp(443), name="default")]),
    Case("vpc-default-security-group-closed", NC, [sg(name="default", egress=[ALL_TRAFFIC])], "egress"),
    Case("vpc-default-security-group-closed", NA, [sg(tcp(443))]),
    Case(
        "vpc-default-security-group-closed", INS, [make_ci("AWS::EC2::SecurityGroup", "sg-1", {"groupName": "default"})]
    ),
    Case("vpc-flow-logs-enabled", C, [vpc(), flow_log()], resource="vpc-1"),
    Case("vpc-flow-logs-enabled", NC, [vpc(), flow_log(resource="vpc-2")], resource="vpc-1"),
    Case("vpc-flow-logs-enabled", NC, [vpc(), flow_log(status="INACTIVE")], "inactive", resource="vpc-1"),
    Case(
        "vpc-flow-logs-enabled",
        NC,
        [vpc(), flow_log("ACCEPT")],
        "accept only",
        params={"trafficType": "REJECT"},
        resource="vpc-1",
    ),
    Case(
        "vpc-flow-logs-enabled",
        C,
        [vpc(), flow_log("ALL")],
        "all covers reject",
        params={"trafficType": "REJECT"},
        resource="vpc-1",
    ),
    Case(
        "vpc-flow-logs-enabled", INS, [vpc()], "flow logs not collected", resource="vpc-1", collected=["AWS::EC2::VPC"]
    ),
    Case(
        "vpc-flow-logs-enabled",
        C,
        [make_ci("AWS::EC2::VPC", "vpc-1", {}, {"FlowLogs": [{"flowLogStatus": "ACTIVE", "trafficType": "REJECT"}]})],
        "as the collector records it",
        params={"trafficType": "REJECT"},
        collected=["AWS::EC2::VPC"],
    ),
    Case(
        "vpc-flow-logs-enabled",
        NC,
        [make_ci("AWS::EC2::VPC", "vpc-1", {"vpcId": "vpc-1"}, {"FlowLogs": []})],
        "none, as the collector records it",
        collected=["AWS::EC2::VPC"],
    ),
    Case(
        "ec2-ebs-encryption-by-default",
        C,
        [make_account({"ebsEncryptionByDefault": True}, region="us-east-1")],
        region="us-east-1",
    ),
    Case(
        "ec2-ebs-encryption-by-default",
        NC,
        [make_account({"ebsEncryptionByDefault": False}, region="eu-west-1")],
        region="eu-west-1",
    ),
    Case(
        "ec2-ebs-encryption-by-default",
        INS,
        [make_account(), make_account({"ebsEncryptionByDefault": True}, region="us-east-1"), instance()],
        "other region",
        region="eu-west-1",
    ),
    Case("ec2-imdsv2-check", C, [instance(metadataOptions={"httpTokens": "required", "httpEndpoint": "enabled"})]),
    Case("ec2-imdsv2-check", NC, [instance(metadataOptions={"httpTokens": "optional", "httpEndpoint": "enabled"})]),
    Case(
        "ec2-imdsv2-check",
        C,
        [instance(metadataOptions={"httpTokens": "optional", "httpEndpoint": "disabled"})],
        "IMDS off",
    ),
    Case("ec2-imdsv2-check", INS, [instance()]),
    Case(
        "ec2-instance-profile-attached", C, [instance(iamInstanceProfile={"arn": "arn:aws:iam::1:instance-profile/p"})]
    ),
    Case("ec2-instance-profile-attached", NC, [instance(state={"name": "running"})]),
    Case("ec2-instance-profile-attached", INS, [make_ci("AWS::EC2::Instance", "i-1", {})]),
    Case("ec2-instance-no-public-ip", NC, [instance(publicIpAddress="3.3.3.3")]),
    Case("ec2-instance-no-public-ip", C, [instance(privateIpAddress="10.0.0.5")]),
    Case("eip-attached", NC, [make_ci("AWS::EC2::EIP", "eipalloc-1", {"allocationId": "eipalloc-1"})]),
    Case("eip-attached", C, [make_ci("AWS::EC2::EIP", "eipalloc-1", {"associationId": "eipassoc-1"})]),
    Case(
        "nacl-no-unrestricted-ssh-rdp",
        NC,
        [nacl(entry(100, "allow", protocol="-1"), entry(32767, "deny", protocol="-1"))],
    ),
    Case(
        "nacl-no-unrestricted-ssh-rdp",
        C,
        [
            nacl(
                entry(90, "deny", ports=(22, 22)),
                entry(91, "deny", ports=(3389, 3389)),
                entry(92, "deny", "::/0", protocol="-1"),
                entry(100, "allow", protocol="-1"),
            )
        ],
        "denied first",
    ),
    Case(
        "nacl-no-unrestricted-ssh-rdp",
        NC,
        [nacl(entry(90, "deny", ports=(22, 22)), entry(100, "allow", ports=(0, 65535)))],
        "rdp still open",
    ),
    Case("nacl-no-unrestricted-ssh-rdp", NC, [nacl(entry(100, "allow", "::/0", ports=(3389, 3389)))], "ipv6"),
    Case(
        "nacl-no-unrestricted-ssh-rdp",
        C,
        [nacl(entry(100, "allow", protocol="-1", egress=True), entry(101, "allow", "10.0.0.0/8", protocol="-1"))],
        "egress only",
    ),
    Case("nacl-no-unrestricted-ssh-rdp", INS, [make_ci("AWS::EC2::NetworkAcl", "acl-1", {})]),
    Case("vpc-network-acl-unused-check", C, [nacl()]),
    Case("vpc-network-acl-unused-check", NC, [nacl(associations=())]),
    Case("vpc-network-acl-unused-check", INS, [make_ci("AWS::EC2::NetworkAcl", "acl-1", {})]),
    Case(
        "subnet-auto-assign-public-ip-disabled",
        C,
        [make_ci("AWS::EC2::Subnet", "subnet-1", {"mapPublicIpOnLaunch": False})],
    ),
    Case(
        "subnet-auto-assign-public-ip-disabled",
        NC,
        [make_ci("AWS::EC2::Subnet", "subnet-1", {"mapPublicIpOnLaunch": True})],
    ),
    Case("subnet-auto-assign-public-ip-disabled", INS, [make_ci("AWS::EC2::Subnet", "subnet-1", {})]),
    Case(
        "ebs-snapshot-public-restorable-check",
        NC,
        [make_ci("AWS::EC2::Snapshot", "snap-1", {"public": True, "createVolumePermissions": [{"group": "all"}]})],
    ),
    Case(
        "ebs-snapshot-public-restorable-check",
        C,
        [make_ci("AWS::EC2::Snapshot", "snap-1", {"public": False, "createVolumePermissions": [{"userId": "9"}]})],
    ),
    Case(
        "ebs-snapshot-public-restorable-check", INS, [make_ci("AWS::EC2::Snapshot", "snap-1", {"snapshotId": "snap-1"})]
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_state(case: Case) -> None:
    case.check()


def test_region_rule_reports_every_region():
    items = [
        make_account({"ebsEncryptionByDefault": True}, region="us-east-1"),
        make_account({"ebsEncryptionByDefault": False}, region="eu-west-1"),
    ]
    from compliance.testing import evaluate_rule, states_by_resource

    states = states_by_resource(evaluate_rule("ec2-ebs-encryption-by-default", items))
    assert states == {"123456789012@eu-west-1": NC, "123456789012@us-east-1": C}
