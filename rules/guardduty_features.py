"""GuardDuty protection plans, per detector: S3, EKS, Lambda, RDS, malware and runtime monitoring."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant

from ._checks import declare
from ._util import as_bool, as_list

DETECTOR = "AWS::GuardDuty::Detector"
FEATURES = "supplementaryConfiguration.Features"
CONFIG_FEATURES = "configuration.Features"  # AWS Config's CloudFormation-shaped spelling


def _features(ci):
    found = ci.get(FEATURES)
    if found is None:
        found = ci.get(CONFIG_FEATURES)
    if found is None:
        return None
    return {str(f.get("Name")): f for f in as_list(found)}


def _on(entry):
    return entry is not None and str(entry.get("Status", "")).upper() == "ENABLED"


def _feature_rule(id, title, feature, label, severity="high", additional=None, legacy=None):
    """Fails a detector whose ``feature`` (and, when given, its ``additional`` configuration) is not ENABLED.
    ``legacy`` is the older DataSources path that says the same for detectors recorded without Features."""

    def check(ci):
        if str(ci.configuration.get("Status", "ENABLED")).upper() == "DISABLED" or as_bool(
                ci.configuration.get("Enable")) is False:  # fmt: skip
            return non_compliant("the detector is disabled")
        features = _features(ci)
        if features is None:
            if legacy and ci.get(legacy) is not None:
                return compliant(f"{label} is on") if as_bool(ci.get(legacy)) else non_compliant(f"{label} is off")
            return insufficient_data("the detector's features were not recorded")
        entry = features.get(feature)
        if not _on(entry):
            return non_compliant(f"{label} is off")
        if additional:
            extra = {str(a.get("Name")): a for a in as_list((entry or {}).get("AdditionalConfiguration"))}
            if not _on(extra.get(additional)):
                return non_compliant(f"{label} is off ({additional} not enabled)")
        return compliant(f"{label} is on")

    also = f" and its {additional} configuration" if additional else ""
    check.__doc__ = f"Reads the detector's {feature} feature{also}."
    reads = [FEATURES, CONFIG_FEATURES, "configuration.Status", "configuration.Enable", *([legacy] if legacy else [])]
    return declare(
        id=id, title=title, resource_types=[DETECTOR], reads=reads, severity=severity, trigger="periodic",
        rationale=f"Without {label}, GuardDuty does not watch that part of the account for threats.",
        remediation=f"aws guardduty update-detector --detector-id D --features Name={feature},Status=ENABLED"
        + (f",AdditionalConfiguration=[{{Name={additional},Status=ENABLED}}]" if additional else ""),
    )(check)  # fmt: skip


guardduty_eks_protection_audit_enabled = _feature_rule(
    "guardduty-eks-protection-audit-enabled", "GuardDuty EKS Audit Log Monitoring is on", "EKS_AUDIT_LOGS",
    "EKS audit log monitoring", legacy="configuration.DataSources.Kubernetes.AuditLogs.Enable",
)
guardduty_lambda_protection_enabled = _feature_rule(
    "guardduty-lambda-protection-enabled", "GuardDuty Lambda Protection is on", "LAMBDA_NETWORK_LOGS",
    "Lambda protection",
)
guardduty_eks_protection_runtime_enabled = _feature_rule(
    "guardduty-eks-protection-runtime-enabled", "GuardDuty EKS Runtime Monitoring is on", "RUNTIME_MONITORING",
    "EKS runtime monitoring", additional="EKS_ADDON_MANAGEMENT",
)
guardduty_malware_protection_enabled = _feature_rule(
    "guardduty-malware-protection-enabled", "GuardDuty Malware Protection for EC2 is on", "EBS_MALWARE_PROTECTION",
    "malware protection for EC2",
)
guardduty_rds_protection_enabled = _feature_rule(
    "guardduty-rds-protection-enabled", "GuardDuty RDS Protection is on", "RDS_LOGIN_EVENTS", "RDS protection",
)
guardduty_s3_protection_enabled = _feature_rule(
    "guardduty-s3-protection-enabled", "GuardDuty S3 Protection is on", "S3_DATA_EVENTS", "S3 protection",
    legacy="configuration.DataSources.S3Logs.Enable",
)
guardduty_runtime_monitoring_enabled = _feature_rule(
    "guardduty-runtime-monitoring-enabled", "GuardDuty Runtime Monitoring is on", "RUNTIME_MONITORING",
    "runtime monitoring",
)
guardduty_ecs_protection_runtime_enabled = _feature_rule(
    "guardduty-ecs-protection-runtime-enabled", "GuardDuty ECS Runtime Monitoring (Fargate) is on",
    "RUNTIME_MONITORING", "ECS Fargate runtime monitoring", "medium", additional="ECS_FARGATE_AGENT_MANAGEMENT",
)
guardduty_ec2_protection_runtime_enabled = _feature_rule(
    "guardduty-ec2-protection-runtime-enabled", "GuardDuty EC2 Runtime Monitoring is on", "RUNTIME_MONITORING",
    "EC2 runtime monitoring", "medium", additional="EC2_AGENT_MANAGEMENT",
)
