"""DMS rules: replication instances."""

from __future__ import annotations

from ._util import is_false, is_true, property_rule

REPLICATION_INSTANCE = "AWS::DMS::ReplicationInstance"

dms_replication_not_public = property_rule(
    id="dms-replication-not-public",
    title="DMS replication instances are not public",
    resource_types=[REPLICATION_INSTANCE],
    path="configuration.PubliclyAccessible",
    passes=is_false,
    failing="the replication instance is publicly accessible",
    passing="not publicly accessible",
    severity="critical",
    trigger="periodic",
    rationale="Replication instances hold credentials to source and target databases.",
    remediation="Public access is fixed at creation: recreate the instance without --publicly-accessible.",
)

dms_auto_minor_version_upgrade_check = property_rule(
    id="dms-auto-minor-version-upgrade-check",
    title="DMS replication instances upgrade minor versions automatically",
    resource_types=[REPLICATION_INSTANCE],
    path="configuration.AutoMinorVersionUpgrade",
    passes=is_true,
    failing="automatic minor version upgrade is off",
    passing="automatic minor version upgrade is on",
    rationale="Minor versions carry security fixes.",
    remediation="aws dms modify-replication-instance --replication-instance-arn ARN --auto-minor-version-upgrade",
)
