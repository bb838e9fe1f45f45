"""Waivers: accepted risks that suppress matching failing findings until they expire.

::

    waivers:
      - rule: restricted-ssh                 # configRuleName or rule id; or `control:` instead
        resource: "sg-0a1b2c3d4e5f6000*"     # glob on the resource id or ARN
        reason: Bastion host, reviewed in SEC-1234
        owner: platform-team@example.com
        expires: 2026-12-31                  # required; the waiver applies through this date
      - control: cis-aws-foundations-3.0:3.5 # control id, PACK:id or Security Hub id
        resource: "*"
        account: "111122223333"              # optional: narrow to an account and/or region
        reason: ...
        owner: ...
        expires: 2027-03-31

A suppressed finding keeps its NON_COMPLIANT state and gains ``suppression``; it no longer
fails the gate. An expired waiver suppresses nothing and is reported; a waiver that matches
no failing finding is reported as stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.model import Evaluation
from compliance.results import ScanResult
from compliance.yamlio import load_yaml

_FIELDS = {"id", "rule", "control", "resource", "reason", "owner", "expires", "account", "region"}


@dataclass(slots=True)
class Waiver:
    resource: str
    reason: str
    owner: str
    expires: dt.date
    rule: str | None = None
    control: str | None = None
    account: str | None = None
    region: str | None = None
    id: str = ""
    source: str = ""  # "FILE: waivers[i]"

    @property
    def label(self) -> str:
        target = f"rule {self.rule}" if self.rule else f"control {self.control}"
        return f"{self.id or self.source} ({target}, resource {self.resource}, owner {self.owner})"

    def is_expired(self, today: dt.date) -> bool:
        return today > self.expires

    def matches(self, evaluation: Evaluation, control_ids: dict[str, set[str]]) -> bool:
        if self.rule is not None and self.rule not in (evaluation.configRuleName, evaluation.ruleId):
            return False
        if self.control is not None:
            names = (
                set().union(*(control_ids.get(c, {c}) for c in evaluation.controls)) if evaluation.controls else set()
            )
            if self.control not in names:
                return False
        if self.account is not None and self.account != evaluation.accountId:
            return False
        if self.region is not None and self.region != evaluation.awsRegion:
            return False
        candidates = [evaluation.resourceId] + ([evaluation.arn] if evaluation.arn else [])
        return any(fnmatchcase(c, self.resource) for c in candidates)

    def suppression(self) -> dict[str, Any]:
        return {
            "kind": "waiver",
            "reason": self.reason,
            "owner": self.owner,
            "expires": self.expires.isoformat(),
            "source": self.id or self.source,
        }


@dataclass(slots=True)
class WaiverOutcome:
    """What the waivers did: how many findings each suppressed, which expired, which are stale."""

    path: str
    applied: list[tuple[Waiver, int]] = field(default_factory=list)
    expired: list[tuple[Waiver, int]] = field(default_factory=list)  # count: findings it would match
    stale: list[Waiver] = field(default_factory=list)

    @property
    def suppressed(self) -> int:
        return sum(n for _, n in self.applied)

    def to_dict(self) -> dict[str, Any]:
        def entry(w: Waiver, n: int | None = None) -> dict[str, Any]:
            data = {
                "id": w.id or w.source,
                "rule": w.rule,
                "control": w.control,
                "resource": w.resource,
                "owner": w.owner,
                "reason": w.reason,
                "expires": w.expires.isoformat(),
            }
            if n is not None:
                data["matched"] = n
            return data

        return {
            "file": self.path,
            "applied": [entry(w, n) for w, n in self.applied],
            "expired": [entry(w, n) for w, n in self.expired],
            "stale": [entry(w) for w in self.stale],
        }


def _text(raw: dict, key: str, where: str, required: bool = True) -> str | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"{where}: missing field {key!r}")
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"{where}.{key}: expected a string, got {type(value).__name__}")
    return str(value)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise InputError(f"{where}: missing field 'expires' (every waiver needs an expiry date)")
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}.expires: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_waivers(data: Any, name: str) -> list[Waiver]:
    if data is None:
        return []
    entries = data.get("waivers") if isinstance(data, dict) else data
    if isinstance(data, dict) and set(data) - {"waivers", "version"}:
        raise InputError(f"{name}: unknown top-level field {sorted(set(data) - {'waivers', 'version'})[0]!r}")
    if not isinstance(entries, list):
        raise InputError(f"{name}: expected a list of waivers (or a mapping with 'waivers:')")
    waivers = []
    for i, raw in enumerate(entries):
        where = f"{name}: waivers[{i}]"
        if not isinstance(raw, dict):
            raise InputError(f"{where}: a waiver must be a mapping")
        unknown = sorted(set(raw) - _FIELDS)
        if unknown:
            raise InputError(f"{where}: unknown field {unknown[0]!r}")
        rule, control = _text(raw, "rule", where, False), _text(raw, "control", where, False)
        if (rule is None) == (control is None):
            raise InputError(f"{where}: give exactly one of 'rule' or 'control'")
        waiver = Waiver(
            resource=_text(raw, "resource", where) or "*",
            reason=_text(raw, "reason", where) or "",
            owner=_text(raw, "owner", where) or "",
            expires=_date(raw.get("expires"), where),
            rule=rule,
            control=control,
            account=_text(raw, "account", where, False),
            region=_text(raw, "region", where, False),
            id=_text(raw, "id", where, False) or "",
            source=where.replace(": ", ":", 1),
        )
        waivers.append(waiver)
    return waivers


def load_waivers(path: str | Path) -> list[Waiver]:
    return parse_waivers(load_yaml(path), str(path))


def control_index(result: ScanResult) -> dict[str, set[str]]:
    """Each "pack:control" an evaluation names -> every name a waiver may use for it."""
    index: dict[str, set[str]] = {}
    for pack in result.packs:
        for control in pack.controls:
            names = {f"{pack.name}:{control.id}", control.id}
            if control.securityHubId:
                names.add(control.securityHubId)
            index[f"{pack.name}:{control.id}"] = names
    return index


def apply_waivers(
    result: ScanResult, waivers: Sequence[Waiver], path: str = "", today: dt.date | None = None
) -> WaiverOutcome:
    """Mark failing findings matched by a live waiver as suppressed (first matching waiver wins)."""
    today = today or dt.date.today()
    index = control_index(result)
    outcome = WaiverOutcome(path)
    failing: Iterable[Evaluation] = [e for e in result.evaluations if e.is_failing]
    counts = {id(w): 0 for w in waivers}
    live = [w for w in waivers if not w.is_expired(today)]
    for evaluation in failing:
        for waiver in waivers:
            if waiver.matches(evaluation, index):
                counts[id(waiver)] += 1
        hit = next((w for w in live if w.matches(evaluation, index)), None)
        if hit is not None and evaluation.suppression is None:
            evaluation.suppression = hit.suppression()
    for waiver in waivers:
        n = counts[id(waiver)]
        if waiver.is_expired(today):
            outcome.expired.append((waiver, n))
        elif n == 0:
            outcome.stale.append(waiver)
        else:
            outcome.applied.append((waiver, n))
    return outcome
