"""Lambda rules on VPC networking: functions in a VPC use subnets in several Availability Zones."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare
from ._util import as_list
from .awslambda import FUNCTION

SUBNET = "AWS::EC2::Subnet"


@declare(
    id="lambda-vpc-multi-az-check",
    title="Lambda functions in a VPC use subnets in several Availability Zones",
    resource_types=[FUNCTION],
    reads={FUNCTION: ["configuration.vpcConfig"], SUBNET: ["configuration.subnetId", "configuration.availabilityZone"]},
    severity="medium",
    parameters={"availabilityZones": Param(int, 2, "Minimum number of zones")},
    rationale="A function whose subnets are all in one zone stops when that zone has trouble.",
    remediation="aws lambda update-function-configuration --function-name FN --vpc-config "
    "SubnetIds=SUBNET_A,SUBNET_B,SecurityGroupIds=...",
)
def lambda_vpc_multi_az_check(ci, params, snapshot):
    """Reads configuration.vpcConfig.subnetIds and looks up each subnet's Availability Zone."""
    if not ci.configuration:
        return insufficient_data("the function was not recorded")
    subnets = as_list((ci.configuration.get("vpcConfig") or {}).get("subnetIds"))
    if not subnets:
        return not_applicable("the function is not in a VPC")
    if not snapshot.has_data(SUBNET, ci.awsRegion):
        return insufficient_data("subnets were not collected")
    zones = set()
    for subnet_id in subnets:
        subnet = snapshot.find(subnet_id)
        if subnet is None or not subnet.configuration.get("availabilityZone"):
            return insufficient_data(f"subnet {subnet_id} was not collected")
        zones.add(subnet.configuration["availabilityZone"])
    if len(zones) < params["availabilityZones"]:
        return non_compliant(f"subnets in {len(zones)} Availability Zone(s)")
    return compliant(f"subnets in {len(zones)} Availability Zones")
