"""CodeBuild report group rules: exported reports are encrypted."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_bool


@rule(
    id="codebuild-report-group-encrypted-at-rest",
    title="CodeBuild report group exports are encrypted at rest",
    resource_types=["AWS::CodeBuild::ReportGroup"],
    severity="medium",
    rationale="Test reports can hold code paths, secrets in logs and environment details.",
    remediation="aws codebuild update-report-group --arn RG --export-config "
    "exportConfigType=S3,s3Destination={bucket=B,encryptionDisabled=false,encryptionKey=KEY}",
    reads=["configuration.ExportConfig"],
)
def codebuild_report_group_encrypted_at_rest(ci):
    """Reads ExportConfig.S3Destination.EncryptionDisabled (NO_EXPORT groups are not applicable)."""
    export = ci.configuration.get("ExportConfig")
    if export is None:
        return insufficient_data("the report group's export configuration was not recorded")
    if str(export.get("ExportConfigType", "")).upper() == "NO_EXPORT":
        return not_applicable("the reports are not exported")
    if as_bool((export.get("S3Destination") or {}).get("EncryptionDisabled")):
        return non_compliant("exported reports are not encrypted")
    return compliant("exported reports are encrypted")
