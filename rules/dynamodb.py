"""DynamoDB rules: point-in-time recovery and deletion protection on tables, encryption on DAX clusters."""

from __future__ import annotations

from ._checks import is_in, setting

TABLE = "AWS::DynamoDB::Table"
DAX = "AWS::DAX::Cluster"

dynamodb_pitr_enabled = setting(
    id="dynamodb-pitr-enabled",
    title="DynamoDB tables have point-in-time recovery",
    resource_types=[TABLE],
    path="supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription"
    ".pointInTimeRecoveryStatus",
    passes=is_in("ENABLED"),
    failing="point-in-time recovery is {value}",
    passing="point-in-time recovery is enabled",
    severity="medium",
    rationale="Point-in-time recovery restores a table to any second of the last 35 days after a bad write.",
    remediation="aws dynamodb update-continuous-backups --table-name T "
    "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
)
dynamodb_table_deletion_protection_enabled = setting(
    id="dynamodb-table-deletion-protection-enabled",
    title="DynamoDB tables have deletion protection",
    resource_types=[TABLE],
    path="configuration.deletionProtectionEnabled",
    what="deletion protection",
    severity="medium",
    rationale="Deletion protection stops a table from being deleted by mistake or by a compromised principal.",
    remediation="aws dynamodb update-table --table-name T --deletion-protection-enabled",
)
dax_encryption_enabled = setting(
    id="dax-encryption-enabled",
    title="DAX clusters are encrypted at rest",
    resource_types=[DAX],
    path="configuration.SSEDescription.Status",
    passes=is_in("ENABLED", "ENABLING"),
    failing="encryption at rest is {value}",
    passing="encrypted at rest",
    severity="medium",
    trigger="periodic",
    rationale="The cache holds copies of table items; encryption at rest protects them on the nodes' disks.",
    remediation="Encryption is set at creation: create a cluster with --sse-specification Enabled=true and move to it.",
)
dax_tls_endpoint_encryption = setting(
    id="dax-tls-endpoint-encryption",
    title="DAX clusters encrypt connections to their endpoint",
    resource_types=[DAX],
    path="configuration.ClusterEndpointEncryptionType",
    passes=is_in("TLS"),
    failing="endpoint encryption is {value}",
    passing="the endpoint requires TLS",
    severity="medium",
    trigger="periodic",
    rationale="Without TLS, table items and queries cross the network to the cache in clear text.",
    remediation="Endpoint encryption is set at creation: create a cluster with --cluster-endpoint-encryption-type TLS.",
)
