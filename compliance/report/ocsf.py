"""OCSF 1.1.0 Compliance Finding events (class_uid 2003), a JSON array, one event per evaluation.

``compliance.status_id``: COMPLIANT -> 1 Pass, NON_COMPLIANT -> 3 Fail, INSUFFICIENT_DATA /
ERROR -> 0 Unknown, NOT_APPLICABLE -> 99 Other; ``compliance.status_code`` keeps the AWS
Config state. Finding ``status_id``: 1 New, 3 Suppressed (waiver or baseline, details in
``unmapped.suppression``), 4 Resolved for passing. Collection errors become Unknown events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import IO, Any

from compliance import __version__
from compliance.model import ComplianceType, Evaluation, Severity
from compliance.report import Reporter, ReportOptions, rendered, write_array_items
from compliance.report.asff import finding_id, partition_of
from compliance.results import ScanResult

OCSF_VERSION = "1.1.0"
CLASS_UID, CATEGORY_UID, ACTIVITY_CREATE = 2003, 2, 1
_SEVERITY = {
    Severity.INFORMATIONAL: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}
_COMPLIANCE = {
    ComplianceType.COMPLIANT: (1, "Pass"),
    ComplianceType.NON_COMPLIANT: (3, "Fail"),
    ComplianceType.INSUFFICIENT_DATA: (0, "Unknown"),
    ComplianceType.ERROR: (0, "Unknown"),
    ComplianceType.NOT_APPLICABLE: (99, "Not applicable"),
}


def _base(time_ms: int, severity: Severity) -> dict[str, Any]:
    severity_id, severity_name = _SEVERITY[severity]
    return {
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "type_name": "Compliance Finding: Create",
        "severity_id": severity_id,
        "severity": severity_name,
        "time": time_ms,
        "metadata": {
            "version": OCSF_VERSION,
            "product": {"name": "compliance", "vendor_name": "compliance", "version": __version__},
        },
    }


def _account(account_id: str) -> dict[str, Any]:
    return {"uid": account_id, "type_id": 10, "type": "AWS Account"}


def _event(e: Evaluation, titles: dict[str, str], standards: dict[str, str], time_ms: int) -> dict[str, Any]:
    status_id, status_name = _COMPLIANCE[e.complianceType]
    if e.is_suppressed:
        finding_status = (3, "Suppressed")
    elif e.complianceType is ComplianceType.COMPLIANT:
        finding_status = (4, "Resolved")
    else:
        finding_status = (1, "New")
    packs = sorted({c.split(":", 1)[0] for c in e.controls})
    event = _base(time_ms, e.severity)
    event.update(
        {
            "status_id": finding_status[0],
            "status": finding_status[1],
            "message": e.annotation or e.complianceType.value,
            "finding_info": {
                "uid": finding_id(e),
                "title": titles.get(e.configRuleName) or e.ruleId,
                "desc": e.annotation,
                "types": [e.ruleId],
                "created_time": time_ms,
            },
            "compliance": {
                "standards": [standards.get(p, p) for p in packs] or ["compliance rules"],
                "requirements": e.controls,
                "control": e.configRuleName,
                "status_id": status_id,
                "status": status_name,
                "status_code": e.complianceType.value,
                "status_detail": e.annotation,
            },
            "resources": [
                {
                    "uid": e.arn or e.resourceId,
                    "name": e.resourceId,
                    "type": e.resourceType,
                    "region": e.awsRegion or None,
                    "cloud_partition": partition_of(e.arn),
                    "owner": {"account": _account(e.accountId)},
                }
            ],
            "cloud": {"provider": "AWS", "region": e.awsRegion or None, "account": _account(e.accountId)},
        }
    )
    if e.suppression:
        event["unmapped"] = {"suppression": e.suppression}
    return event


def _error_event(err: Any, time_ms: int) -> dict[str, Any]:
    event = _base(time_ms, Severity.INFORMATIONAL)
    detail = f"{err.service} {err.api} {err.errorCode}: {err.message}"
    event.update(
        {
            "status_id": 1,
            "status": "New",
            "message": f"could not collect {', '.join(err.resourceTypes) or err.service}: {detail}",
            "finding_info": {
                "uid": f"compliance/collection/{err.accountId}/{err.region or 'global'}/{err.service}/{err.api}",
                "title": f"Could not collect {err.service} {err.api}",
                "desc": detail,
                "types": ["collection-error"],
                "created_time": time_ms,
            },
            "compliance": {
                "standards": ["compliance rules"],
                "control": "collection",
                "status_id": 0,
                "status": "Unknown",
                "status_code": "COLLECTION_ERROR",
                "status_detail": detail,
            },
            "cloud": {"provider": "AWS", "region": err.region or None, "account": _account(err.accountId)},
        }
    )
    return event


def ocsf_events(result: ScanResult, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    return list(iter_events(result, now))


def iter_events(result: ScanResult, now: dt.datetime | None = None) -> Iterator[dict[str, Any]]:
    """:func:`ocsf_events` one at a time."""
    now = now or dt.datetime.now(dt.UTC)
    time_ms = int(now.timestamp() * 1000)
    titles = {c.name: c.rule.title for c in result.rules}
    standards = {p.name: p.title or p.name for p in result.packs}
    for e in result.evaluations:
        yield _event(e, titles, standards, time_ms)
    for err in result.snapshot.collectionErrors:
        yield _error_event(err, time_ms)


def write(result: ScanResult, options: ReportOptions, out: IO[bytes]) -> None:
    out.write(b"[")
    write_array_items(iter_events(result), out)
    out.write(b"]\n")


render = rendered(write)

REPORTER = Reporter(
    "ocsf", "ocsf.json", render, "OCSF 1.1.0 Compliance Finding events (class_uid 2003)", write=write
)
