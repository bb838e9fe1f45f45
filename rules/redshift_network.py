"""Redshift rules FSBP added: TLS through the parameter group, open cluster ports, Multi-AZ; and Redshift
Serverless workgroups and namespaces."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant

from ._checks import declare, not_in, setting
from ._util import as_bool, as_list
from .vpc import SG, covers_port, open_ranges

CLUSTER = "AWS::Redshift::Cluster"
PARAMETER_GROUP = "AWS::Redshift::ClusterParameterGroup"
WORKGROUP = "AWS::RedshiftServerless::Workgroup"
NAMESPACE = "AWS::RedshiftServerless::Namespace"


@declare(
    id="redshift-require-tls-ssl",
    title="Redshift clusters require TLS for connections",
    resource_types=[CLUSTER],
    reads={CLUSTER: ["configuration.clusterParameterGroups"],
           PARAMETER_GROUP: ["configuration.parameterGroupName", "supplementaryConfiguration.Parameters"]},  # fmt: skip
    severity="medium",
    rationale="Without require_ssl, clients may send credentials and query results in clear text.",
    remediation="aws redshift modify-cluster-parameter-group --parameter-group-name PG "
    "--parameters ParameterName=require_ssl,ParameterValue=true (then reboot the cluster)",
)
def redshift_require_tls_ssl(ci, snapshot):
    """Looks up the cluster's parameter groups and reads their require_ssl parameter."""
    names = [g.get("parameterGroupName") for g in as_list(ci.configuration.get("clusterParameterGroups"))]
    if not names:
        return insufficient_data("the cluster's parameter groups were not recorded")
    if not snapshot.has_data(PARAMETER_GROUP, ci.awsRegion):
        return insufficient_data("cluster parameter groups were not collected")
    groups = {g.configuration.get("parameterGroupName"): g for g in snapshot.of_type(PARAMETER_GROUP, ci.awsRegion)}
    for name in names:
        group = groups.get(name)
        if group is None:
            return insufficient_data(f"parameter group {name} was not collected")
        for parameter in as_list(group.supplementaryConfiguration.get("Parameters")):
            if parameter.get("parameterName") == "require_ssl":
                if str(parameter.get("parameterValue")).lower() == "true":
                    return compliant(f"require_ssl is true in {name}")
    return non_compliant("require_ssl is not true")


@declare(
    id="redshift-unrestricted-port-access",
    title="Redshift security groups do not open the cluster port to the internet",
    resource_types=[CLUSTER],
    reads={CLUSTER: ["configuration.vpcSecurityGroups", "configuration.endpoint.port"],
           SG: ["configuration.groupId", "configuration.ipPermissions"]},  # fmt: skip
    severity="high",
    trigger="periodic",
    rationale="An open cluster port invites password guessing and exploits from anywhere on the internet.",
    remediation="aws ec2 revoke-security-group-ingress --group-id SG --protocol tcp --port 5439 --cidr 0.0.0.0/0",
)
def redshift_unrestricted_port_access(ci, snapshot):
    """Reads the cluster port and the ingress rules of its VPC security groups."""
    port = ci.get("configuration.endpoint.port")
    groups = [g.get("vpcSecurityGroupId") for g in as_list(ci.configuration.get("vpcSecurityGroups"))]
    if port is None or not groups:
        return insufficient_data("the cluster's port or security groups were not recorded")
    if not snapshot.has_data(SG, ci.awsRegion):
        return insufficient_data("security groups were not collected")
    for group_id in groups:
        group = snapshot.find(group_id)
        if group is None:
            return insufficient_data(f"security group {group_id} was not collected")
        for permission in as_list(group.configuration.get("ipPermissions")):
            if covers_port(permission, int(port)) and open_ranges(permission):
                return non_compliant(f"{group_id} opens port {port} to {', '.join(open_ranges(permission))}")
    return compliant(f"port {port} is not open to the internet")


