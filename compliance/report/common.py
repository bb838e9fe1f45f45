"""Helpers the report formats share: one finding's status, its resource label, grouping."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from compliance.model import INCOMPLETE_STATES, ComplianceType, Evaluation, Severity
from compliance.results import ScanResult

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
    """Evaluations per :func:`status`. FAILED, SUPPRESSED and INCOMPLETE are sorted worst first
    (severity, rule, type, id); PASSED and NOT_APPLICABLE, which reports only count, keep the
    result's order (sorting them cost most of a large report's time)."""
    groups: dict[str, list[Evaluation]] = {FAILED: [], SUPPRESSED: [], INCOMPLETE: [], PASSED: [], NOT_APPLICABLE: []}
    failed, suppressed, incomplete = groups[FAILED], groups[SUPPRESSED], groups[INCOMPLETE]
    passed, not_applicable = groups[PASSED], groups[NOT_APPLICABLE]
    for e in result.evaluations:
        state = e.complianceType
        if state is _NON_COMPLIANT:
            (failed if e.suppression is None else suppressed).append(e)
        elif state is _COMPLIANT:
            passed.append(e)
        elif state in INCOMPLETE_STATES:
            incomplete.append(e)
        else:
            not_applicable.append(e)
    for items in (failed, suppressed, incomplete):
        items.sort(key=worst_first)
    return groups


def worst_first(e: Evaluation) -> tuple[int, str, str, str]:
    return (-e.severity.rank, e.configRuleName, e.resourceType, e.resourceId)


_NON_COMPLIANT, _COMPLIANT = ComplianceType.NON_COMPLIANT, ComplianceType.COMPLIANT


def collection_error_text(error: object) -> str:
    region = getattr(error, "region", "") or "global"
    account = getattr(error, "accountId", "")
    where = f"{account} {region}".strip()
    return (
        f"{getattr(error, 'service', '')} {getattr(error, 'api', '')} ({where}): "
        f"{getattr(error, 'errorCode', '')}: {getattr(error, 'message', '')}"
    )


def service_of(resource_type: str) -> str:
    """``AWS::S3::Bucket`` -> ``S3``; the account pseudo-type -> ``Account``."""
    parts = resource_type.split("::")
    return (parts[1] if len(parts) > 2 else resource_type) or "Account"


def short_type(resource_type: str) -> str:
    return resource_type.removeprefix("AWS::").replace("::", " ").strip()


def resource_text(e: Evaluation) -> str:
    region = f" ({e.awsRegion})" if e.awsRegion and e.awsRegion != "global" else ""
    return f"{short_type(e.resourceType)} {e.resourceId}{region}"


def one_line(text: str, limit: int = 160) -> str:
    """The first sentence (or line) of ``text``, at most ``limit`` characters."""
    text = " ".join(text.split())
    cut = text.find(". ")
    if 0 < cut < limit:
        text = text[: cut + 1]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(slots=True)
class RuleGroup:
    name: str
    severity: Severity
    resources: set[tuple[str, str, str, str]] = field(default_factory=set)
    first: Evaluation | None = None
    count: int = 0


@dataclass(slots=True)
class ResourceGroup:
    first: Evaluation
    rules: list[str] = field(default_factory=list)
    worst: Severity = Severity.INFORMATIONAL


@dataclass(slots=True)
class Summary:
    """Everything the views show, gathered in one pass over the evaluations."""

    failing_rules: dict[str, RuleGroup] = field(default_factory=dict)
    resources: dict[tuple[str, str, str, str], ResourceGroup] = field(default_factory=dict)
    incomplete_rules: dict[str, RuleGroup] = field(default_factory=dict)
    failing: list[Evaluation] = field(default_factory=list)
    incomplete: list[Evaluation] = field(default_factory=list)
    suppressed: list[Evaluation] = field(default_factory=list)
    hidden: int = 0  # below --severity
    by_severity: Counter[str] = field(default_factory=Counter)  # unsuppressed failing findings
    by_service: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, evaluations: Iterable[Evaluation], minimum: Severity | None) -> Summary:
        summary = cls()
        floor = minimum.rank if minimum is not None else -1
        for e in evaluations:
            failing, incomplete = e.is_failing, e.is_incomplete
            if not failing and not incomplete:
                continue
            if e.severity.rank < floor:
                summary.hidden += 1
                continue
            if e.is_suppressed:
                summary.suppressed.append(e)
                continue
            groups = summary.failing_rules if failing else summary.incomplete_rules
            group = groups.get(e.configRuleName)
            if group is None:
                group = groups[e.configRuleName] = RuleGroup(e.configRuleName, e.severity, first=e)
            group.count += 1
            group.resources.add(e.resource_key)
            if not failing:
                summary.incomplete.append(e)
                continue
            summary.failing.append(e)
            summary.by_severity[e.severity.value] += 1
            summary.by_service[service_of(e.resourceType)] += 1
            resource = summary.resources.get(e.resource_key)
            if resource is None:
                resource = summary.resources[e.resource_key] = ResourceGroup(e)
            resource.rules.append(e.configRuleName)
            if e.severity.rank > resource.worst.rank:
                resource.worst = e.severity
        return summary

    def rule_order(self, groups: dict[str, RuleGroup], limit: int | None) -> list[RuleGroup]:
        def key(g: RuleGroup) -> tuple[int, int, str]:
            return (-g.severity.rank, -len(g.resources), g.name)

        values = groups.values()
        return heapq.nsmallest(limit, values, key=key) if limit is not None else sorted(values, key=key)

    def top_resources(self, limit: int | None) -> list[ResourceGroup]:
        def key(g: ResourceGroup) -> tuple[int, int, str]:
            return (-g.worst.rank, -len(g.rules), resource_text(g.first))

        values = self.resources.values()
        return heapq.nsmallest(limit, values, key=key) if limit is not None else sorted(values, key=key)
