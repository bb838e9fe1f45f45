"""OpenSearch Service rules (AWS::OpenSearch::Domain, and the legacy AWS::Elasticsearch::Domain)."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._util import as_list, is_true, property_rule

DOMAIN = "AWS::OpenSearch::Domain"
ES_DOMAIN = "AWS::Elasticsearch::Domain"


def _enabled(path: str, rule_id: str, title: str, failing: str, severity: str, rationale: str, remediation: str):
    return property_rule(
        id=rule_id,
        title=title,
        resource_types=[DOMAIN],
        path=path,
        passes=is_true,
        failing=failing,
        passing="enabled",
        # AWS Config leaves out a log type that was never published
        absent="fail" if "LogPublishingOptions" in path else "insufficient",
        severity=severity,
        rationale=rationale,
        remediation=remediation,
    )


opensearch_encrypted_at_rest = _enabled(
    "configuration.EncryptionAtRestOptions.Enabled",
    "opensearch-encrypted-at-rest",
    "OpenSearch domains are encrypted at rest",
    "encryption at rest is off",
    "medium",
    "Encryption at rest protects indices, logs and automated snapshots on disk.",
    "Encryption at rest is set at creation for older engines: create an encrypted domain and reindex.",
)
opensearch_node_to_node_encryption_check = _enabled(
    "configuration.NodeToNodeEncryptionOptions.Enabled",
    "opensearch-node-to-node-encryption-check",
    "OpenSearch domains encrypt traffic between nodes",
    "node-to-node encryption is off",
    "medium",
    "Without it, data moves in clear text between the cluster's nodes.",
    "aws opensearch update-domain-config --domain-name D --node-to-node-encryption-options Enabled=true",
)
opensearch_https_required = _enabled(
    "configuration.DomainEndpointOptions.EnforceHTTPS",
    "opensearch-https-required",
    "OpenSearch domains require HTTPS",
    "HTTPS is not enforced",
    "medium",
    "Plain HTTP exposes queries, results and credentials on the wire.",
    "aws opensearch update-domain-config --domain-name D --domain-endpoint-options EnforceHTTPS=true",
)
opensearch_access_control_enabled = _enabled(
    "configuration.AdvancedSecurityOptions.Enabled",
    "opensearch-access-control-enabled",
    "OpenSearch domains have fine-grained access control",
    "fine-grained access control is off",
    "high",
    "Fine-grained access control limits who can read which index and document.",
    "Enable fine-grained access control (AdvancedSecurityOptions) on the domain.",
)
opensearch_audit_logging_enabled = _enabled(
    "configuration.LogPublishingOptions.AUDIT_LOGS.Enabled",
    "opensearch-audit-logging-enabled",
    "OpenSearch domains publish audit logs",
    "audit logs are not published",
    "medium",
    "Audit logs record who accessed or changed which index.",
    "Publish AUDIT_LOGS to CloudWatch Logs (LogPublishingOptions) with fine-grained access control on.",
)
opensearch_logs_to_cloudwatch = _enabled(
    "configuration.LogPublishingOptions.ES_APPLICATION_LOGS.Enabled",
    "opensearch-logs-to-cloudwatch",
    "OpenSearch domains send error logs to CloudWatch Logs",
    "error logs are not published",
    "medium",
    "Error logs help diagnose failures and attacks on the cluster.",
    "Publish ES_APPLICATION_LOGS to CloudWatch Logs (LogPublishingOptions).",
)


@rule(
    id="opensearch-in-vpc-only",
    title="OpenSearch domains are in a VPC",
    resource_types=[DOMAIN],
    severity="critical",
    rationale="A domain outside a VPC has a public endpoint guarded only by its access policy.",
    remediation="Create a VPC domain and migrate (VPC access is chosen at creation).",
    reads=["configuration.VPCOptions"],
)
def opensearch_in_vpc_only(ci):
    """Reads configuration.VPCOptions.SubnetIds."""
    if not ci.configuration:
        return insufficient_data("the domain was not recorded")
    if as_list((ci.configuration.get("VPCOptions") or {}).get("SubnetIds")):
        return compliant("the domain is in a VPC")
    return non_compliant("the domain has a public endpoint")


@rule(
    id="opensearch-data-node-fault-tolerance",
    title="OpenSearch domains have at least three data nodes across zones",
    resource_types=[DOMAIN],
    severity="medium",
    rationale="Three nodes with zone awareness keep the cluster available through a node or zone failure.",
    remediation="aws opensearch update-domain-config --cluster-config InstanceCount=3,ZoneAwarenessEnabled=true",
    reads=["configuration.ClusterConfig"],
)
def opensearch_data_node_fault_tolerance(ci):
    """Reads configuration.ClusterConfig.InstanceCount and ZoneAwarenessEnabled."""
    cluster = ci.configuration.get("ClusterConfig")
    if not isinstance(cluster, dict) or "InstanceCount" not in cluster:
        return insufficient_data("the cluster configuration was not recorded")
    if int(cluster["InstanceCount"]) >= 3 and is_true(cluster.get("ZoneAwarenessEnabled")):
        return compliant(f"{cluster['InstanceCount']} data nodes with zone awareness")
    zones = "on" if is_true(cluster.get("ZoneAwarenessEnabled")) else "off"
    return non_compliant(f"{cluster['InstanceCount']} data node(s), zone awareness {zones}")


elasticsearch_encrypted_at_rest = property_rule(
    id="elasticsearch-encrypted-at-rest",
    title="Elasticsearch domains are encrypted at rest",
    resource_types=[ES_DOMAIN],
    path="configuration.encryptionAtRestOptions.enabled",
    passes=is_true,
    failing="encryption at rest is off",
    passing="encrypted at rest",
    trigger="periodic",
    rationale="Encryption at rest protects indices and snapshots on disk.",
    remediation="Create an encrypted domain and reindex the data into it.",
)


@rule(
    id="elasticsearch-in-vpc-only",
    title="Elasticsearch domains are in a VPC",
    resource_types=[ES_DOMAIN],
    severity="critical",
    trigger="periodic",
    rationale="A domain outside a VPC has a public endpoint guarded only by its access policy.",
    remediation="Create a VPC domain and migrate (VPC access is chosen at creation).",
    reads=["configuration.endpoints", "configuration.vPCOptions", "configuration.vpcoptions"],
)
def elasticsearch_in_vpc_only(ci):
    """Reads configuration.vpcoptions.subnetIds (or endpoints.vpc)."""
    if not ci.configuration:
        return insufficient_data("the domain was not recorded")
    vpc = ci.configuration.get("vpcoptions") or ci.configuration.get("vPCOptions") or {}
    if as_list(vpc.get("subnetIds")) or (ci.configuration.get("endpoints") or {}).get("vpc"):
        return compliant("the domain is in a VPC")
    return non_compliant("the domain has a public endpoint")
