"""Detection services switched on per region: GuardDuty, Security Hub, Amazon Inspector."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._util import as_bool

DETECTOR = "AWS::GuardDuty::Detector"
ACCOUNT = "AWS::::Account"


@rule(
    id="guardduty-enabled-centralized",
    title="GuardDuty is enabled in the region",
    resource_types=[DETECTOR],
    scope="region",
    severity="high",
    trigger="periodic",
    rationale="GuardDuty turns CloudTrail, VPC flow and DNS logs into findings about compromise.",
    remediation="aws guardduty create-detector --enable (in every region, or from the delegated administrator).",
    reads=["configuration.Enable", "configuration.Status"],
)
def guardduty_enabled_centralized(snapshot, region):
    """An AWS::GuardDuty::Detector in the region whose Enable (or Status) says it is on."""
    if not snapshot.has_data(DETECTOR, region):
        return insufficient_data("GuardDuty detectors were not collected in this region")
    for detector in snapshot.of_type(DETECTOR, region):
        config = detector.configuration
        if as_bool(config.get("Enable")) or str(config.get("Status", "")).upper() == "ENABLED":
            return compliant(f"detector {detector.resourceId} is enabled")
    return non_compliant("no enabled GuardDuty detector in the region")


def _regional_setting(account, region, key):
    if account is None or account.awsRegion != region or key not in account.configuration:
        return None, insufficient_data(f"{key} was not collected in this region")
    return account.configuration[key], None


@rule(
    id="securityhub-enabled",
    title="Security Hub is enabled in the region",
    resource_types=[ACCOUNT],
    scope="region",
    severity="medium",
    trigger="periodic",
    rationale="Security Hub gathers findings from every detector and runs the standards' checks continuously.",
    remediation="aws securityhub enable-security-hub --region REGION",
    account_settings=["securityHubEnabled"],
)
def securityhub_enabled(account, region):
    """Reads configuration.securityHubEnabled on the regional account item."""
    hub, missing = _regional_setting(account, region, "securityHubEnabled")
    if missing:
        return missing
    if as_bool(hub):
        return compliant("Security Hub is enabled")
    return non_compliant("Security Hub is not enabled")


def _inspector_rule(scan: str, label: str, control_hint: str):
    def check(account, region):
        status_doc, missing = _regional_setting(account, region, "inspector2Status")
        if missing:
            return missing
        state = (status_doc or {}).get("resourceState") or {}
        status = str((state.get(scan) or {}).get("status", "DISABLED")).upper()
        if status == "ENABLED":
            return compliant(f"Inspector {label} scanning is enabled")
        return non_compliant(f"Inspector {label} scanning is {status.lower()}")

    check.__doc__ = (
        f"Reads configuration.inspector2Status.resourceState.{scan}.status (BatchGetAccountStatus) on the regional"
        f" account item. {control_hint}"
    )
    return check


_inspector = {
    "resource_types": [ACCOUNT],
    "scope": "region",
    "severity": "high",
    "trigger": "periodic",
}

inspector_ec2_scan_enabled = rule(
    id="inspector-ec2-scan-enabled",
    title="Amazon Inspector EC2 scanning is enabled",
    rationale="Inspector finds vulnerable packages and network exposure on instances as they change.",
    remediation="aws inspector2 enable --resource-types EC2",
    **_inspector,
    account_settings=["inspector2Status"],
)(_inspector_rule("ec2", "EC2", "Security Hub Inspector.1."))
inspector_ecr_scan_enabled = rule(
    id="inspector-ecr-scan-enabled",
    title="Amazon Inspector ECR scanning is enabled",
    rationale="Inspector scans container images in ECR for known vulnerabilities on push and continuously.",
    remediation="aws inspector2 enable --resource-types ECR",
    **_inspector,
    account_settings=["inspector2Status"],
)(_inspector_rule("ecr", "ECR", "Security Hub Inspector.2."))
inspector_lambda_standard_scan_enabled = rule(
    id="inspector-lambda-standard-scan-enabled",
    title="Amazon Inspector Lambda standard scanning is enabled",
    rationale="Inspector scans Lambda functions' dependencies for known vulnerabilities.",
    remediation="aws inspector2 enable --resource-types LAMBDA",
    **_inspector,
    account_settings=["inspector2Status"],
)(_inspector_rule("lambda", "Lambda standard", "Security Hub Inspector.3."))
inspector_lambda_code_scan_enabled = rule(
    id="inspector-lambda-code-scan-enabled",
    title="Amazon Inspector Lambda code scanning is enabled",
    rationale="Code scanning finds injection flaws and hard-coded secrets in function code.",
    remediation="aws inspector2 enable --resource-types LAMBDA_CODE",
    **_inspector,
    account_settings=["inspector2Status"],
)(_inspector_rule("lambdaCode", "Lambda code", "Security Hub Inspector.4."))
