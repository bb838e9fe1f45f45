"""EC2 and VPC remediations: world-open admin ports, default security groups, EBS encryption
by default, VPC flow logs."""

from __future__ import annotations

from typing import Any

from compliance.remediate.base import ApiCall, CannotRemediate, remediation
from compliance.rule import Param

from ._util import api_region, first, truthy

SECURITY_GROUP = "AWS::EC2::SecurityGroup"
VPC = "AWS::EC2::VPC"
FLOW_LOG = "AWS::EC2::FlowLog"
ACCOUNT = "AWS::::Account"
OPEN_CIDRS = ("0.0.0.0/0", "::/0")
# The rules whose own parameters name the ports they forbid, and those parameters.
_RULE_PORT_PARAMS = {
    "vpc-sg-port-restriction-check": ("restrictPorts",),
    "restricted-common-ports": tuple(f"blockedPort{n}" for n in range(1, 6)),
}


def _covers(permission: dict[str, Any], port: int) -> bool:
    """Whether a recorded ingress permission lets traffic reach ``port`` (TCP or UDP)."""
    protocol = str(permission.get("ipProtocol", "")).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "udp", "6", "17"):
        return False
    low, high = permission.get("fromPort"), permission.get("toPort")
    if low is None or high is None or int(low) == -1:
        return True
    return int(low) <= port <= int(high)


def _ports(value: Any) -> list[int]:
    if value is None:
        return []
    values = value if isinstance(value, list) else str(value).split(",")
    ports = []
    for entry in values:
        text = str(entry).strip()
        if text:
            low, _, high = text.partition("-")
            ports.extend(range(int(low), int(high or low) + 1))
    return ports


