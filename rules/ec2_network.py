"""EC2 and VPC rules FSBP added over instances, launch templates, network interfaces, VPC endpoints,
VPN connections, transit gateways, Client VPN, Spot Fleets and VPC Block Public Access."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare, not_in, setting
from ._util import as_bool, as_list

INSTANCE = "AWS::EC2::Instance"
VPC = "AWS::EC2::VPC"
ENDPOINT = "AWS::EC2::VPCEndpoint"
TEMPLATE = "AWS::EC2::LaunchTemplate"
VPN = "AWS::EC2::VPNConnection"
TEMPLATE_DATA = "configuration.LaunchTemplateData"


@declare(
    id="vpc-endpoint-enabled",
    title="VPCs have an interface endpoint for the service",
    resource_types=[VPC],
    reads={VPC: ["configuration.vpcId"], ENDPOINT: ["configuration.vpcId", "configuration.serviceName",
                                                    "configuration.state"]},  # fmt: skip
    severity="medium",
    trigger="periodic",
    parameters={
        "serviceName": Param(str, "ec2", "The endpoint's service, as the end of its name (ec2, ecr.api, ssm, ...)"),
        "vpcIds": Param(list, None, "Only these VPCs (default: all)"),
    },
    rationale="Through an endpoint, calls to the service stay on AWS's network instead of crossing the internet.",
    remediation="aws ec2 create-vpc-endpoint --vpc-id VPC --vpc-endpoint-type Interface --service-name "
    "com.amazonaws.REGION.SERVICE --subnet-ids ...",
)
def vpc_endpoint_enabled(ci, params, snapshot):
    """Looks for an AWS::EC2::VPCEndpoint in the VPC whose serviceName ends with ``.serviceName``."""
    vpc_id = ci.configuration.get("vpcId") or ci.resourceId
    if params["vpcIds"] and vpc_id not in params["vpcIds"]:
        return not_applicable("the VPC is not among vpcIds")
    if not snapshot.has_data(ENDPOINT, ci.awsRegion):
        return insufficient_data("VPC endpoints were not collected")
    suffix = "." + params["serviceName"]
    for endpoint in snapshot.of_type(ENDPOINT, ci.awsRegion):
        config = endpoint.configuration
        state = str(config.get("state") or "available").lower()
        if config.get("vpcId") == vpc_id and str(config.get("serviceName", "")).endswith(suffix) and state in (
            "available", "pending", "pendingacceptance"):  # fmt: skip
            return compliant(f"endpoint {endpoint.resourceId} for {params['serviceName']}")
    return non_compliant(f"no VPC endpoint for {params['serviceName']}")


_STOPPED_AT = re.compile(r"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)")


@declare(
    id="ec2-stopped-instance-days-check",
    title="Stopped EC2 instances are removed after a number of days",
    resource_types=[INSTANCE],
    reads=["configuration.state", "configuration.stateTransitionReason"],
    severity="medium",
    trigger="periodic",
    parameters={"AllowedDays": Param(int, 30, "Days an instance may stay stopped")},
    rationale="Long-stopped instances keep old software and volumes around, and start again unpatched.",
    remediation="Terminate the instance (after an AMI or snapshot, if its data matters).",
)
def ec2_stopped_instance_days_check(ci, params):
    """Reads configuration.state.name and the stop time in stateTransitionReason ("User initiated (... GMT)")."""
    state = ci.get("configuration.state.name")
    if state is None:
        return insufficient_data("the instance state was not recorded")
    if state != "stopped":
        return compliant(f"the instance is {state}")
    found = _STOPPED_AT.search(str(ci.configuration.get("stateTransitionReason") or ""))
    if not found:
        return insufficient_data("the time the instance stopped was not recorded")
    stopped = datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    days = (datetime.now(UTC) - stopped).days
    if days > params["AllowedDays"]:
        return non_compliant(f"stopped for {days} days (allowed {params['AllowedDays']})")
    return compliant(f"stopped for {days} days")


ec2_instance_multiple_eni_check = setting(
    id="ec2-instance-multiple-eni-check",
    title="EC2 instances use a single network interface",
    resource_types=[INSTANCE],
    path="configuration.networkInterfaces",
    passes=lambda value, params: len(as_list(value)) <= 1,
    failing="the instance has several network interfaces",
    passing="one network interface",
    severity="low",
    rationale="Several interfaces can bridge subnets that were meant to stay apart.",
    remediation="aws ec2 detach-network-interface --attachment-id ATTACHMENT (for the extra interfaces)",
)
ec2_paravirtual_instance_check = setting(
    id="ec2-paravirtual-instance-check",
    title="EC2 instances do not use paravirtual virtualization",
    resource_types=[INSTANCE],
    path="configuration.virtualizationType",
    passes=not_in("paravirtual"),
    failing="the instance is paravirtual",
    passing="hardware virtual machine",
    severity="medium",
    rationale="Paravirtual instances run on old instance types without current hypervisor protections.",
    remediation="Move the workload to an HVM AMI and a current instance type.",
)


@declare(
    id="vpc-vpn-2-tunnels-up",
    title="Both tunnels of each Site-to-Site VPN connection are up",
    resource_types=[VPN],
    reads=["configuration.vgwTelemetry"],
    severity="medium",
    rationale="With one tunnel down the connection has no redundancy left; the next failure cuts it.",
    remediation="Check the customer gateway's configuration for the down tunnel (IKE, routing, firewall).",
)
def vpc_vpn_2_tunnels_up(ci):
    """Reads configuration.vgwTelemetry[].status."""
    telemetry = ci.configuration.get("vgwTelemetry")
    if telemetry is None:
        return insufficient_data("the tunnels' telemetry was not recorded")
    down = [t.get("outsideIpAddress", "?") for t in as_list(telemetry) if str(t.get("status")).upper() != "UP"]
    if down or len(as_list(telemetry)) < 2:
        return non_compliant(f"tunnel(s) down: {', '.join(down) or 'fewer than two tunnels'}")
    return compliant("both tunnels are up")


@declare(
    id="ec2-vpn-connection-logging-enabled",
    title="Site-to-Site VPN connections log their tunnels",
    resource_types=[VPN],
    reads=["configuration.options.tunnelOptions"],
    severity="medium",
    rationale="Tunnel logs show IKE negotiation and DPD events, which explain outages and reveal probing.",
    remediation="aws ec2 modify-vpn-tunnel-options --vpn-connection-id VPN --vpn-tunnel-outside-ip-address IP "
    "--tunnel-options LogOptions={CloudWatchLogOptions={LogEnabled=true,LogGroupArn=...}}",
)
def ec2_vpn_connection_logging_enabled(ci):
    """Reads configuration.options.tunnelOptions[].logOptions.cloudWatchLogOptions.logEnabled."""
    tunnels = ci.get("configuration.options.tunnelOptions")
    if tunnels is None:
        return insufficient_data("the tunnel options were not recorded")
    quiet = [
        t.get("outsideIpAddress", "?")
        for t in as_list(tunnels)
        if as_bool((((t.get("logOptions") or {}).get("cloudWatchLogOptions")) or {}).get("logEnabled")) is not True
    ]
    if quiet:
        return non_compliant(f"tunnel(s) without logging: {', '.join(quiet)}")
    return compliant("every tunnel logs to CloudWatch Logs")


@declare(
    id="ec2-transit-gateway-auto-vpc-attach-disabled",
    title="Transit gateways do not accept VPC attachment requests automatically",
    resource_types=["AWS::EC2::TransitGateway"],
    reads=["configuration.AutoAcceptSharedAttachments", "configuration.Options.AutoAcceptSharedAttachments"],
    severity="high",
    rationale="Auto-accept lets any account the gateway is shared with join its network unreviewed.",
    remediation="aws ec2 modify-transit-gateway --transit-gateway-id TGW --options AutoAcceptSharedAttachments=disable",
)
def ec2_transit_gateway_auto_vpc_attach_disabled(ci):
    """Reads configuration.AutoAcceptSharedAttachments (or Options.AutoAcceptSharedAttachments)."""
    value = ci.configuration.get("AutoAcceptSharedAttachments")
    if value is None:
        value = ci.get("configuration.Options.AutoAcceptSharedAttachments")
    if value is None:
        return insufficient_data("AutoAcceptSharedAttachments was not recorded")
    if str(value).lower() == "enable":
        return non_compliant("shared attachments are accepted automatically")
    return compliant("attachments need acceptance")


def _template_data(ci):
    return ci.get(TEMPLATE_DATA)


@declare(
    id="ec2-launch-template-public-ip-disabled",
    title="Launch templates do not assign public IP addresses to network interfaces",
    resource_types=[TEMPLATE],
    reads=[TEMPLATE_DATA + ".NetworkInterfaces"],
    severity="high",
    parameters={"exemptedLaunchTemplates": Param(list, None, "Launch template ids allowed to assign public IPs")},
    rationale="Instances launched from it would be reachable from the internet whenever a security group allows it.",
    remediation="Create a new template version without AssociatePublicIpAddress and make it the default.",
)
def ec2_launch_template_public_ip_disabled(ci, params):
    """Reads the default version's LaunchTemplateData.NetworkInterfaces[].AssociatePublicIpAddress."""
    if ci.resourceId in (params["exemptedLaunchTemplates"] or []):
        return not_applicable("exempted")
    data = _template_data(ci)
    if data is None:
        return insufficient_data("the launch template data was not recorded")
    public = [n for n in as_list(data.get("NetworkInterfaces")) if as_bool(n.get("AssociatePublicIpAddress"))]
    if public:
        return non_compliant(f"{len(public)} network interface(s) get a public IP address")
    return compliant("no public IP address is assigned")


