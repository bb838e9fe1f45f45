"""Elasticsearch (legacy OpenSearch Service) domain rules FSBP added: node-to-node encryption, error and audit
logs, data and dedicated master node counts, HTTPS. AWS Config spells these keys in lower camel case."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant

from ._checks import declare, setting
from ._util import as_bool

DOMAIN = "AWS::Elasticsearch::Domain"
CLUSTER = "configuration.elasticsearchClusterConfig"

elasticsearch_node_to_node_encryption_check = setting(
    id="elasticsearch-node-to-node-encryption-check",
    title="Elasticsearch domains encrypt traffic between nodes",
    resource_types=[DOMAIN],
    path="configuration.nodeToNodeEncryptionOptions.enabled",
    what="node-to-node encryption",
    severity="medium",
    rationale="Without it, index data crosses the domain's network between nodes in clear text.",
    remediation="Create a domain with node-to-node encryption (older versions cannot turn it on) and reindex.",
)


def _log(id, title, log_type, label, rationale):
    return setting(
        id=id, title=title, resource_types=[DOMAIN], path=f"configuration.logPublishingOptions.{log_type}.enabled",
        what=label, absent="fail",  # AWS Config leaves a log type out when it was never published
        severity="medium", rationale=rationale,
        remediation=f"aws es update-elasticsearch-domain-config --domain-name D --log-publishing-options "
        f"{log_type}={{CloudWatchLogsLogGroupArn=ARN,Enabled=true}}",
    )  # fmt: skip


elasticsearch_logs_to_cloudwatch = _log(
    "elasticsearch-logs-to-cloudwatch", "Elasticsearch domains send error logs to CloudWatch Logs",
    "ES_APPLICATION_LOGS", "error log publishing", "Error logs explain failed queries, crashes and misconfigurations.",
)
elasticsearch_audit_logging_enabled = _log(
    "elasticsearch-audit-logging-enabled", "Elasticsearch domains publish audit logs", "AUDIT_LOGS",
    "audit log publishing", "Audit logs record who accessed or changed which index.",
)


@declare(
    id="elasticsearch-data-node-fault-tolerance",
    title="Elasticsearch domains have at least three data nodes across zones",
    resource_types=[DOMAIN],
    reads=[CLUSTER],
    severity="medium",
    rationale="Three nodes with zone awareness keep the domain available through a node or zone failure.",
    remediation="aws es update-elasticsearch-domain-config --domain-name D --elasticsearch-cluster-config "
    "InstanceCount=3,ZoneAwarenessEnabled=true",
)
def elasticsearch_data_node_fault_tolerance(ci):
    """Reads elasticsearchClusterConfig.instanceCount and zoneAwarenessEnabled."""
    cluster = ci.get(CLUSTER)
    if not isinstance(cluster, dict) or "instanceCount" not in cluster:
        return insufficient_data("the cluster configuration was not recorded")
    if int(cluster["instanceCount"]) >= 3 and as_bool(cluster.get("zoneAwarenessEnabled")):
        return compliant(f"{cluster['instanceCount']} data nodes with zone awareness")
    return non_compliant(f"{cluster['instanceCount']} data node(s), zone awareness "
                         f"{'on' if as_bool(cluster.get('zoneAwarenessEnabled')) else 'off'}")  # fmt: skip


@declare(
    id="elasticsearch-primary-node-fault-tolerance",
    title="Elasticsearch domains have at least three dedicated master nodes",
    resource_types=[DOMAIN],
    reads=[CLUSTER],
    severity="medium",
    rationale="Three dedicated masters keep the cluster state available, and elect a leader, through a failure.",
    remediation="aws es update-elasticsearch-domain-config --domain-name D --elasticsearch-cluster-config "
    "DedicatedMasterEnabled=true,DedicatedMasterCount=3,DedicatedMasterType=...",
)
def elasticsearch_primary_node_fault_tolerance(ci):
    """Reads elasticsearchClusterConfig.dedicatedMasterEnabled and dedicatedMasterCount."""
    cluster = ci.get(CLUSTER)
    if not isinstance(cluster, dict) or "dedicatedMasterEnabled" not in cluster:
        return insufficient_data("the cluster configuration was not recorded")
    count = int(cluster.get("dedicatedMasterCount") or 0)
    if as_bool(cluster["dedicatedMasterEnabled"]) and count >= 3:
        return compliant(f"{count} dedicated master nodes")
    return non_compliant(f"{count if as_bool(cluster['dedicatedMasterEnabled']) else 'no'} dedicated master nodes")


elasticsearch_https_required = setting(
    id="elasticsearch-https-required",
    title="Elasticsearch domains require HTTPS with a TLS 1.2 policy",
    resource_types=[DOMAIN],
    path="configuration.domainEndpointOptions",
    passes=lambda value, params: as_bool(value.get("enforceHTTPS")) is True
    and str(value.get("tlssecurityPolicy", value.get("tLSSecurityPolicy", ""))) == "Policy-Min-TLS-1-2-2019-07",
    failing="HTTPS with TLS 1.2 is not enforced",
    passing="HTTPS with TLS 1.2 is enforced",
    severity="medium",
    rationale="Plain HTTP or old TLS exposes queries, results and credentials on the wire.",
    remediation="aws es update-elasticsearch-domain-config --domain-name D --domain-endpoint-options "
    "EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-2019-07",
)
