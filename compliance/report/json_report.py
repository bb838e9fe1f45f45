"""The JSON report: stable, documented in docs/json-output.md.

Written in one streaming pass: the head (snapshot, summary, packs, controls), then the
evaluations in chunks serialised by orjson straight from the slotted objects, then the triage;
the layout is the standard library's ``indent=2``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from operator import attrgetter, countOf
from typing import IO, Any

import orjson

from compliance import __version__
from compliance.model import ComplianceType, Evaluation
from compliance.report import Reporter, ReportOptions, rendered
from compliance.results import ScanResult, runs_by_controls

SCHEMA_VERSION = "1"
_STATE, _SEVERITY, _SUPPRESSION = attrgetter("complianceType"), attrgetter("severity"), attrgetter("suppression")
CHUNK = 5000  # evaluations per serialised piece: a few MB, so memory stays flat


def _head(result: ScanResult) -> dict[str, Any]:
    """Every section before ``evaluations``."""
    snapshot = result.snapshot
    evaluations = result.evaluations
    # Counted in C (Counter over attribute getters): a Python loop here cost a tenth of the report.
    states = Counter(map(_STATE, evaluations))
    failing_by_severity = Counter(map(_SEVERITY, result.failing))  # first-seen order, as before
    suppressed = len(evaluations) - countOf(map(_SUPPRESSION, evaluations), None)
    failing_ids = _failing_ids(evaluations)
    sorted_ids: dict[int, tuple[set[str], list[str]]] = {}
    controls = result.controls()
    scores = result.scores(controls)
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
            "byComplianceType": {state.value: states.get(state, 0) for state in ComplianceType},
            "failingBySeverity": {severity.value: n for severity, n in failing_by_severity.items()},
            "suppressed": suppressed,
        },
        "packs": [{"name": p.name, "title": p.title, **scores[p.name]} for p in result.packs],
        "controls": [
            {
                "pack": c.pack,
                "controlId": c.control.id,
                "securityHubId": c.control.securityHubId,
                "title": c.control.title,
                "severity": c.control.severity.value,
                "status": c.status.value,
                "rules": c.control.rule_names,
                "failingResources": _sorted_once(failing_ids.get(f"{c.pack}:{c.control.id}", set()), sorted_ids),
                "requirements": c.control.requirements,
                "note": c.note,
            }
            for c in controls
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
    }


def _failing_ids(evaluations: list[Evaluation]) -> dict[str, set[str]]:
    """Per control key, the resource ids with a NON_COMPLIANT evaluation: gathered per rule (whose
    evaluations share their controls), not per control, where each evaluation would count again
    for every control it answers."""
    failing = ComplianceType.NON_COMPLIANT
    found: dict[str, set[str]] = {}
    for run in runs_by_controls(evaluations):
        ids = {e.resourceId for e in run if e.complianceType is failing}
        if ids:
            for key in run[0].controls:
                found[key] = found[key] | ids if key in found else ids  # shared while one rule answers it
    return found


def _sorted_once(ids: set[str], cache: dict[int, tuple[set[str], list[str]]]) -> list[str]:
    """``sorted(ids)``, once per set object (the controls one rule answers share its set)."""
    hit = cache.get(id(ids))
    if hit is None:
        hit = cache[id(ids)] = (ids, sorted(ids))
    return hit[1]


def _triage(options: ReportOptions | None) -> dict[str, Any] | None:
    return options.triage.to_dict() if options is not None and options.triage else None


def result_to_dict(result: ScanResult, options: ReportOptions | None = None) -> dict[str, Any]:
    """The whole report as one dict (the streaming writer below produces the same JSON)."""
    return {
        **_head(result),
        "evaluations": [e.to_dict() for e in result.evaluations],
        "triage": _triage(options),
    }


def _indented(value: Any, depth: int) -> bytes:
    """``value`` as ``json.dumps(indent=2)`` lays it out at nesting ``depth``."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n" + b"  " * depth)


def evaluation_chunks(evaluations: list[Evaluation], depth: int) -> Iterator[bytes]:
    """The members of a JSON array of ``evaluations`` (without brackets), at nesting ``depth``,
    in pieces of :data:`CHUNK`: orjson serialises the slotted dataclasses and their enums natively,
    in field order, exactly as ``Evaluation.to_dict`` spells them."""
    indent = b"\n" + b"  " * depth
    for start in range(0, len(evaluations), CHUNK):
        piece = orjson.dumps(evaluations[start : start + CHUNK], option=orjson.OPT_INDENT_2)
        # b"[\n  {...},\n  {...}\n]" -> b"\n  {...},\n  {...}", indented one level per depth
        body = piece[1:-2].replace(b"\n", indent)
        yield body if start == 0 else b"," + body


def write(result: ScanResult, options: ReportOptions, out: IO[bytes]) -> None:
    head = _indented(_head(result), 0)
    out.write(head[:-2])  # without the closing b"\n}"
    out.write(b',\n  "evaluations": [')
    if result.evaluations:
        for chunk in evaluation_chunks(result.evaluations, 1):
            out.write(chunk)
        out.write(b"\n  ]")
    else:
        out.write(b"]")
    out.write(b',\n  "triage": ' + _indented(_triage(options), 1) + b"\n}\n")


render = rendered(write)

REPORTER = Reporter("json", "json", render, "Every evaluation, control and score (docs/json-output.md)", write=write)


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