@declare(
    id="ec2-launch-template-imdsv2-check",
    title="Launch templates require IMDSv2",
    resource_types=[TEMPLATE],
    reads=[TEMPLATE_DATA + ".MetadataOptions"],
    severity="low",
    rationale="IMDSv2's session tokens block the SSRF attacks that steal instance credentials through IMDSv1.",
    remediation="Create a new template version with MetadataOptions HttpTokens=required and make it the default.",
)
def ec2_launch_template_imdsv2_check(ci):
    """Reads LaunchTemplateData.MetadataOptions.HttpTokens (unset allows IMDSv1)."""
    data = _template_data(ci)
    if data is None:
        return insufficient_data("the launch template data was not recorded")
    tokens = (data.get("MetadataOptions") or {}).get("HttpTokens")
    if str(tokens).lower() != "required":
        return non_compliant(f"HttpTokens is {tokens or 'not set'}: IMDSv1 stays available")
    return compliant("IMDSv2 is required")


@declare(
    id="ec2-launch-templates-ebs-volume-encrypted",
    title="Launch templates encrypt their EBS volumes",
    resource_types=[TEMPLATE],
    reads=[TEMPLATE_DATA + ".BlockDeviceMappings"],
    severity="medium",
    rationale="Volumes created unencrypted stay so; their snapshots and copies too.",
    remediation="Create a new template version with Ebs Encrypted=true on every mapping and make it the default.",
)
def ec2_launch_templates_ebs_volume_encrypted(ci):
    """Reads LaunchTemplateData.BlockDeviceMappings[].Ebs.Encrypted."""
    data = _template_data(ci)
    if data is None:
        return insufficient_data("the launch template data was not recorded")
    volumes = [m.get("Ebs") for m in as_list(data.get("BlockDeviceMappings")) if m.get("Ebs") is not None]
    if not volumes:
        return not_applicable("the template defines no EBS volume")
    plain = [v for v in volumes if as_bool(v.get("Encrypted")) is not True]
    if plain:
        return non_compliant(f"{len(plain)} of {len(volumes)} EBS volume(s) are not encrypted")
    return compliant("every EBS volume is encrypted")


