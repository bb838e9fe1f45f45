"""EC2 rules: security groups and EBS volumes."""

from __future__ import annotations

from compliance.rule import Param, compliant, non_compliant, not_applicable, rule

from ._util import as_list

OPEN_CIDRS = ("0.0.0.0/0", "::/0")


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
)
def restricted_ssh(ci):
    """NON_COMPLIANT when an ingress permission opens TCP 22 to 0.0.0.0/0 or ::/0."""
    for permission in as_list(ci.configuration.get("ipPermissions")):
        cidrs = open_ranges(permission)
        if cidrs and covers_port(permission, 22):
            return non_compliant(f"port 22 open to {', '.join(cidrs)}")
    return compliant("no SSH ingress from anywhere")


@rule(
    id="encrypted-volumes",
    title="Attached EBS volumes are encrypted",
    resource_types=["AWS::EC2::Volume"],
    severity="medium",
    parameters={"kmsId": Param(str, None, "Require this KMS key id or ARN")},
    rationale="Encryption at rest protects data on disks, snapshots and volumes copied from them.",
    remediation="Copy the data to an encrypted volume; enable EBS encryption by default.",
)
def encrypted_volumes(ci, params):
    """Checks configuration.encrypted for volumes attached to an instance."""
    if not ci.configuration.get("attachments"):
        return not_applicable("the volume is not attached")
    if not ci.configuration.get("encrypted"):
        return non_compliant("the volume is not encrypted")
    key = params["kmsId"]
    if key and key not in str(ci.configuration.get("kmsKeyId") or ""):
        return non_compliant(f"encrypted with {ci.configuration.get('kmsKeyId')}, not {key}")
    return compliant("the volume is encrypted")
