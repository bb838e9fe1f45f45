"""Baselines: accept today's failing findings so a gate fails only on new ones.

A baseline file lists failing findings by identity: the configured rule (``configRuleName``
and ``ruleId``) and the resource (account, region, type, id). Annotation text is not part of
the identity, so rewording a message does not make a finding "new".

Applied to a scan, each failing finding in the baseline is suppressed (kind ``baseline``); each
baseline entry whose rule ran and whose resource no longer fails is reported resolved, unless
the resource now has INSUFFICIENT_DATA/ERROR (then it is "unknown", not resolved).

A baseline also records its snapshot's known gaps: the incomplete evaluations
(INSUFFICIENT_DATA or ERROR, by the same identity) and the collection errors (service, API,
error code, account, region, resource). An AWS Config delivery file, for one, carries no
account settings, so its account-level rules are always INSUFFICIENT_DATA. With a baseline the
gate fails only on gaps the baseline does not know (unless ``--strict``); the gaps stay
visible in every report.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance import __version__
from compliance.errors import InputError
from compliance.model import CollectionError, Evaluation
from compliance.results import ScanResult

BASELINE_VERSION = "1"
Key = tuple[str, str, str, str, str, str]
_KEY_FIELDS = ("configRuleName", "ruleId", "accountId", "awsRegion", "resourceType", "resourceId")
_ERROR_FIELDS = ("service", "api", "errorCode", "accountId", "region", "resourceId")


def error_key(error: CollectionError | dict[str, Any]) -> tuple[str, ...]:
    get = error.get if isinstance(error, dict) else lambda k, d="": getattr(error, k, d)
    return tuple(str(get(k, "") or "") for k in _ERROR_FIELDS)


def finding_key(evaluation: Evaluation | dict[str, Any]) -> Key:
    get = evaluation.get if isinstance(evaluation, dict) else lambda k, d="": getattr(evaluation, k, d)
    return tuple(str(get(k, "") or "") for k in _KEY_FIELDS)  # type: ignore[return-value]


@dataclass(slots=True)
class Baseline:
    findings: list[dict[str, Any]]
    createdAt: str = ""
    source: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    gaps: list[dict[str, Any]] = field(default_factory=list)  # known incomplete evaluations
    collection_errors: list[dict[str, Any]] = field(default_factory=list)  # known collection errors

    def keys(self) -> set[Key]:
        return {finding_key(f) for f in self.findings}


def create_baseline(result: ScanResult, now: dt.datetime | None = None) -> dict[str, Any]:
    """The baseline document for every failing finding of ``result``."""
    now = now or dt.datetime.now(dt.UTC)
    findings = [
        {
            **{k: v for k, v in zip(_KEY_FIELDS, finding_key(e), strict=True)},
            "severity": e.severity.value,
            "arn": e.arn,
        }
        for e in result.failing
    ]
    snapshot = result.snapshot
    return {
        "baselineVersion": BASELINE_VERSION,
        "tool": {"name": "compliance", "version": __version__},
        "createdAt": now.isoformat().replace("+00:00", "Z"),
        "source": {
            "configSnapshotId": snapshot.configSnapshotId,
            "captureTime": snapshot.captureTime,
            "accountIds": snapshot.accountIds,
            "rules": sorted({c.name for c in result.rules} or {e.configRuleName for e in result.evaluations}),
        },
        "findings": sorted(findings, key=lambda f: finding_key(f)),
        "gaps": sorted(
            (
                {
                    **{k: v for k, v in zip(_KEY_FIELDS, finding_key(e), strict=True)},
                    "complianceType": e.complianceType.value,
                    "annotation": e.annotation,
                }
                for e in result.incomplete
            ),
            key=lambda g: finding_key(g),
        ),
        "collectionErrors": sorted(
            ({k: v for k, v in zip(_ERROR_FIELDS, error_key(e), strict=True)} for e in snapshot.collectionErrors),
            key=error_key,
        ),
    }


def render_baseline(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"


def parse_baseline(data: Any, name: str) -> Baseline:
    if not isinstance(data, dict) or "findings" not in data:
        raise InputError(f"{name}: not a baseline file (expected an object with 'findings')")
    version = str(data.get("baselineVersion", ""))
    if version != BASELINE_VERSION:
        raise InputError(f"{name}: unsupported baselineVersion {version!r} (expected {BASELINE_VERSION!r})")
    findings = data["findings"]
    if not isinstance(findings, list):
        raise InputError(f"{name}: 'findings' must be a list")
    for i, entry in enumerate(findings):
        if not isinstance(entry, dict):
            raise InputError(f"{name}: findings[{i}]: expected an object")
        missing = [k for k in ("configRuleName", "resourceType", "resourceId") if not entry.get(k)]
        if missing:
            raise InputError(f"{name}: findings[{i}]: missing field {missing[0]!r}")
    source = data.get("source") if isinstance(data.get("source"), dict) else {}
    known: dict[str, list[dict[str, Any]]] = {}
    for section, required in (
        ("gaps", ("configRuleName", "resourceType", "resourceId")),
        ("collectionErrors", ("service", "api")),
    ):
        entries = data.get(section, [])  # baselines written before gaps were recorded have none
        if not isinstance(entries, list):
            raise InputError(f"{name}: '{section}' must be a list")
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise InputError(f"{name}: {section}[{i}]: expected an object")
            missing = [k for k in required if not entry.get(k)]
            if missing:
                raise InputError(f"{name}: {section}[{i}]: missing field {missing[0]!r}")
        known[section] = entries
    return Baseline(findings, str(data.get("createdAt", "")), source, name, known["gaps"], known["collectionErrors"])


def load_baseline(path: str | Path) -> Baseline:
    from compliance.yamlio import load_json

    return parse_baseline(load_json(path), str(path))


@dataclass(slots=True)
class BaselineOutcome:
    path: str
    baselined: int = 0  # failing findings suppressed because the baseline has them
    new: list[Evaluation] = field(default_factory=list)  # failing findings not in the baseline
    resolved: list[dict[str, Any]] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)  # now INSUFFICIENT_DATA / ERROR
    not_evaluated: int = 0  # entries for rules this scan did not run
    known_gaps: int = 0  # incomplete evaluations the baseline records
    new_gaps: list[Evaluation] = field(default_factory=list)  # incomplete evaluations it does not
    known_errors: int = 0
    new_errors: list[CollectionError] = field(default_factory=list)  # collection errors it does not record

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "baselined": self.baselined,
            "new": len(self.new),
            "resolved": self.resolved,
            "unknown": self.unknown,
            "notEvaluated": self.not_evaluated,
            "knownGaps": self.known_gaps,
            "newGaps": len(self.new_gaps),
            "knownCollectionErrors": self.known_errors,
            "newCollectionErrors": len(self.new_errors),
        }


def apply_baseline(result: ScanResult, baseline: Baseline) -> BaselineOutcome:
    keys = baseline.keys()
    outcome = BaselineOutcome(baseline.path)
    for evaluation in result.failing:
        if finding_key(evaluation) in keys:
            outcome.baselined += 1
            if evaluation.suppression is None:
                evaluation.suppression = {
                    "kind": "baseline",
                    "reason": f"accepted in {Path(baseline.path).name}"
                    + (f" of {baseline.createdAt}" if baseline.createdAt else ""),
                    "owner": "",
                    "expires": None,
                    "source": baseline.path,
                }
        else:
            outcome.new.append(evaluation)
    ran = {c.name for c in result.rules}
    by_key = {finding_key(e): e for e in result.evaluations}
    # A collection error over a whole type gives one evaluation with resourceId "*".
    wide = {(e.configRuleName, e.accountId, e.resourceType) for e in result.incomplete if e.resourceId == "*"}
    for entry in baseline.findings:
        key = finding_key(entry)
        current = by_key.get(key)
        if entry["configRuleName"] not in ran:
            outcome.not_evaluated += 1
        elif current is not None and current.is_failing:
            continue
        elif (current is not None and current.is_incomplete) or (current is None and (key[0], key[2], key[4]) in wide):
            outcome.unknown.append(entry)
        else:
            outcome.resolved.append(entry)
    gaps = {finding_key(g) for g in baseline.gaps}
    for evaluation in result.incomplete:
        if finding_key(evaluation) in gaps:
            outcome.known_gaps += 1
        else:
            outcome.new_gaps.append(evaluation)
    errors = {error_key(e) for e in baseline.collection_errors}
    for error in result.snapshot.collectionErrors:
        if error_key(error) in errors:
            outcome.known_errors += 1
        else:
            outcome.new_errors.append(error)
    return outcome
