"""Demo Redshift: a private encrypted Multi-AZ cluster reachable only from its VPC, and a public
unencrypted single-zone one whose group opens its port to the internet (groups of their own in the default
VPC, so the seed stands alone) (Redshift.1, .15, .18 and friends).
The private cluster's own parameter group requires TLS; the public one keeps AWS's default group (Redshift.2).
The simulator leaves MultiAZ out of DescribeClusters and cannot change a parameter, so the demo adds both as the
API returns them."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import amend, amend_per_request

MULTI_AZ = {"analytics": "Enabled", "legacy-warehouse": "Disabled"}
TLS_GROUP = "analytics-tls"


def _multi_az(parsed: dict[str, Any]) -> None:
    for cluster in parsed.get("Clusters") or []:
        cluster.setdefault("MultiAZ", MULTI_AZ.get(cluster.get("ClusterIdentifier"), "Disabled"))


def _require_ssl(parsed: dict[str, Any], params: dict[str, Any]) -> None:
    if params.get("ParameterGroupName") == TLS_GROUP:
        for parameter in parsed.get("Parameters") or []:
            if parameter.get("ParameterName") == "require_ssl":
                parameter.update(ParameterValue="true", Source="user")


def _group(session: Any, region: str, name: str, cidr: str) -> str:
    """A group in the default VPC letting ``cidr`` reach the cluster port."""
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    group = ec2.create_security_group(GroupName=name, Description=f"demo {name}", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5439, "ToPort": 5439, "IpRanges": [{"CidrIp": cidr}]}],
    )
    return group


def seed(session: Any, regions: list[str]) -> None:
    amend(session, "redshift", "DescribeClusters", _multi_az)
    amend_per_request(session, "redshift", "DescribeClusterParameters", _require_ssl)
    session.client("redshift", region_name=regions[0]).create_cluster_parameter_group(
        ParameterGroupName=TLS_GROUP, ParameterGroupFamily="redshift-1.0", Description="TLS required"
    )
    common = {"NodeType": "ra3.large", "MasterUsername": "analyst", "MasterUserPassword": "DemoPassw0rd1"}
    session.client("redshift", region_name=regions[0]).create_cluster(
        ClusterIdentifier="analytics",
        PubliclyAccessible=False,
        Encrypted=True,
        AllowVersionUpgrade=True,
        ClusterParameterGroupName=TLS_GROUP,
        VpcSecurityGroupIds=[_group(session, regions[0], "demo-warehouse-internal", "172.31.0.0/16")],
        **common,
    )
    session.client("redshift", region_name=regions[-1]).create_cluster(
        ClusterIdentifier="legacy-warehouse",
        PubliclyAccessible=True,
        Encrypted=False,
        AllowVersionUpgrade=False,
        VpcSecurityGroupIds=[_group(session, regions[-1], "demo-warehouse", "0.0.0.0/0")],
        **common,
    )
