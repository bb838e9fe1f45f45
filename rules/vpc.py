"""VPC rules: security groups, network ACLs, flow logs, subnets."""

from __future__ import annotations

from typing import Any

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_bool, as_list

OPEN_CIDRS = ("0.0.0.0/0", "::/0")
SG = "AWS::EC2::SecurityGroup"
INSTANCE = "AWS::EC2::Instance"
FLOW_LOG = "AWS::EC2::FlowLog"


def open_ranges(permission: dict) -> list[str]:
    """The world-open CIDRs of one ingress permission, in any of Config's spellings."""
    found = []
    for entry in as_list(permission.get("ipv4Ranges")) + as_list(permission.get("ipRanges")):
        cidr = entry.get("cidrIp") if isinstance(entry, dict) else entry
        if cidr in OPEN_CIDRS:
            found.append(cidr)
    for entry in as_list(permission.get("ipv6Ranges")):
        cidr = entry.get("cidrIpv6") if isinstance(entry, dict) else entry
        if cidr in OPEN_CIDRS:
            found.append(cidr)
    return sorted(set(found))


def covers_port(permission: dict, port: int) -> bool:
    protocol = str(permission.get("ipProtocol", "")).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6"):
        return False
    low, high = permission.get("fromPort"), permission.get("toPort")
    if low is None or high is None:
        return True
    return int(low) <= port <= int(high) or (int(low) == -1)


@rule(
    id="restricted-ssh",
    title="Security groups do not allow SSH from anywhere",
    resource_types=["AWS::EC2::SecurityGroup"],
    severity="high",
    rationale="SSH open to the internet invites brute force and exploitation of the SSH daemon.",
    remediation="Revoke the ingress permission for port 22 from 0.0.0.0/0 and ::/0.",
    reads=["configuration.ipPermissions"],
)
def restricted_ssh(ci):
    """NON_COMPLIANT when an ingress permission opens TCP 22 to 0.0.0.0/0 or ::/0."""
    for permission in as_list(ci.configuration.get("ipPermissions")):
        cidrs = open_ranges(permission)
        if cidrs and covers_port(permission, 22):
            return non_compliant(f"port 22 open to {', '.join(cidrs)}")
    return compliant("no SSH ingress from anywhere")


def _protocol_matches(protocol: Any, wanted: str) -> bool:
    """wanted: 'tcp', 'udp' or 'all'; protocol as Config records it ('-1', 'tcp', '6', ...)."""
    value = str(protocol).lower()
    if value in ("-1", "all"):
        return True
    names = {"6": "tcp", "17": "udp"}
    value = names.get(value, value)
    return wanted == "all" and value in ("tcp", "udp") or value == wanted


def _port_in(permission: dict, port: int) -> bool:
    if str(permission.get("ipProtocol", "")).lower() in ("-1", "all"):
        return True
    low, high = permission.get("fromPort"), permission.get("toPort")
    if low is None or high is None or int(low) == -1:
        return True
    return int(low) <= port <= int(high)


def _open_to(permission: dict, ip_type: str | None) -> list[str]:
    cidrs = open_ranges(permission)
    if ip_type and ip_type.lower() == "ipv4":
        return [c for c in cidrs if c == "0.0.0.0/0"]
    if ip_type and ip_type.lower() == "ipv6":
        return [c for c in cidrs if c == "::/0"]
    return cidrs


def _ingress(ci) -> list[dict] | None:
    if "ipPermissions" not in ci.configuration:
        return None
    return as_list(ci.configuration.get("ipPermissions"))


@rule(
    id="vpc-sg-port-restriction-check",
    title="Security groups do not allow ingress from 0.0.0.0/0 or ::/0 to the restricted ports",
    resource_types=[SG],
    severity="high",
    trigger="periodic",
    parameters={
        "restrictPorts": Param(list, ["22", "3389"], "Ports that must not be open to the whole internet"),
        "protocolType": Param(str, "ALL", "TCP, UDP or ALL"),
        "ipType": Param(str, None, "IPv4 or IPv6 (both when unset)"),
    },
    rationale="Remote administration ports open to the internet are scanned and brute-forced within minutes.",
    remediation="Remove the 0.0.0.0/0 (or ::/0) source from rules on these ports; reach hosts through SSM or a VPN.",
    reads=["configuration.ipPermissions"],
)
def vpc_sg_port_restriction_check(ci, params):
    """Reads configuration.ipPermissions (ipv4Ranges, ipv6Ranges, ipProtocol, fromPort, toPort)."""
    permissions = _ingress(ci)
    if permissions is None:
        return insufficient_data("the group's ingress rules were not recorded")
    try:
        ports = [int(p) for p in params["restrictPorts"]]
    except ValueError:
        return insufficient_data(f"restrictPorts is not a list of ports: {params['restrictPorts']}")
    found = []
    for permission in permissions:
        if not _protocol_matches(permission.get("ipProtocol"), params["protocolType"].lower()):
            continue
        cidrs = _open_to(permission, params["ipType"])
        for port in ports:
            if cidrs and _port_in(permission, port):
                found.append(f"{port} from {', '.join(cidrs)}")
    if found:
        return non_compliant("open: " + "; ".join(sorted(set(found))))
    return compliant("no restricted port is open to the internet")


