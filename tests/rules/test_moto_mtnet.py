"""Launch template and network interface rules on resources created in a simulated account (moto) and read by
the real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, answer_unimplemented, collected, states, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

TEMPLATE = "AWS::EC2::LaunchTemplate"


def _templates(session: boto3.Session) -> None:
    ec2 = session.client("ec2", region_name=REGION)
    ec2.create_launch_template(
        LaunchTemplateName="hardened",
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
            "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": False}],
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Encrypted": True}}],
        },
    )
    ec2.create_launch_template(
        LaunchTemplateName="loose",
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "MetadataOptions": {"HttpTokens": "optional"},
            "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True}],
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Encrypted": False}}],
        },
    )


@pytest.fixture(scope="module")
def templates_snapshot() -> Snapshot:
    return collected(_templates, ["ec2"])


@pytest.mark.parametrize(
    "rule_id",
    ["ec2-launch-template-imdsv2-check", "ec2-launch-template-public-ip-disabled",
     "ec2-launch-templates-ebs-volume-encrypted"],
)  # fmt: skip
def test_launch_template_rules(templates_snapshot, rule_id):
    assert verdicts(rule_id, templates_snapshot, TEMPLATE) == {"hardened": COMPLIANT, "loose": NON_COMPLIANT}


def _interfaces(session: boto3.Session) -> dict[str, str]:
    ec2 = session.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    checked = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    router = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=router, SourceDestCheck={"Value": False})
    return {"checked": checked, "router": router}


def test_enis_source_destination_check_enabled():
    ids: dict[str, str] = {}
    snapshot = collected(lambda session: ids.update(_interfaces(session)), ["ec2"])
    by_id = states("ec2-enis-source-destination-check-enabled", snapshot)
    assert {name: by_id.get(eni) for name, eni in ids.items()} == {"checked": COMPLIANT, "router": NON_COMPLIANT}


def _gateways(session: boto3.Session) -> dict[str, str]:
    ec2 = session.client("ec2", region_name=REGION)
    return {
        mode: ec2.create_transit_gateway(Options={"AutoAcceptSharedAttachments": mode})["TransitGateway"][
            "TransitGatewayId"
        ]
        for mode in ("disable", "enable")
    }


def test_transit_gateway_auto_vpc_attach_disabled():
    ids: dict[str, str] = {}
    snapshot = collected(lambda session: ids.update(_gateways(session)), ["ec2"])
    by_id = states("ec2-transit-gateway-auto-vpc-attach-disabled", snapshot)
    assert {mode: by_id.get(tgw) for mode, tgw in ids.items()} == {"disable": COMPLIANT, "enable": NON_COMPLIANT}


@pytest.mark.parametrize(("mode", "state"), [("block-bidirectional", COMPLIANT), ("off", NON_COMPLIANT)])
def test_vpc_bpa_internet_gateway_blocked(mode, state):
    def build(session: boto3.Session) -> None:  # moto has no DescribeVpcBlockPublicAccessOptions: answer it
        options = {"AwsAccountId": "123456789012", "AwsRegion": REGION, "State": "update-complete",
                   "InternetGatewayBlockMode": mode}  # fmt: skip
        answer_unimplemented(session, "ec2", "DescribeVpcBlockPublicAccessOptions",
                             {"VpcBlockPublicAccessOptions": options})  # fmt: skip

    snapshot = collected(build, ["ec2"])
    assert set(states("ec2-vpc-bpa-internet-gateway-blocked", snapshot).values()) == {state}


@pytest.mark.parametrize(("enabled", "state"), [(True, COMPLIANT), (False, NON_COMPLIANT)])
def test_client_vpn_connection_log_enabled(enabled, state):
    def build(session: boto3.Session) -> None:  # moto has no DescribeClientVpnEndpoints: answer it
        endpoint = {"ClientVpnEndpointId": "cvpn-endpoint-0123456789abcdef0", "Status": {"Code": "available"},
                    "ConnectionLogOptions": {"Enabled": enabled}}  # fmt: skip
        answer_unimplemented(session, "ec2", "DescribeClientVpnEndpoints", {"ClientVpnEndpoints": [endpoint]})

    snapshot = collected(build, ["ec2"])
    assert states("ec2-client-vpn-connection-log-enabled", snapshot) == {"cvpn-endpoint-0123456789abcdef0": state}