redshift_cluster_multi_az_enabled = setting(
    id="redshift-cluster-multi-az-enabled",
    title="Redshift clusters are deployed in multiple Availability Zones",
    resource_types=[CLUSTER],
    path="configuration.multiAZ",
    passes=lambda value, params: str(value).lower() in ("true", "enabled"),
    failing="Multi-AZ is {value}",
    passing="Multi-AZ is enabled",
    severity="medium",
    rationale="A single-zone cluster goes down with its zone.",
    remediation="aws redshift modify-cluster --cluster-identifier C --multi-az (RA3 node types)",
)
redshift_serverless_workgroup_routes_within_vpc = setting(
    id="redshift-serverless-workgroup-routes-within-vpc",
    title="Redshift Serverless workgroups use enhanced VPC routing",
    resource_types=[WORKGROUP],
    path="configuration.EnhancedVpcRouting",
    what="enhanced VPC routing",
    severity="high",
    trigger="periodic",
    rationale="Enhanced VPC routing keeps COPY and UNLOAD traffic in the VPC, under its endpoints and flow logs.",
    remediation="aws redshift-serverless update-workgroup --workgroup-name W --enhanced-vpc-routing",
)
redshift_serverless_workgroup_no_public_access = setting(
    id="redshift-serverless-workgroup-no-public-access",
    title="Redshift Serverless workgroups are not publicly accessible",
    resource_types=[WORKGROUP],
    path="configuration.PubliclyAccessible",
    passes=lambda value, params: as_bool(value) is False,
    failing="the workgroup is publicly accessible",
    passing="not publicly accessible",
    severity="high",
    trigger="periodic",
    rationale="A public endpoint exposes the warehouse to password guessing from anywhere.",
    remediation="aws redshift-serverless update-workgroup --workgroup-name W --no-publicly-accessible",
)


@declare(
    id="redshift-serverless-workgroup-encrypted-in-transit",
    title="Redshift Serverless workgroups require SSL",
    resource_types=[WORKGROUP],
    reads=["configuration.ConfigParameters"],
    severity="medium",
    trigger="periodic",
    rationale="Without require_ssl, clients may send credentials and query results in clear text.",
    remediation="aws redshift-serverless update-workgroup --workgroup-name W --config-parameters "
    "parameterKey=require_ssl,parameterValue=true",
)
def redshift_serverless_workgroup_encrypted_in_transit(ci):
    """Reads the require_ssl entry of configuration.ConfigParameters."""
    parameters = ci.configuration.get("ConfigParameters")
    if parameters is None:
        return insufficient_data("the workgroup's parameters were not recorded")
    for parameter in as_list(parameters):
        if parameter.get("ParameterKey") == "require_ssl":
            if str(parameter.get("ParameterValue")).lower() == "true":
                return compliant("require_ssl is true")
            return non_compliant(f"require_ssl is {parameter.get('ParameterValue')}")
    return non_compliant("require_ssl is not set")


redshift_serverless_default_admin_check = setting(
    id="redshift-serverless-default-admin-check",
    title="Redshift Serverless namespaces use a custom admin user name",
    resource_types=[NAMESPACE],
    path="configuration.AdminUsername",
    passes=not_in("admin"),
    failing="the admin user keeps the default name {value}",
    passing="a custom admin user name",
    severity="medium",
    trigger="periodic",
    rationale="A default admin name gives password-guessing attacks half of the credentials.",
    remediation="aws redshift-serverless update-namespace --namespace-name N --admin-username NAME "
    "--admin-user-password ...",
)


@declare(
    id="redshift-serverless-publish-logs-to-cloudwatch",
    title="Redshift Serverless namespaces export logs to CloudWatch Logs",
    resource_types=[NAMESPACE],
    reads=["configuration.LogExports", "configuration.NamespaceName"],
    severity="medium",
    trigger="periodic",
    rationale="Connection and user logs in CloudWatch Logs show who connected and what changed.",
    remediation="aws redshift-serverless update-namespace --namespace-name N --log-exports useractivitylog "
    "userlog connectionlog",
)
def redshift_serverless_publish_logs_to_cloudwatch(ci):
    """Reads configuration.LogExports (absent or empty: nothing exported)."""
    if ci.configuration.get("NamespaceName") is None and ci.configuration.get("LogExports") is None:
        return insufficient_data("the namespace was not recorded")
    exports = as_list(ci.configuration.get("LogExports"))
    if not exports:
        return non_compliant("no log is exported to CloudWatch Logs")
    return compliant("exports " + ", ".join(exports))