@rule(
    id="restricted-common-ports",
    title="Security groups do not allow unrestricted ingress to high-risk ports",
    resource_types=[SG],
    severity="high",
    parameters={
        "blockedPort1": Param(int, 20, "Port"),
        "blockedPort2": Param(int, 21, "Port"),
        "blockedPort3": Param(int, 3389, "Port"),
        "blockedPort4": Param(int, 3306, "Port"),
        "blockedPort5": Param(int, 4333, "Port"),
    },
    rationale="FTP, RDP and database ports open to the internet expose services that were never meant to be.",
    remediation="Restrict the rule's source to known networks or remove it.",
    reads=["configuration.ipPermissions"],
)
def restricted_common_ports(ci, params):
    """TCP ingress from 0.0.0.0/0 or ::/0 covering any blocked port."""
    permissions = _ingress(ci)
    if permissions is None:
        return insufficient_data("the group's ingress rules were not recorded")
    ports = [params[f"blockedPort{n}"] for n in range(1, 6) if params[f"blockedPort{n}"] is not None]
    found = sorted(
        {
            port
            for permission in permissions
            if _protocol_matches(permission.get("ipProtocol"), "tcp") and open_ranges(permission)
            for port in ports
            if _port_in(permission, port)
        }
    )
    if found:
        return non_compliant("open to the internet: " + ", ".join(map(str, found)))
    return compliant("no blocked port is open to the internet")


@rule(
    id="vpc-sg-open-only-to-authorized-ports",
    title="Security groups open to the internet only allow authorized ports",
    resource_types=[SG],
    severity="high",
    parameters={
        "authorizedTcpPorts": Param(list, ["443"], "TCP ports or ranges (e.g. 1024-2048) that may be open"),
        "authorizedUdpPorts": Param(list, [], "UDP ports or ranges that may be open"),
    },
    rationale="Anything reachable from the internet beyond the intended service ports widens the attack surface.",
    remediation="Remove internet-facing rules for ports other than the authorized ones.",
    reads=["configuration.ipPermissions"],
)
def vpc_sg_open_only_to_authorized_ports(ci, params):
    """NOT_APPLICABLE when no ingress rule is open to 0.0.0.0/0 or ::/0."""
    permissions = _ingress(ci)
    if permissions is None:
        return insufficient_data("the group's ingress rules were not recorded")

    def ranges(values: list[str]) -> list[tuple[int, int]]:
        out = []
        for value in values:
            low, _, high = value.partition("-")
            out.append((int(low), int(high or low)))
        return out

    allowed = {"tcp": ranges(params["authorizedTcpPorts"]), "udp": ranges(params["authorizedUdpPorts"])}
    open_rules = [p for p in permissions if open_ranges(p)]
    if not open_rules:
        return not_applicable("no ingress rule is open to the internet")
    bad = []
    for permission in open_rules:
        protocol = str(permission.get("ipProtocol", "")).lower()
        protocol = {"6": "tcp", "17": "udp"}.get(protocol, protocol)
        if protocol not in ("tcp", "udp"):
            if protocol in ("-1", "all"):
                bad.append("all traffic")
            continue
        low, high = permission.get("fromPort"), permission.get("toPort")
        if not any(a <= int(low) and int(high) <= b for a, b in allowed[protocol]):
            bad.append(f"{protocol} {low}-{high}")
    if bad:
        return non_compliant("open to the internet: " + ", ".join(bad))
    return compliant("only authorized ports are open to the internet")


@rule(
    id="vpc-default-security-group-closed",
    title="Default security groups allow no inbound or outbound traffic",
    resource_types=[SG],
    severity="high",
    rationale="Resources launched without a chosen group land in the default one; it should let nothing through.",
    remediation="Remove every inbound and outbound rule from each VPC's default security group.",
    reads=["configuration.groupName", "configuration.ipPermissions", "configuration.ipPermissionsEgress"],
)
def vpc_default_security_group_closed(ci):
    """NOT_APPLICABLE to groups not named 'default'."""
    if ci.configuration.get("groupName") != "default":
        return not_applicable("not a default security group")
    if "ipPermissions" not in ci.configuration or "ipPermissionsEgress" not in ci.configuration:
        return insufficient_data("the group's rules were not recorded")
    count = len(as_list(ci.configuration["ipPermissions"])) + len(as_list(ci.configuration["ipPermissionsEgress"]))
    if count:
        return non_compliant(f"the default group has {count} rule(s)")
    return compliant("the default group has no rules")


