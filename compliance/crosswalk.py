"""Crosswalk between two packs: which controls of one are judged by the same rules as which of the other.

Controls are matched by the rules that decide them (rule id and resolved parameters), so a renumbered
control (CIS v3.0.0 1.14 is v5.0.0 1.13) is found whatever its id. Manual controls have no rules; they
are matched by identical title. Each row says what changes for a team that moves from OLD to NEW.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compliance.packs import Control, Pack, RuleRef

# Row kinds, in the order a reader wants them: what stays, what changes, what is new or gone.
KINDS = {
    "same": "same rules, same parameters",
    "parameters": "same rules, different parameters",
    "overlap": "some rules shared",
    "automated": "manual in OLD, automated in NEW",
    "now-manual": "automated in OLD, manual in NEW",
    "manual": "manual in both",
    "new": "only in NEW (no OLD control uses its rules)",
    "dropped": "only in OLD (no NEW control uses its rules)",
}


@dataclass(slots=True)
class CrosswalkRow:
    kind: str
    old: list[Control] = field(default_factory=list)
    new: list[Control] = field(default_factory=list)
    note: str = ""


def _configured(ref: RuleRef, rules: Mapping[str, Any]) -> tuple[str, str]:
    """A rule as it judges: its id and its parameters with defaults filled in (when it is registered)."""
    rule = rules.get(ref.rule)
    params = rule.resolve_parameters(dict(ref.parameters), ref.rule) if rule is not None else ref.parameters
    return ref.rule, json.dumps(params, sort_keys=True, default=str)


def crosswalk(old: Pack, new: Pack, rules: Mapping[str, Any]) -> list[CrosswalkRow]:
    """One row per NEW control (with the OLD controls it corresponds to), then OLD controls nothing in NEW covers."""
    signature = {id(c): {_configured(r, rules) for r in c.rules} for c in (*old.controls, *new.controls)}
    old_auto = [c for c in old.controls if not c.manual]
    old_by_title = {c.title.strip().lower(): c for c in old.controls}
    matched: set[int] = set()
    rows: list[CrosswalkRow] = []
    for control in new.controls:
        by_title = old_by_title.get(control.title.strip().lower())
        if control.manual:
            if by_title is not None:
                matched.add(id(by_title))
                rows.append(CrosswalkRow("manual" if by_title.manual else "now-manual", [by_title], [control]))
            else:
                rows.append(CrosswalkRow("new", [], [control], "manual"))
            continue
        mine = signature[id(control)]
        ids = {rule_id for rule_id, _ in mine}
        same = [c for c in old_auto if signature[id(c)] == mine]
        if same:
            matched.update(id(c) for c in same)
            rows.append(CrosswalkRow("same", same, [control]))
            continue
        shared = [c for c in old_auto if ids & {rule_id for rule_id, _ in signature[id(c)]}]
        if shared:
            matched.update(id(c) for c in shared)
            equal_ids = all({r for r, _ in signature[id(c)]} == ids for c in shared)
            rows.append(
                CrosswalkRow("parameters" if equal_ids else "overlap", shared, [control], _diff(shared, control))
            )
        elif by_title is not None and by_title.manual:
            matched.add(id(by_title))
            rows.append(CrosswalkRow("automated", [by_title], [control]))
        else:
            pending = control.missing_rules(rules)
            rows.append(CrosswalkRow("new", [], [control], "not automated yet" if pending else ""))
    for control in old.controls:
        if id(control) not in matched:
            rows.append(CrosswalkRow("dropped", [control], []))
    order = list(KINDS)
    return sorted(rows, key=lambda row: order.index(row.kind))


def _diff(old: list[Control], new: Control) -> str:
    """What differs in the rules' parameters: 'rule: k=old -> new'."""
    parts = []
    for ref in new.rules:
        for control in old:
            for theirs in control.rules:
                if theirs.rule == ref.rule and theirs.parameters != ref.parameters:
                    keys = sorted(set(theirs.parameters) | set(ref.parameters))
                    changed = [
                        f"{k}={theirs.parameters.get(k, 'default')} -> {ref.parameters.get(k, 'default')}"
                        for k in keys
                        if theirs.parameters.get(k) != ref.parameters.get(k)
                    ]
                    if changed:
                        parts.append(f"{ref.rule}: {', '.join(changed)}")
    return "; ".join(dict.fromkeys(parts))


def label(control: Control) -> str:
    shid = control.securityHubId
    return control.id + (f" ({shid})" if shid and shid != control.id else "")


def counts(rows: list[CrosswalkRow]) -> dict[str, int]:
    return {kind: sum(1 for r in rows if r.kind == kind) for kind in KINDS}