@declare(
    id="ec2-spot-fleet-request-ct-encryption-at-rest",
    title="Spot Fleet requests encrypt the EBS volumes they attach",
    resource_types=["AWS::EC2::SpotFleet"],
    reads=["configuration.SpotFleetRequestConfigData.LaunchSpecifications"],
    severity="medium",
    rationale="Volumes created unencrypted stay so; their snapshots and copies too.",
    remediation="Request a new Spot Fleet whose launch specifications set Ebs Encrypted=true (or use a launch "
    "template that does).",
)
def ec2_spot_fleet_request_ct_encryption_at_rest(ci):
    """Reads SpotFleetRequestConfigData.LaunchSpecifications[].BlockDeviceMappings[].Ebs.Encrypted."""
    specs = ci.get("configuration.SpotFleetRequestConfigData.LaunchSpecifications")
    if specs is None:
        if ci.get("configuration.SpotFleetRequestConfigData") is not None:
            return not_applicable("the request uses launch templates, not launch specifications")
        return insufficient_data("the request's configuration was not recorded")
    volumes = [m.get("Ebs") for s in as_list(specs) for m in as_list(s.get("BlockDeviceMappings")) if m.get("Ebs")]
    plain = [v for v in volumes if as_bool(v.get("Encrypted")) is not True]
    if plain:
        return non_compliant(f"{len(plain)} EBS volume(s) are not encrypted")
    return compliant("every EBS volume is encrypted" if volumes else "no EBS volume is attached")


