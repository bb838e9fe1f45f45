"""The JSON report: stable, documented in docs/json-output.md."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from compliance import __version__
from compliance.evaluate import ScanResult
from compliance.report import Reporter, ReportOptions

SCHEMA_VERSION = "1"


def result_to_dict(result: ScanResult, options: ReportOptions | None = None) -> dict[str, Any]:
    snapshot = result.snapshot
    failing_by_severity: dict[str, int] = {}
    for evaluation in result.failing:
        failing_by_severity[evaluation.severity.value] = failing_by_severity.get(evaluation.severity.value, 0) + 1
    return {
        "schemaVersion": SCHEMA_VERSION,
        "tool": {"name": "compliance", "version": __version__},
        "snapshot": {
            "configSnapshotId": snapshot.configSnapshotId,
            "source": snapshot.source,
            "accountIds": snapshot.accountIds,
            "regions": snapshot.regions,
            "captureTime": snapshot.captureTime,
            "configurationItems": len(snapshot.configurationItems),
            "complete": snapshot.is_complete,
            "collectionErrors": [asdict(e) for e in snapshot.collectionErrors],
        },
        "summary": {
            "rules": len(result.rules),
            "evaluations": len(result.evaluations),
            "byComplianceType": result.counts(),
            "failingBySeverity": failing_by_severity,
            "suppressed": sum(1 for e in result.evaluations if e.is_suppressed),
        },
        "packs": [{"name": p.name, "title": p.title, **result.scores()[p.name]} for p in result.packs],
        "controls": [
            {
                "pack": c.pack,
                "controlId": c.control.id,
                "securityHubId": c.control.securityHubId,
                "title": c.control.title,
                "severity": c.control.severity.value,
                "status": c.status.value,
                "rules": c.control.rule_names,
                "failingResources": sorted({e.resourceId for e in c.evaluations if e.is_failing}),
                "requirements": c.control.requirements,
                "note": c.note,
            }
            for c in result.controls()
        ],
        "requirements": [
            {
                "pack": r.pack,
                "requirement": r.requirement,
                "status": r.status.value,
                "controls": [c.control.id for c in r.controls],
            }
            for r in result.requirements()
        ],
        "evaluations": [e.to_dict() for e in result.evaluations],
        "triage": options.triage.to_dict() if options is not None and options.triage else None,
    }


def render(result: ScanResult, options: ReportOptions) -> str:
    return json.dumps(result_to_dict(result, options), indent=2, sort_keys=False) + "\n"


REPORTER = Reporter("json", "json", render, "Every evaluation, control and score (docs/json-output.md)")


def load_report(path: str) -> ScanResult:
    """A scan result rebuilt from a JSON report (evaluations and snapshot metadata; no rule objects)."""

    from compliance.errors import InputError
    from compliance.model import CollectionError, Evaluation, Snapshot
    from compliance.yamlio import load_json

    data = load_json(path)
    if not isinstance(data, dict) or data.get("schemaVersion") != SCHEMA_VERSION or "evaluations" not in data:
        raise InputError(f"{path}: not a compliance JSON report (schemaVersion {SCHEMA_VERSION})")
    meta = data.get("snapshot") or {}
    try:
        snapshot = Snapshot(
            configSnapshotId=meta.get("configSnapshotId") or "",
            accountIds=list(meta.get("accountIds") or []),
            regions=list(meta.get("regions") or []),
            captureTime=meta.get("captureTime"),
            source=meta.get("source") or "compliance",
            collectionErrors=[CollectionError(**e) for e in meta.get("collectionErrors") or []],
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}: snapshot.collectionErrors: {exc}") from None
    evaluations = []
    for i, raw in enumerate(data["evaluations"]):
        try:
            evaluations.append(Evaluation.from_dict(raw))
        except (TypeError, ValueError, KeyError) as exc:
            raise InputError(f"{path}: evaluations[{i}]: {exc}") from None
    return ScanResult(snapshot, evaluations, rules=[])
