"""Amazon Macie rules (account settings per region): Macie enabled, automated sensitive data discovery on."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule


def _macie_rule(rule_id, title, key, label, severity, rationale, remediation):
    def check(account, region):
        if account is None or account.awsRegion != region or key not in account.configuration:
            return insufficient_data(f"{label} was not collected in {region}")
        status = str(account.configuration[key] or "DISABLED").upper()
        return compliant(f"{label} is on") if status == "ENABLED" else non_compliant(f"{label} is {status.lower()}")

    check.__doc__ = f"Reads {key} (ENABLED, PAUSED, DISABLED) on the region's AWS::::Account item."
    return rule(
        id=rule_id, title=title, resource_types=["AWS::::Account"], scope="region", severity=severity,
        trigger="periodic", rationale=rationale, remediation=remediation, account_settings=[key],
    )(check)  # fmt: skip


macie_status_check = _macie_rule(
    "macie-status-check", "Amazon Macie is enabled", "macieStatus", "Macie", "medium",
    "Macie finds sensitive data in S3 and buckets whose access exposes it.", "aws macie2 enable-macie",
)
macie_auto_sensitive_data_discovery_check = _macie_rule(
    "macie-auto-sensitive-data-discovery-check", "Macie automated sensitive data discovery is on",
    "macieAutomatedDiscoveryStatus", "automated sensitive data discovery", "high",
    "Automated discovery samples every bucket continuously, so new sensitive data is found without a job.",
    "aws macie2 update-automated-discovery-configuration --status ENABLED",
)
