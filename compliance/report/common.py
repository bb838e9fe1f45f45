"""Helpers the report formats share: one finding's status, its resource label, grouping."""

from __future__ import annotations

from compliance.evaluate import ScanResult
from compliance.model import ComplianceType, Evaluation

# What a report shows for one evaluation; suppressed and incomplete are always distinct.
FAILED, SUPPRESSED, INCOMPLETE, PASSED, NOT_APPLICABLE = (
    "FAILED",
    "SUPPRESSED",
    "INCOMPLETE",
    "PASSED",
    "NOT_APPLICABLE",
)


def status(evaluation: Evaluation) -> str:
    if evaluation.is_failing:
        return SUPPRESSED if evaluation.is_suppressed else FAILED
    if evaluation.is_incomplete:
        return INCOMPLETE
    if evaluation.complianceType is ComplianceType.COMPLIANT:
        return PASSED
    return NOT_APPLICABLE


def resource_label(evaluation: Evaluation) -> str:
    region = f" ({evaluation.awsRegion})" if evaluation.awsRegion and evaluation.awsRegion != "global" else ""
    return f"{evaluation.resourceType} {evaluation.resourceId}{region}"


def suppression_text(evaluation: Evaluation) -> str:
    s = evaluation.suppression or {}
    if not s:
        return ""
    parts = [f"suppressed by {s.get('kind', 'waiver')}"]
    if s.get("reason"):
        parts.append(str(s["reason"]))
    if s.get("owner"):
        parts.append(f"owner {s['owner']}")
    if s.get("expires"):
        parts.append(f"until {s['expires']}")
    return "; ".join(parts)


def by_status(result: ScanResult) -> dict[str, list[Evaluation]]:
    groups: dict[str, list[Evaluation]] = {FAILED: [], SUPPRESSED: [], INCOMPLETE: [], PASSED: [], NOT_APPLICABLE: []}
    for evaluation in result.evaluations:
        groups[status(evaluation)].append(evaluation)
    for items in groups.values():
        items.sort(key=lambda e: (-e.severity.rank, e.configRuleName, e.resourceType, e.resourceId))
    return groups


def collection_error_text(error: object) -> str:
    region = getattr(error, "region", "") or "global"
    account = getattr(error, "accountId", "")
    where = f"{account} {region}".strip()
    return (
        f"{getattr(error, 'service', '')} {getattr(error, 'api', '')} ({where}): "
        f"{getattr(error, 'errorCode', '')}: {getattr(error, 'message', '')}"
    )
