"""Systems Manager rules on documents and Automation: documents not public, public sharing blocked,
Automation logging to CloudWatch."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._util import as_list

DOCUMENT = "AWS::SSM::Document"
PERMISSIONS = "supplementaryConfiguration.DocumentPermission"


@rule(
    id="ssm-document-not-public",
    title="Systems Manager documents you own are not public",
    resource_types=[DOCUMENT],
    severity="critical",
    trigger="periodic",
    rationale="A public document shows its steps, parameters and any embedded details to every AWS account.",
    remediation="aws ssm modify-document-permission --name DOC --permission-type Share --account-ids-to-remove All",
    reads=[PERMISSIONS],
)
def ssm_document_not_public(ci):
    """Reads supplementaryConfiguration.DocumentPermission.AccountIds ("all" means public)."""
    permission = ci.get(PERMISSIONS)
    if permission is None:
        return insufficient_data("the document's sharing permissions were not recorded")
    if "all" in [str(a).lower() for a in as_list(permission.get("AccountIds"))]:
        return non_compliant("the document is shared publicly")
    return compliant("the document is not public")


def _account_setting(rule_id, title, key, wanted, label, severity, rationale, remediation):
    def check(account, region):
        if account is None or account.awsRegion != region or key not in account.configuration:
            return insufficient_data(f"{label} was not collected in {region}")
        value = account.configuration[key]
        if str(value).lower() == wanted.lower():
            return compliant(f"{label}: {value}")
        return non_compliant(f"{label} is {value}")

    check.__doc__ = f"Reads {key} on the region's AWS::::Account item."
    return rule(
        id=rule_id, title=title, resource_types=["AWS::::Account"], scope="region", severity=severity,
        trigger="periodic", rationale=rationale, remediation=remediation, account_settings=[key],
    )(check)  # fmt: skip


ssm_automation_logging_enabled = _account_setting(
    "ssm-automation-logging-enabled", "Systems Manager Automation logs to CloudWatch",
    "ssmAutomationLogDestination", "CloudWatch", "Automation script log destination", "medium",
    "Automation logs show what each runbook did, with which parameters, on which resources.",
    "aws ssm update-service-setting --setting-id /ssm/automation/customer-script-log-destination "
    "--setting-value CloudWatch",
)
ssm_automation_block_public_sharing = _account_setting(
    "ssm-automation-block-public-sharing", "Systems Manager blocks public sharing of documents",
    "ssmDocumentsPublicSharingPermission", "Disable", "Public sharing of documents", "critical",
    "Blocking public sharing keeps a document from being made public by mistake.",
    "aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission "
    "--setting-value Disable",
)