@declare(
    id="ec2-enis-source-destination-check-enabled",
    title="Network interfaces have source/destination checking on",
    resource_types=["AWS::EC2::NetworkInterface"],
    reads=["configuration.sourceDestCheck", "configuration.requesterManaged", "configuration.interfaceType"],
    severity="medium",
    rationale="Without the check an interface forwards traffic not addressed to it, as a router would.",
    remediation="aws ec2 modify-network-interface-attribute --network-interface-id ENI --source-dest-check",
)
def ec2_enis_source_destination_check_enabled(ci):
    """Reads configuration.sourceDestCheck of interfaces you manage (AWS-managed ones are not applicable)."""
    if as_bool(ci.configuration.get("requesterManaged")):
        return not_applicable("the interface is managed by an AWS service")
    if ci.configuration.get("interfaceType") not in (None, "interface"):
        return not_applicable(f"interface type {ci.configuration.get('interfaceType')}")
    check = as_bool(ci.configuration.get("sourceDestCheck"))
    if check is None:
        return insufficient_data("configuration.sourceDestCheck was not recorded")
    return compliant("source/destination check is on") if check else non_compliant("source/destination check is off")


ec2_client_vpn_connection_log_enabled = setting(
    id="ec2-client-vpn-connection-log-enabled",
    title="Client VPN endpoints log client connections",
    resource_types=["AWS::EC2::ClientVpnEndpoint"],
    path="configuration.ConnectionLogOptions.Enabled",
    what="client connection logging",
    severity="low",
    rationale="Connection logs record who connected from where and when, which an investigation needs.",
    remediation="aws ec2 modify-client-vpn-endpoint --client-vpn-endpoint-id E --connection-log-options "
    "Enabled=true,CloudwatchLogGroup=...",
)
ec2_vpc_bpa_internet_gateway_blocked = setting(
    id="ec2-vpc-bpa-internet-gateway-blocked",
    title="VPC Block Public Access blocks internet gateway traffic",
    resource_types=["AWS::EC2::VPCBlockPublicAccessOptions"],
    path="configuration.InternetGatewayBlockMode",
    passes=lambda value, params: str(value) in (params["vpcBpaInternetGatewayBlockMode"] or
                                                ["block-bidirectional", "block-ingress"]),  # fmt: skip
    failing="internet gateway block mode is {value}",
    passing="internet gateway traffic is blocked",
    parameters={"vpcBpaInternetGatewayBlockMode": Param(list, None, "Accepted modes (block-bidirectional, "
                                                                    "block-ingress)")},  # fmt: skip
    severity="medium",
    rationale="Block Public Access stops internet traffic to every VPC of the Region whatever the routes say.",
    remediation="aws ec2 modify-vpc-block-public-access-options --internet-gateway-block-mode block-bidirectional",
)
