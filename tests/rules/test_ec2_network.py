"""EC2/VPC rules over instances, launch templates, interfaces, endpoints, VPN, transit gateways, Client VPN,
Spot Fleets and VPC Block Public Access, on AWS Config-shaped items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_ci, property_cases

INSTANCE, VPC, ENDPOINT = "AWS::EC2::Instance", "AWS::EC2::VPC", "AWS::EC2::VPCEndpoint"
TEMPLATE = "AWS::EC2::LaunchTemplate"
VPN, ENI, FLEET = "AWS::EC2::VPNConnection", "AWS::EC2::NetworkInterface", "AWS::EC2::SpotFleet"


def vpc():
    return make_ci(VPC, "vpc-1", {"vpcId": "vpc-1"})


def endpoint(service, vpc_id="vpc-1"):
    config = {"vpcId": vpc_id, "serviceName": f"com.amazonaws.us-east-1.{service}", "state": "available"}
    return make_ci(ENDPOINT, f"vpce-{service}", config)


def stopped(days_ago):
    moment = (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y-%m-%d %H:%M:%S")
    config = {"state": {"name": "stopped"}, "stateTransitionReason": f"User initiated ({moment} GMT)"}
    return make_ci(INSTANCE, "i-1", config)


def template(**data):
    return make_ci(TEMPLATE, "lt-1", {"LaunchTemplateData": data})


def tunnels(*statuses):
    return make_ci(VPN, "vpn-1", {"vgwTelemetry": [{"outsideIpAddress": f"1.1.1.{i}", "status": s}
                                                   for i, s in enumerate(statuses)]})  # fmt: skip


def vpn_logs(*enabled):
    options = [{"outsideIpAddress": f"1.1.1.{i}", "logOptions": {"cloudWatchLogOptions": {"logEnabled": e}}}
               for i, e in enumerate(enabled)]  # fmt: skip
    return make_ci(VPN, "vpn-1", {"options": {"tunnelOptions": options}})


def fleet(*encrypted):
    specs = [{"BlockDeviceMappings": [{"Ebs": {"Encrypted": e}} for e in encrypted]}]
    return make_ci(FLEET, "sfr-1", {"SpotFleetRequestConfigData": {"LaunchSpecifications": specs}})


EBS = "BlockDeviceMappings"
PUBLIC, PRIVATE = {"AssociatePublicIpAddress": True}, {"AssociatePublicIpAddress": False}
CASES = [
    Case("vpc-endpoint-enabled", C, [vpc(), endpoint("ec2")]),
    Case("vpc-endpoint-enabled", NC, [vpc(), endpoint("ec2", "vpc-2"), endpoint("ssm")], "other vpc/service"),
    Case("vpc-endpoint-enabled", C, [vpc(), endpoint("ecr.api")], params={"serviceName": "ecr.api"}),
    Case("vpc-endpoint-enabled", NA, [vpc()], params={"vpcIds": ["vpc-9"]}),
    Case("vpc-endpoint-enabled", INS, [vpc()], "endpoints not collected", collected=[VPC]),
    Case("ec2-stopped-instance-days-check", C, [stopped(3)]),
    Case("ec2-stopped-instance-days-check", C, [make_ci(INSTANCE, "i-1", {"state": {"name": "running"}})]),
    Case("ec2-stopped-instance-days-check", NC, [stopped(45)]),
    Case("ec2-stopped-instance-days-check", INS, [make_ci(INSTANCE, "i-1", {"state": {"name": "stopped"}})]),
    *property_cases("ec2-instance-multiple-eni-check", INSTANCE, "configuration.networkInterfaces",
                    [{"networkInterfaceId": "eni-1"}], [{"networkInterfaceId": "eni-1"}, {"networkInterfaceId": "e2"}]),
    *property_cases("ec2-paravirtual-instance-check", INSTANCE,
                    "configuration.virtualizationType", "hvm", "paravirtual"),
    Case("vpc-vpn-2-tunnels-up", C, [tunnels("UP", "UP")]),
    Case("vpc-vpn-2-tunnels-up", NC, [tunnels("UP", "DOWN")]),
    Case("vpc-vpn-2-tunnels-up", INS, [make_ci(VPN, "vpn-1", {})]),
    Case("ec2-vpn-connection-logging-enabled", C, [vpn_logs(True, True)]),
    Case("ec2-vpn-connection-logging-enabled", NC, [vpn_logs(True, False)]),
    Case("ec2-vpn-connection-logging-enabled", INS, [make_ci(VPN, "vpn-1", {})]),
    *property_cases("ec2-transit-gateway-auto-vpc-attach-disabled", "AWS::EC2::TransitGateway",
                    "configuration.AutoAcceptSharedAttachments", "disable", "enable"),
    Case("ec2-launch-template-public-ip-disabled", C, [template(NetworkInterfaces=[PRIVATE])]),
    Case("ec2-launch-template-public-ip-disabled", NC, [template(NetworkInterfaces=[PUBLIC])]),
    Case("ec2-launch-template-public-ip-disabled", NA, [template(NetworkInterfaces=[PUBLIC])],
         params={"exemptedLaunchTemplates": "lt-1"}),
    Case("ec2-launch-template-public-ip-disabled", INS, [make_ci(TEMPLATE, "lt-1", {})]),
    Case("ec2-launch-template-imdsv2-check", C, [template(MetadataOptions={"HttpTokens": "required"})]),
    Case("ec2-launch-template-imdsv2-check", NC, [template(MetadataOptions={"HttpTokens": "optional"})]),
    Case("ec2-launch-template-imdsv2-check", NC, [template(ImageId="ami-1")], "unset"),
    Case("ec2-launch-template-imdsv2-check", INS, [make_ci(TEMPLATE, "lt-1", {})]),
    Case("ec2-launch-templates-ebs-volume-encrypted", C, [template(**{EBS: [{"Ebs": {"Encrypted": True}}]})]),
    Case("ec2-launch-templates-ebs-volume-encrypted", NC, [template(**{EBS: [{"Ebs": {"Encrypted": False}}]})]),
    Case("ec2-launch-templates-ebs-volume-encrypted", NA, [template(ImageId="ami-1")]),
    Case("ec2-launch-templates-ebs-volume-encrypted", INS, [make_ci(TEMPLATE, "lt-1", {})]),
    Case("ec2-spot-fleet-request-ct-encryption-at-rest", C, [fleet(True, True)]),
    Case("ec2-spot-fleet-request-ct-encryption-at-rest", NC, [fleet(True, False)]),
    Case("ec2-spot-fleet-request-ct-encryption-at-rest", NA, [make_ci(FLEET, "s", {"SpotFleetRequestConfigData": {}})]),
    Case("ec2-spot-fleet-request-ct-encryption-at-rest", INS, [make_ci(FLEET, "s", {})]),
    Case("ec2-enis-source-destination-check-enabled", C, [make_ci(ENI, "eni-1", {"sourceDestCheck": True})]),
    Case("ec2-enis-source-destination-check-enabled", NC, [make_ci(ENI, "eni-1", {"sourceDestCheck": False})]),
    Case("ec2-enis-source-destination-check-enabled", NA,
         [make_ci(ENI, "eni-1", {"sourceDestCheck": False, "requesterManaged": True})]),
    Case("ec2-enis-source-destination-check-enabled", INS, [make_ci(ENI, "eni-1", {})]),
    *property_cases("ec2-client-vpn-connection-log-enabled", "AWS::EC2::ClientVpnEndpoint",
                    "configuration.ConnectionLogOptions.Enabled", True, False),
    *property_cases("ec2-vpc-bpa-internet-gateway-blocked", "AWS::EC2::VPCBlockPublicAccessOptions",
                    "configuration.InternetGatewayBlockMode", "block-ingress", "off"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