@rule(
    id="vpc-flow-logs-enabled",
    title="VPCs have flow logs enabled",
    resource_types=["AWS::EC2::VPC"],
    severity="medium",
    trigger="periodic",
    parameters={"trafficType": Param(str, None, "Require this traffic type: ACCEPT, REJECT or ALL (ALL covers both)")},
    rationale="Flow logs show which connections were attempted and refused: evidence for incidents and tuning.",
    remediation="aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC --traffic-type REJECT ...",
    reads={
        "AWS::EC2::VPC": ["configuration.vpcId", "supplementaryConfiguration.FlowLogs"],
        "AWS::EC2::FlowLog": ["configuration.flowLogStatus", "configuration.resourceId", "configuration.trafficType"],
    },
)
def vpc_flow_logs_enabled(ci, snapshot, params):
    """Reads the VPC's supplementaryConfiguration.FlowLogs when recorded, else looks for active
    AWS::EC2::FlowLog items whose configuration.resourceId is the VPC."""
    vpc = ci.configuration.get("vpcId") or ci.resourceId
    if "FlowLogs" in ci.supplementaryConfiguration:
        candidates = as_list(ci.supplementaryConfiguration["FlowLogs"])
    elif snapshot.has_data(FLOW_LOG, ci.awsRegion):
        candidates = [f.configuration for f in snapshot.of_type(FLOW_LOG, ci.awsRegion)]
        candidates = [c for c in candidates if c.get("resourceId") == vpc]
    else:
        return insufficient_data("flow logs were not collected in this region")
    logs = [c for c in candidates if str(c.get("flowLogStatus", "ACTIVE")) == "ACTIVE"]
    if not logs:
        return non_compliant("the VPC has no active flow log")
    wanted = (params["trafficType"] or "").upper()
    if wanted and not any(str(f.get("trafficType", "")).upper() in (wanted, "ALL") for f in logs):
        return non_compliant(f"no flow log records {wanted} traffic")
    return compliant(f"{len(logs)} active flow log(s)")


ADMIN_PORTS = (22, 3389)


def _entry_matches(entry: dict, port: int, cidr: str) -> bool:
    if cidr == "::/0" and entry.get("ipv6CidrBlock") != "::/0":
        return False
    if cidr == "0.0.0.0/0" and entry.get("cidrBlock") != "0.0.0.0/0":
        return False
    protocol = str(entry.get("protocol", ""))
    if protocol == "-1":
        return True
    if protocol not in ("6", "17", "tcp", "udp"):
        return False
    span = entry.get("portRange") or {}
    low, high = span.get("from"), span.get("to")
    return low is None or high is None or int(low) <= port <= int(high)


@rule(
    id="nacl-no-unrestricted-ssh-rdp",
    title="Network ACLs do not allow ingress from anywhere to SSH or RDP",
    resource_types=["AWS::EC2::NetworkAcl"],
    severity="medium",
    rationale="A NACL is the subnet's outer door; leaving 22/3389 open to the world relies on every security group.",
    remediation="Add a lower-numbered DENY entry for 22 and 3389 from 0.0.0.0/0 and ::/0, or narrow the ALLOW.",
    reads=["configuration.entries"],
)
def nacl_no_unrestricted_ssh_rdp(ci):
    """Per port and source, the lowest-numbered matching ingress entry decides, as AWS applies them."""
    if "entries" not in ci.configuration:
        return insufficient_data("the NACL's entries were not recorded")
    ingress = sorted(
        (e for e in as_list(ci.configuration["entries"]) if not as_bool(e.get("egress"))),
        key=lambda e: int(e.get("ruleNumber", 32767)),
    )
    opened = []
    for port in ADMIN_PORTS:
        for cidr in OPEN_CIDRS:
            first = next((e for e in ingress if _entry_matches(e, port, cidr)), None)
            if first is not None and str(first.get("ruleAction", "")).lower() == "allow":
                opened.append(f"{port} from {cidr} (rule {first.get('ruleNumber')})")
    if opened:
        return non_compliant("allows " + "; ".join(opened))
    return compliant("SSH and RDP from anywhere are denied")


@rule(
    id="vpc-network-acl-unused-check",
    title="Network ACLs are associated with a subnet",
    resource_types=["AWS::EC2::NetworkAcl"],
    severity="low",
    rationale="Unused NACLs clutter reviews and get attached later with rules nobody remembers.",
    remediation="Delete the unused network ACL.",
    reads=["configuration.associations"],
)
def vpc_network_acl_unused_check(ci):
    """Reads configuration.associations."""
    if "associations" not in ci.configuration:
        return insufficient_data("the NACL's associations were not recorded")
    if as_list(ci.configuration["associations"]):
        return compliant("associated with a subnet")
    return non_compliant("not associated with any subnet")


@rule(
    id="subnet-auto-assign-public-ip-disabled",
    title="Subnets do not assign public IP addresses automatically",
    resource_types=["AWS::EC2::Subnet"],
    severity="medium",
    rationale="Instances in such subnets get a public address whether or not anyone meant them to be reachable.",
    remediation="aws ec2 modify-subnet-attribute --subnet-id ID --no-map-public-ip-on-launch",
    reads=["configuration.mapPublicIpOnLaunch"],
)
def subnet_auto_assign_public_ip_disabled(ci):
    """Reads configuration.mapPublicIpOnLaunch."""
    value = as_bool(ci.configuration.get("mapPublicIpOnLaunch"))
    if value is None:
        return insufficient_data("mapPublicIpOnLaunch was not recorded")
    return non_compliant("public IPs are assigned on launch") if value else compliant("no automatic public IP")
