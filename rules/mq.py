"""Amazon MQ rules: audit logs and automatic minor version upgrades."""

from __future__ import annotations

from ._checks import setting

BROKER = "AWS::AmazonMQ::Broker"

mq_cloudwatch_audit_log_enabled = setting(
    id="mq-cloudwatch-audit-log-enabled",
    title="ActiveMQ brokers stream audit logs to CloudWatch Logs",
    resource_types=[BROKER],
    path="configuration.Logs.Audit",
    what="audit logging",
    applies=lambda ci: None if str(ci.configuration.get("EngineType", "ACTIVEMQ")).upper() == "ACTIVEMQ"
    else "audit logs exist for ActiveMQ only",
    reads=["configuration.EngineType"],
    severity="medium",
    rationale="Audit logs record management actions on the broker: who created, changed or deleted what.",
    remediation="aws mq update-broker --broker-id B --logs Audit=true,General=true",
)
mq_auto_minor_version_upgrade_enabled = setting(
    id="mq-auto-minor-version-upgrade-enabled",
    title="Amazon MQ brokers apply minor engine upgrades automatically",
    resource_types=[BROKER],
    path="configuration.AutoMinorVersionUpgrade",
    what="automatic minor version upgrade",
    severity="medium",
    rationale="Minor versions carry security fixes; applying them in the maintenance window keeps them current.",
    remediation="aws mq update-broker --broker-id B --auto-minor-version-upgrade",
)
