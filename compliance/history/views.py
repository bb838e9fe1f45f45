"""Read-side views over a store: a resource's timeline, and what changed between two scans."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from compliance.errors import InputError
from compliance.history.records import EvalKey, ItemKey, ItemRow, ScanRecord
from compliance.history.store import HistoryStore
from compliance.model import ComplianceType

_COMPARED = ("configuration", "supplementaryConfiguration", "tags", "relationships")
_TOP_LEVEL = ("configurationItemStatus", "resourceName", "arn", "availabilityZone")
NON_COMPLIANT = ComplianceType.NON_COMPLIANT.value


@dataclass(slots=True)
class Change:
    """One property that differs: ``before`` or ``after`` is None when it was added or removed."""

    path: str
    before: Any = None
    after: Any = None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "change": self.kind, "before": self.before, "after": self.after}


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key in sorted(value):
            _flatten(value[key], f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list) and value and any(isinstance(v, dict | list) for v in value):
        for index, element in enumerate(value):
            _flatten(element, f"{prefix}[{index}]", out)
    elif value not in (None, {}, []):
        out[prefix] = value


def _comparable(item: dict[str, Any] | None) -> dict[str, Any]:
    if not item:
        return {}
    out: dict[str, Any] = {}
    for name in _TOP_LEVEL:
        if item.get(name) is not None:
            out[name] = item[name]
    for name in _COMPARED:
        value = item.get(name)
        if name == "relationships":
            value = sorted(
                " ".join(
                    str(r.get(k) or "") for k in ("relationshipName", "resourceType", "resourceId", "resourceName")
                )
                for r in value or []
            )
            if value:
                out[name] = value
            continue
        _flatten(value, name, out)
    return out


def config_diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """What differs between two stored items, property by property (dotted paths)."""
    old, new = _comparable(before), _comparable(after)
    changes = []
    for path in sorted(set(old) | set(new)):
        if old.get(path) != new.get(path):
            changes.append(Change(path, old.get(path), new.get(path)))
    return changes


def show_value(value: Any, width: int = 60) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 3] + "..."


def describe_key(key: ItemKey) -> str:
    account, region, resource_type, resource_id = key
    return f"{resource_type} {resource_id} ({account or '-'} {region or '-'})"


# ---------------------------------------------------------------- resource timeline


@dataclass
class Version:
    scan: ScanRecord
    item: dict[str, Any]
    changes: list[Change]
    event: dict[str, Any] | None = None  # the change event that caused it (an event-triggered scan)


def event_for(scan: ScanRecord, key: ItemKey) -> dict[str, Any] | None:
    """The change event recorded with ``scan`` that changed the resource ``key`` (the last one)."""
    found = None
    for cause in scan.snapshot.get("causes") or []:
        if any(tuple(r[:4]) == tuple(key) for r in cause.get("resources") or []):
            found = {k: v for k, v in cause.items() if k != "resources"}
    return found


def describe_event(event: dict[str, Any]) -> str:
    """``s3 PutBucketVersioning by arn:... at 2026-12-03T09:00:00Z (event 1234...)``."""
    service = str(event.get("eventSource") or "").split(".")[0]
    who = event.get("principal") or "an unknown principal"
    when = event.get("eventTime") or "?"
    return f"{service} {event.get('eventName')} by {who} at {when} (event {event.get('eventId')})"


@dataclass
class ComplianceStep:
    scan: ScanRecord
    complianceType: str  # "" when the rule stopped evaluating the resource
    annotation: str = ""


@dataclass
class Timeline:
    key: ItemKey
    arn: str | None
    versions: list[Version] = field(default_factory=list)
    compliance: dict[str, list[ComplianceStep]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "resourceType": self.key[2],
            "resourceId": self.key[3],
            "accountId": self.key[0],
            "awsRegion": self.key[1],
            "arn": self.arn,
            "versions": [
                {
                    "scanId": v.scan.scanId,
                    "captureTime": v.scan.captureTime,
                    "configurationItemStatus": v.item.get("configurationItemStatus"),
                    "configurationStateId": v.item.get("configurationStateId"),
                    "changes": [c.to_dict() for c in v.changes],
                    "event": v.event,
                    "configurationItem": v.item,
                }
                for v in self.versions
            ],
            "compliance": {
                rule: [
                    {
                        "scanId": s.scan.scanId,
                        "captureTime": s.scan.captureTime,
                        "complianceType": s.complianceType or None,
                        "annotation": s.annotation,
                    }
                    for s in steps
                ]
                for rule, steps in sorted(self.compliance.items())
            },
        }


def timelines(store: HistoryStore, resource: str) -> list[Timeline]:
    """The history of every resource whose id or ARN is ``resource`` (one per account/region/type)."""
    versions = store.item_versions(resource)
    if not versions:
        raise InputError(f"no resource {resource!r} in the history at {store.url} (give a resourceId or ARN)")
    scans = {s.seq: s for s in store.scans()}
    by_key: dict[ItemKey, list[tuple[int, ItemRow]]] = defaultdict(list)
    for seq, row in versions:
        by_key[row.key].append((seq, row))
    out = []
    for key in sorted(by_key):
        rows = by_key[key]
        timeline = Timeline(key, next((r.arn for _, r in reversed(rows) if r.arn), None))
        previous: dict[str, Any] | None = None
        for seq, row in rows:
            item = row.item()
            scan = scans[seq]
            timeline.versions.append(Version(scan, item, config_diff(previous, item), event_for(scan, key)))
            previous = item
        timeline.compliance = _compliance_steps(store, key, scans)
        out.append(timeline)
    return out


def _compliance_steps(
    store: HistoryStore, key: ItemKey, scans: dict[int, ScanRecord]
) -> dict[str, list[ComplianceStep]]:
    steps: dict[str, list[ComplianceStep]] = defaultdict(list)
    for seq, row in store.eval_versions({key}):
        rule = row.key[0]
        annotation = "" if row.removed else row.evaluation().get("annotation", "")
        if steps[rule] and steps[rule][-1].complianceType == row.compliance:
            continue  # only the annotation or the item hash changed
        steps[rule].append(ComplianceStep(scans[seq], row.compliance, annotation))
    return dict(steps)


# ---------------------------------------------------------------- scan diff


@dataclass
class Flip:
    rule: str
    key: ItemKey
    before: str  # complianceType, or "" when absent
    after: str
    annotation: str
    changes: list[Change]
    cause: str
    event: dict[str, Any] | None = None  # the change event recorded as its cause, when one was


@dataclass
class ScanDiff:
    a: ScanRecord
    b: ScanRecord
    added: list[ItemKey] = field(default_factory=list)
    removed: list[ItemKey] = field(default_factory=list)
    changed: dict[ItemKey, list[Change]] = field(default_factory=dict)
    newly_failing: list[Flip] = field(default_factory=list)
    resolved: list[Flip] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def key_dict(key: ItemKey) -> dict[str, str]:
            return dict(zip(("accountId", "awsRegion", "resourceType", "resourceId"), key, strict=True))

        def flip_dict(flip: Flip) -> dict[str, Any]:
            return {
                "configRuleName": flip.rule,
                **key_dict(flip.key),
                "before": flip.before or None,
                "after": flip.after or None,
                "annotation": flip.annotation,
                "cause": flip.cause,
                "event": flip.event,
                "changes": [c.to_dict() for c in flip.changes],
            }

        return {
            "from": {"scanId": self.a.scanId, "captureTime": self.a.captureTime},
            "to": {"scanId": self.b.scanId, "captureTime": self.b.captureTime},
            "added": [key_dict(k) for k in self.added],
            "removed": [key_dict(k) for k in self.removed],
            "changed": [{**key_dict(k), "changes": [c.to_dict() for c in v]} for k, v in self.changed.items()],
            "newlyFailing": [flip_dict(f) for f in self.newly_failing],
            "resolved": [flip_dict(f) for f in self.resolved],
        }


def pick_scans(store: HistoryStore, first: str | None, second: str | None) -> tuple[ScanRecord, ScanRecord]:
    """Default: the last two scans; one given: that scan against the latest."""
    scans = store.scans()
    if first is None and second is None:
        if len(scans) < 2:
            raise InputError(f"compliance diff needs two recorded scans; {store.url} holds {len(scans)}")
        return scans[-2], scans[-1]
    a = store.resolve(first) if first is not None else scans[-1]
    b = store.resolve(second) if second is not None else scans[-1]
    return a, b


def diff_scans(store: HistoryStore, a: ScanRecord, b: ScanRecord) -> ScanDiff:
    before = {r.key: r for r in store.items_at(a.seq)}
    after = {r.key: r for r in store.items_at(b.seq)}
    result = ScanDiff(a, b)
    result.added = sorted(set(after) - set(before))
    result.removed = sorted(set(before) - set(after))
    for key in sorted(set(before) & set(after)):
        if before[key].md5 != after[key].md5:
            result.changed[key] = config_diff(before[key].item(), after[key].item())
    between = [s for s in store.scans() if a.seq < s.seq <= b.seq and s.snapshot.get("causes")]
    evals_a = {r.key: r for r in store.evaluations_at(a.seq)}
    evals_b = {r.key: r for r in store.evaluations_at(b.seq)}
    for key in sorted(set(evals_a) | set(evals_b)):
        was = evals_a[key].compliance if key in evals_a else ""
        now = evals_b[key].compliance if key in evals_b else ""
        if (was == NON_COMPLIANT) == (now == NON_COMPLIANT):
            continue
        flip = _flip(key, was, now, evals_a, evals_b, result, before, after)
        for scan in between:
            flip.event = event_for(scan, flip.key) or flip.event
        (result.newly_failing if now == NON_COMPLIANT else result.resolved).append(flip)
    return result


def _flip(
    key: EvalKey,
    was: str,
    now: str,
    evals_a: dict[EvalKey, Any],
    evals_b: dict[EvalKey, Any],
    result: ScanDiff,
    before: dict[ItemKey, ItemRow],
    after: dict[ItemKey, ItemRow],
) -> Flip:
    item_key: ItemKey = key[1:]  # type: ignore[assignment]
    source = evals_b.get(key) or evals_a.get(key)
    annotation = source.evaluation().get("annotation", "") if source else ""
    changes: list[Change] = []
    if item_key in result.changed:
        changes, cause = result.changed[item_key], "configuration changed"
    elif item_key in result.added:
        cause = "resource added"
    elif item_key in result.removed:
        cause = "resource deleted"
    elif item_key in before or item_key in after:
        cause = "no configuration change (the rule, its parameters or related resources changed)"
    else:
        cause = "account-level evaluation" if key[3] == "AWS::::Account" else "no recorded configuration item"
    return Flip(key[0], item_key, was, now, annotation, changes, cause)