def _cidrs(permission: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The world-open IPv4 and IPv6 ranges of one recorded permission."""
    v4 = {
        (e.get("cidrIp") if isinstance(e, dict) else e)
        for e in (permission.get("ipv4Ranges") or []) + (permission.get("ipRanges") or [])
    }
    v6 = {(e.get("cidrIpv6") if isinstance(e, dict) else e) for e in permission.get("ipv6Ranges") or []}
    return sorted(v4 & set(OPEN_CIDRS)), sorted(v6 & set(OPEN_CIDRS))


def _api_permission(
    permission: dict[str, Any], v4: list[str] | None = None, v6: list[str] | None = None, whole: bool = False
) -> dict[str, Any]:
    """A recorded (Config-cased) permission in the API's shape; only the given ranges unless ``whole``."""
    out: dict[str, Any] = {"IpProtocol": str(permission.get("ipProtocol"))}
    if out["IpProtocol"] not in ("-1", "all") and permission.get("fromPort") is not None:
        out["FromPort"] = int(permission["fromPort"])
        out["ToPort"] = int(permission["toPort"])
    if whole:
        v4 = sorted(
            {
                (e.get("cidrIp") if isinstance(e, dict) else e)
                for e in (permission.get("ipv4Ranges") or []) + (permission.get("ipRanges") or [])
            }
        )
        v6 = sorted({(e.get("cidrIpv6") if isinstance(e, dict) else e) for e in permission.get("ipv6Ranges") or []})
        pairs = [
            {k[0].upper() + k[1:]: v for k, v in p.items() if k in ("groupId", "userId") and v}
            for p in permission.get("userIdGroupPairs") or []
        ]
        prefixes = [
            {"PrefixListId": p["prefixListId"]} for p in permission.get("prefixListIds") or [] if p.get("prefixListId")
        ]
        if pairs:
            out["UserIdGroupPairs"] = pairs
        if prefixes:
            out["PrefixListIds"] = prefixes
    if v4:
        out["IpRanges"] = [{"CidrIp": c} for c in v4]
    if v6:
        out["Ipv6Ranges"] = [{"CidrIpv6": c} for c in v6]
    return out


@remediation(
    id="ec2-revoke-open-admin-ports",
    title="Revoke ingress from 0.0.0.0/0 and ::/0 to administration ports",
    rules=["restricted-ssh", "vpc-sg-port-restriction-check", "restricted-common-ports"],
    resource_types=[SECURITY_GROUP],
    permissions=["ec2:RevokeSecurityGroupIngress"],
    parameters={"ports": Param(list, ["22", "3389"], "Administration ports (and ranges like 5900-5901) to close")},
)
def revoke_open_admin_ports(item, params, rule_params, evaluation):
    """Revokes only the world-open ranges (0.0.0.0/0, ::/0) of the ingress permissions that reach
    an administration port; other sources and other ports stay as they are."""
    ports = set(_ports(params["ports"]))
    for name in _RULE_PORT_PARAMS.get(evaluation.ruleId if evaluation else "", ()):
        ports |= set(_ports(rule_params.get(name)))
    if evaluation is not None and evaluation.ruleId == "restricted-ssh":
        ports.add(22)
    revoke = []
    for permission in item.configuration.get("ipPermissions") or []:
        v4, v6 = _cidrs(permission)
        if (v4 or v6) and any(_covers(permission, port) for port in ports):
            revoke.append(_api_permission(permission, v4, v6))
    if not revoke:
        return []
    return [
        ApiCall(
            "ec2",
            "revoke_security_group_ingress",
            api_region(item.awsRegion),
            {"GroupId": item.resourceId, "IpPermissions": revoke},
            f"revoke {len(revoke)} world-open permission(s) on ports {', '.join(map(str, sorted(ports)))}",
        )
    ]


@remediation(
    id="ec2-close-default-security-group",
    title="Remove every inbound and outbound rule of a VPC's default security group",
    rules=["vpc-default-security-group-closed"],
    resource_types=[SECURITY_GROUP],
    permissions=["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
)
def close_default_security_group(item):
    """Revokes all ingress and egress permissions; the group itself cannot be deleted."""
    if item.configuration.get("groupName") != "default":
        raise CannotRemediate("not a default security group")
    region = api_region(item.awsRegion)
    calls = []
    ingress = [_api_permission(p, whole=True) for p in item.configuration.get("ipPermissions") or []]
    egress = [_api_permission(p, whole=True) for p in item.configuration.get("ipPermissionsEgress") or []]
    if ingress:
        calls.append(
            ApiCall(
                "ec2",
                "revoke_security_group_ingress",
                region,
                {"GroupId": item.resourceId, "IpPermissions": ingress},
                f"remove {len(ingress)} inbound rule(s)",
            )
        )
    if egress:
        calls.append(
            ApiCall(
                "ec2",
                "revoke_security_group_egress",
                region,
                {"GroupId": item.resourceId, "IpPermissions": egress},
                f"remove {len(egress)} outbound rule(s)",
            )
        )
    return calls


@remediation(
    id="ec2-enable-ebs-encryption-by-default",
    title="Turn on EBS encryption by default in the region",
    rules=["ec2-ebs-encryption-by-default"],
    resource_types=[ACCOUNT],
    permissions=["ec2:EnableEbsEncryptionByDefault"],
    services=["ec2"],
)
def enable_ebs_encryption_by_default(item, region):
    """New EBS volumes and snapshot copies in the region are encrypted (existing ones are not)."""
    if truthy(first(item.configuration, "ebsEncryptionByDefault", "EbsEncryptionByDefault")) and (
        not region or item.awsRegion == region
    ):
        return []
    return [
        ApiCall(
            "ec2",
            "enable_ebs_encryption_by_default",
            api_region(region or item.awsRegion),
            {},
            "encrypt new EBS volumes by default",
        )
    ]


@remediation(
    id="ec2-enable-vpc-flow-logs",
    title="Turn on VPC flow logs to a CloudWatch Logs group or an S3 bucket",
    rules=["vpc-flow-logs-enabled"],
    resource_types=[VPC],
    permissions=["ec2:CreateFlowLogs", "iam:PassRole", "logs:CreateLogDelivery"],
    parameters={
        "logGroupName": Param(str, None, "Deliver to this CloudWatch Logs group"),
        "deliverLogsPermissionArn": Param(str, None, "IAM role that may write to the log group (with logGroupName)"),
        "s3BucketArn": Param(str, None, "Deliver to this S3 bucket ARN (optionally with a /prefix)"),
        "trafficType": Param(str, "REJECT", "ACCEPT, REJECT or ALL"),
    },
)
def enable_vpc_flow_logs(item, params, rule_params, snapshot):
    """Creates one flow log for the VPC; the destination is a parameter (log group + role, or bucket)."""
    traffic = (rule_params.get("trafficType") or params["trafficType"] or "REJECT").upper()
    if traffic not in ("ACCEPT", "REJECT", "ALL"):
        raise CannotRemediate(f"trafficType {traffic!r} is not ACCEPT, REJECT or ALL")
    recorded = item.supplementaryConfiguration.get("FlowLogs")
    if recorded is None and snapshot is not None:
        recorded = [f.configuration for f in snapshot.of_type(FLOW_LOG, item.awsRegion)]
    for config in recorded if isinstance(recorded, list) else []:
        if (
            config.get("resourceId", item.resourceId) == item.resourceId
            and config.get("flowLogStatus", "ACTIVE") == "ACTIVE"
            and (traffic != "ALL" or config.get("trafficType") == "ALL")
        ):
            return []
    request: dict[str, Any] = {"ResourceIds": [item.resourceId], "ResourceType": "VPC", "TrafficType": traffic}
    if params["s3BucketArn"]:
        request.update(LogDestinationType="s3", LogDestination=params["s3BucketArn"])
    elif params["logGroupName"]:
        if not params["deliverLogsPermissionArn"]:
            raise CannotRemediate("delivery to CloudWatch Logs needs deliverLogsPermissionArn (an IAM role)")
        request.update(
            LogDestinationType="cloud-watch-logs",
            LogGroupName=params["logGroupName"],
            DeliverLogsPermissionArn=params["deliverLogsPermissionArn"],
        )
    else:
        raise CannotRemediate(
            "no destination: set the logGroupName (+ deliverLogsPermissionArn) or s3BucketArn "
            "parameter of ec2-enable-vpc-flow-logs"
        )
    return [
        ApiCall("ec2", "create_flow_logs", api_region(item.awsRegion), request, f"log {traffic} traffic of the VPC")
    ]


@remediation(
    id="ec2-require-imdsv2",
    title="Require IMDSv2 (session tokens) on an instance's metadata service",
    rules=["ec2-imdsv2-check"],
    resource_types=["AWS::EC2::Instance"],
    permissions=["ec2:ModifyInstanceMetadataOptions"],
)
def require_imdsv2(item):
    """HttpTokens=required; the hop limit and endpoint are left as they are. Software that still
    calls IMDSv1 (very old SDKs) stops getting credentials, so review with --approve first."""
    options = item.configuration.get("metadataOptions") or {}
    if str(options.get("httpTokens", "")).lower() == "required":
        return []
    if str(options.get("httpEndpoint", "enabled")).lower() == "disabled":
        return []
    state = (item.configuration.get("state") or {}).get("name")
    if state in ("terminated", "shutting-down"):
        raise CannotRemediate(f"the instance is {state}")
    request: dict[str, Any] = {"InstanceId": item.resourceId, "HttpTokens": "required"}
    if options.get("httpPutResponseHopLimit") is not None:  # restated: some implementations reset it
        request["HttpPutResponseHopLimit"] = int(options["httpPutResponseHopLimit"])
    return [
        ApiCall(
            "ec2",
            "modify_instance_metadata_options",
            api_region(item.awsRegion),
            request,
            "require session tokens for instance metadata",
        )
    ]


def _nacl_entry_matches(entry: dict[str, Any], port: int, cidr: str) -> bool:
    if entry.get("ipv6CidrBlock" if cidr == "::/0" else "cidrBlock") != cidr:
        return False
    protocol = str(entry.get("protocol", ""))
    if protocol == "-1":
        return True
    if protocol not in ("6", "tcp"):
        return False
    span = entry.get("portRange") or {}
    low, high = span.get("from"), span.get("to")
    return low is None or high is None or int(low) <= port <= int(high)


@remediation(
    id="ec2-nacl-deny-admin-ports",
    title="Add network ACL entries denying SSH and RDP from anywhere, ahead of the allowing entry",
    rules=["nacl-no-unrestricted-ssh-rdp"],
    resource_types=["AWS::EC2::NetworkAcl"],
    permissions=["ec2:CreateNetworkAclEntry"],
    parameters={"ports": Param(list, ["22", "3389"], "TCP ports to deny from 0.0.0.0/0 and ::/0")},
)
def deny_admin_ports_in_nacl(item, params):
    """Existing entries are kept: a DENY is inserted under the lowest free rule number below the
    first ingress entry that allows the port (NACL entries are evaluated lowest number first)."""
    entries = [e for e in item.configuration.get("entries") or [] if not truthy(e.get("egress"))]
    entries.sort(key=lambda e: int(e.get("ruleNumber", 32767)))
    used = {int(e.get("ruleNumber", 0)) for e in entries}
    region = api_region(item.awsRegion)
    calls = []
    for port in _ports(params["ports"]):
        for cidr in OPEN_CIDRS:
            first = next((e for e in entries if _nacl_entry_matches(e, port, cidr)), None)
            if first is None or str(first.get("ruleAction", "")).lower() != "allow":
                continue
            number = next((n for n in range(1, int(first["ruleNumber"])) if n not in used), None)
            if number is None:
                raise CannotRemediate(f"no free rule number below {first['ruleNumber']} for a DENY of port {port}")
            used.add(number)
            source = {"Ipv6CidrBlock": cidr} if cidr == "::/0" else {"CidrBlock": cidr}
            calls.append(
                ApiCall(
                    "ec2",
                    "create_network_acl_entry",
                    region,
                    {
                        "NetworkAclId": item.resourceId,
                        "RuleNumber": number,
                        "Protocol": "6",
                        "RuleAction": "deny",
                        "Egress": False,
                        "PortRange": {"From": port, "To": port},
                        **source,
                    },
                    f"deny TCP {port} from {cidr} (rule {number}, before allowing rule {first['ruleNumber']})",
                )
            )
    return calls
