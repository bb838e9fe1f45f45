"""EC2 network resources and templates, as data (:mod:`compliance.collect.spec`): subnets,
network interfaces, VPC endpoints, VPN connections, transit gateways, launch templates (their
default version's data), Spot Fleet requests, Client VPN endpoints and the region's VPC Block
Public Access options. Secrets never reach a snapshot: user data is replaced by its redacted
form, VPN pre-shared keys and customer gateway configurations are left out."""

from __future__ import annotations

from typing import Any

from compliance.collect.helpers import redact
from compliance.collect.spec import Detail, ResourceSpec, spec_collector


def _arn(kind: str, key: str) -> Any:
    return lambda ctx, e: f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:{kind}/{e.get(key)}"


def _without_user_data(data: Any, where: str) -> Any:
    if isinstance(data, dict):
        return {
            k: (redact(v, salt=where) if k == "UserData" else _without_user_data(v, where)) for k, v in data.items()
        }
    if isinstance(data, list):
        return [_without_user_data(v, where) for v in data]
    return data


def _vpn(entry: dict[str, Any]) -> dict[str, Any]:
    entry = {k: v for k, v in entry.items() if k != "CustomerGatewayConfiguration"}
    options = dict(entry.get("Options") or {})
    if "TunnelOptions" in options:
        options["TunnelOptions"] = [
            {k: v for k, v in t.items() if k != "PreSharedKey"} for t in options["TunnelOptions"] or []
        ]
        entry["Options"] = options
    return entry


def _template_data(response: dict[str, Any]) -> Any:
    versions = response.get("LaunchTemplateVersions") or [{}]
    data = versions[0].get("LaunchTemplateData") or {}
    return _without_user_data(data, str(versions[0].get("LaunchTemplateId")))


SPECS = (
    ResourceSpec(
        "AWS::EC2::Subnet",
        "DescribeSubnets",
        "Subnets",
        "SubnetId",
        arn="SubnetArn",
        one=lambda i: {"SubnetIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::NetworkInterface",
        "DescribeNetworkInterfaces",
        "NetworkInterfaces",
        "NetworkInterfaceId",
        arn=_arn("network-interface", "NetworkInterfaceId"),
        tags_key="TagSet",
        one=lambda i: {"NetworkInterfaceIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::VPCEndpoint",
        "DescribeVpcEndpoints",
        "VpcEndpoints",
        "VpcEndpointId",
        arn=_arn("vpc-endpoint", "VpcEndpointId"),
        one=lambda i: {"VpcEndpointIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::VPNConnection",
        "DescribeVpnConnections",
        "VpnConnections",
        "VpnConnectionId",
        arn=_arn("vpn-connection", "VpnConnectionId"),
        clean=_vpn,
        one=lambda i: {"VpnConnectionIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::TransitGateway",
        "DescribeTransitGateways",
        "TransitGateways",
        "TransitGatewayId",
        arn="TransitGatewayArn",
        casing="api",
        one=lambda i: {"TransitGatewayIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::LaunchTemplate",
        "DescribeLaunchTemplates",
        "LaunchTemplates",
        "LaunchTemplateId",
        arn=_arn("launch-template", "LaunchTemplateId"),
        name_key="LaunchTemplateName",
        casing="api",
        details=(
            Detail(
                "DescribeLaunchTemplateVersions",
                "configuration.LaunchTemplateData",
                lambda e: {"LaunchTemplateId": e["LaunchTemplateId"], "Versions": ["$Default"]},
                _template_data,
            ),
        ),
        one=lambda i: {"LaunchTemplateIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::SpotFleet",
        "DescribeSpotFleetRequests",
        "SpotFleetRequestConfigs",
        "SpotFleetRequestId",
        arn=_arn("spot-fleet-request", "SpotFleetRequestId"),
        casing="api",
        clean=lambda e: _without_user_data(e, str(e.get("SpotFleetRequestId"))),
        one=lambda i: {"SpotFleetRequestIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::ClientVpnEndpoint",
        "DescribeClientVpnEndpoints",
        "ClientVpnEndpoints",
        "ClientVpnEndpointId",
        arn=_arn("client-vpn-endpoint", "ClientVpnEndpointId"),
        casing="api",
        one=lambda i: {"ClientVpnEndpointIds": [i]},
    ),
    ResourceSpec(
        "AWS::EC2::VPCBlockPublicAccessOptions",
        "DescribeVpcBlockPublicAccessOptions",
        "VpcBlockPublicAccessOptions",
        None,
        casing="api",
        tags_key=None,
    ),
)

COLLECTORS = [
    spec_collector(
        "ec2-network",
        "ec2",
        SPECS,
        description="Subnets, network interfaces, VPC endpoints, VPN connections, transit gateways, launch "
        "templates, Spot Fleet requests, Client VPN endpoints, VPC Block Public Access options",
    )
]
