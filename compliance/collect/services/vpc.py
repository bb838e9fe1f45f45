"""VPC networking: VPCs, flow logs and network ACLs, each from one paginated Describe* call.

A VPC item lists the flow logs attached to it (relationships and
``supplementaryConfiguration.FlowLogs``), so "every VPC has flow logs" reads one item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import config_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

VPC, FLOW_LOG, NETWORK_ACL, SUBNET = "AWS::EC2::VPC", "AWS::EC2::FlowLog", "AWS::EC2::NetworkAcl", "AWS::EC2::Subnet"


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    ec2 = ctx.client("ec2")
    flow_logs = paginate(ctx, ec2, "describe_flow_logs", "FlowLogs", (FLOW_LOG, VPC))
    by_resource: dict[str, list[dict[str, Any]]] = {}
    for flow_log in flow_logs or []:
        by_resource.setdefault(flow_log.get("ResourceId", ""), []).append(flow_log)
        yield _flow_log(ctx, flow_log)
    for vpc in paginate(ctx, ec2, "describe_vpcs", "Vpcs", (VPC,)) or []:
        yield _vpc(ctx, vpc, None if flow_logs is None else by_resource.get(vpc["VpcId"], []))
    for acl in paginate(ctx, ec2, "describe_network_acls", "NetworkAcls", (NETWORK_ACL,)) or []:
        yield _network_acl(ctx, acl)


def _arn(ctx: CollectContext, kind: str, resource_id: str) -> str:
    return f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:{kind}/{resource_id}"


def _vpc(ctx: CollectContext, vpc: dict[str, Any], flow_logs: list[dict[str, Any]] | None) -> ConfigurationItem:
    vpc_id = vpc["VpcId"]
    supplementary: dict[str, Any] = {}
    relationships = []
    if flow_logs is not None:  # None: DescribeFlowLogs failed (recorded), so unknown
        supplementary["FlowLogs"] = [
            {"flowLogId": f["FlowLogId"], "flowLogStatus": f.get("FlowLogStatus"), "trafficType": f.get("TrafficType")}
            for f in flow_logs
        ]
        relationships = [Relationship(FLOW_LOG, f["FlowLogId"], None, "Is associated with FlowLog") for f in flow_logs]
    return ctx.item(
        VPC,
        vpc_id,
        config_case(vpc),
        arn=_arn(ctx, "vpc", vpc_id),
        name=tag_dict(vpc.get("Tags")).get("Name"),
        tags=tag_dict(vpc.get("Tags")),
        relationships=relationships,
        supplementary=supplementary,
    )


def _flow_log(ctx: CollectContext, flow_log: dict[str, Any]) -> ConfigurationItem:
    flow_log_id = flow_log["FlowLogId"]
    resource_id = flow_log.get("ResourceId", "")
    relationships = []
    if resource_id.startswith("vpc-"):
        relationships.append(Relationship(VPC, resource_id, None, "Is associated with Vpc"))
    elif resource_id.startswith("subnet-"):
        relationships.append(Relationship(SUBNET, resource_id, None, "Is associated with Subnet"))
    configuration = config_case(flow_log)
    return ctx.item(
        FLOW_LOG,
        flow_log_id,
        configuration,
        arn=_arn(ctx, "vpc-flow-log", flow_log_id),
        tags=tag_dict(flow_log.get("Tags")),
        relationships=relationships,
        created=configuration.get("creationTime"),
    )


def _network_acl(ctx: CollectContext, acl: dict[str, Any]) -> ConfigurationItem:
    acl_id = acl["NetworkAclId"]
    relationships = [Relationship(VPC, acl.get("VpcId"), None, "Is contained in Vpc")] if acl.get("VpcId") else []
    relationships += [
        Relationship(SUBNET, a["SubnetId"], None, "Is attached to Subnet")
        for a in acl.get("Associations") or []
        if a.get("SubnetId")
    ]
    return ctx.item(
        NETWORK_ACL,
        acl_id,
        config_case(acl),
        arn=_arn(ctx, "network-acl", acl_id),
        tags=tag_dict(acl.get("Tags")),
        relationships=relationships,
    )


COLLECTORS = [
    Collector(
        name="ec2-vpc",
        resource_types=(VPC, FLOW_LOG, NETWORK_ACL),
        permissions=("ec2:DescribeVpcs", "ec2:DescribeFlowLogs", "ec2:DescribeNetworkAcls"),
        collect=collect,
        description="VPCs with their flow logs, flow logs, network ACLs",
    )
]
