"""Systems Manager rules on documents and Automation: documents not public, public sharing blocked,
Automation logging to CloudWatch."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._checks import account_setting
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


def _equals(wanted, label):
    def judge(value):
        return compliant(f"{label}: {value}") if str(value).lower() == wanted.lower() else non_compliant(
            f"{label} is {value}")  # fmt: skip

    return judge


ssm_automation_logging_enabled = account_setting(
    id="ssm-automation-logging-enabled", title="Systems Manager Automation logs to CloudWatch",
    key="ssmAutomationLogDestination", label="Automation script log destination",
    judge=_equals("CloudWatch", "Automation script log destination"), severity="medium",
    rationale="Automation logs show what each runbook did, with which parameters, on which resources.",
    remediation="aws ssm update-service-setting --setting-id /ssm/automation/customer-script-log-destination "
    "--setting-value CloudWatch",
)  # fmt: skip
ssm_automation_block_public_sharing = account_setting(
    id="ssm-automation-block-public-sharing", title="Systems Manager blocks public sharing of documents",
    key="ssmDocumentsPublicSharingPermission", label="Public sharing of documents",
    judge=_equals("Disable", "Public sharing of documents"), severity="critical",
    rationale="Blocking public sharing keeps a document from being made public by mistake.",
    remediation="aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission "
    "--setting-value Disable",
)  # fmt: skip
