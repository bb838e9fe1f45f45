"""Amazon Macie rules (account settings per region): Macie enabled, automated sensitive data discovery on."""

from __future__ import annotations

from compliance.rule import compliant, non_compliant

from ._checks import account_setting


def _enabled(label):
    def judge(value):
        status = str(value or "DISABLED").upper()
        return compliant(f"{label} is on") if status == "ENABLED" else non_compliant(f"{label} is {status.lower()}")

    return judge


macie_status_check = account_setting(
    id="macie-status-check", title="Amazon Macie is enabled", key="macieStatus", label="Macie",
    judge=_enabled("Macie"), severity="medium",
    rationale="Macie finds sensitive data in S3 and buckets whose access exposes it.",
    remediation="aws macie2 enable-macie",
)  # fmt: skip
macie_auto_sensitive_data_discovery_check = account_setting(
    id="macie-auto-sensitive-data-discovery-check", title="Macie automated sensitive data discovery is on",
    key="macieAutomatedDiscoveryStatus", label="automated sensitive data discovery",
    judge=_enabled("automated sensitive data discovery"), severity="high",
    rationale="Automated discovery samples every bucket continuously, so new sensitive data is found without a job.",
    remediation="aws macie2 update-automated-discovery-configuration --status ENABLED",
)  # fmt: skip
