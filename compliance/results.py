"""What a scan found, as plain data: the rules it ran (:class:`ConfiguredRule`), its evaluations
and snapshot (:class:`ScanResult`), and the pack controls and framework requirements they answer
(:class:`ControlResult`, :class:`RequirementResult`). Reporters, the gate, the history store and
plugins read these; :mod:`compliance.evaluate` makes them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any

from compliance.model import INCOMPLETE_STATES, ComplianceType, Evaluation, Severity, Snapshot, count_by_state
from compliance.packs import Control, ControlStatus, Pack, control_status, requirement_status
from compliance.rule import Rule


@dataclass(slots=True)
class ConfiguredRule:
    """A rule as a scan runs it: under a name, with resolved parameters, for some controls."""

    name: str
    rule: Rule
    params: dict[str, Any]
    severity: Severity
    controls: list[str] = field(default_factory=list)  # "pack-name:control-id"


@dataclass
class ControlResult:
    pack: str
    control: Control
    status: ControlStatus
    evaluations: list[Evaluation]
    note: str = ""  # why an UNKNOWN control could not be judged, when no evaluation says it


@dataclass
class RequirementResult:
    """One framework requirement of a pack (PCI DSS 8.3.6, CIS 2.1.4) and the controls that support it."""

    pack: str
    requirement: str
    status: ControlStatus
    controls: list[ControlResult]


@dataclass
class ScanResult:
    """What a scan found: the snapshot it read, every evaluation, and the packs it answered."""

    snapshot: Snapshot
    evaluations: list[Evaluation]
    rules: list[ConfiguredRule]
    packs: list[Pack] = field(default_factory=list)
    duration_seconds: float = 0.0
    reused: int = 0  # evaluations of unchanged resources whose recorded verdict stood (compliance.unchanged)

    @property
    def failing(self) -> list[Evaluation]:
        failing = ComplianceType.NON_COMPLIANT
        return [e for e in self.evaluations if e.complianceType is failing]

    @property
    def incomplete(self) -> list[Evaluation]:
        return [e for e in self.evaluations if e.complianceType in INCOMPLETE_STATES]

    def counts(self) -> dict[str, int]:
        return count_by_state(self.evaluations)

    def controls(self) -> list[ControlResult]:
        """Each pack control with its status, from the evaluations of the rules configured for it."""
        by_control: dict[str, list[Evaluation]] = defaultdict(list)
        for run in runs_by_controls(self.evaluations):
            for control_key in run[0].controls:
                by_control[control_key] += run
        uncollected = self._uncollected_types_by_control()
        configured = {(key, c.rule.id) for c in self.rules for key in c.controls}
        results = []
        for pack in self.packs:
            for control in pack.controls:
                key = f"{pack.name}:{control.id}"
                evaluations = by_control.get(key, [])
                status = control_status(evaluations, control.manual)
                note = ""
                if status is ControlStatus.NOT_APPLICABLE and not evaluations and uncollected.get(key):
                    status = ControlStatus.UNKNOWN  # nothing evaluated because the types were never read
                    note = "not collected: " + ", ".join(dict.fromkeys(uncollected[key]))
                missing = [r.rule for r in control.rules if r.pending and (key, r.rule) not in configured]
                if missing and not control.manual and status is not ControlStatus.FAILED:
                    status = ControlStatus.UNKNOWN  # part of the control is not automated yet: never PASSED
                    note = "not automated yet: no rule registered yet for " + ", ".join(missing)
                results.append(ControlResult(pack.name, control, status, evaluations, note))
        return results

    def requirements(self) -> list[RequirementResult]:
        """Controls grouped by the framework requirements they support, per pack, in requirement order.
        A control that names no requirement is grouped under "unmapped"."""
        grouped: dict[tuple[str, str], list[ControlResult]] = defaultdict(list)
        for result in self.controls():
            for requirement in result.control.requirements or ["unmapped"]:
                grouped[(result.pack, requirement)].append(result)
        order = {pack.name: i for i, pack in enumerate(self.packs)}
        return [
            RequirementResult(pack, requirement, requirement_status(c.status for c in controls), controls)
            for (pack, requirement), controls in sorted(
                grouped.items(), key=lambda kv: (order.get(kv[0][0], 0), _requirement_key(kv[0][1]))
            )
        ]

    def _uncollected_types_by_control(self) -> dict[str, list[str]]:
        """Per control key, the resource types its resource rules evaluate that the snapshot says
        were not collected (empty when the snapshot does not say what it collected)."""
        if self.snapshot.resourceTypesCollected is None:
            return {}
        collected = set(self.snapshot.resourceTypesCollected)
        missing: dict[str, list[str]] = defaultdict(list)
        for configured in self.rules:
            if configured.rule.scope != "resource":
                continue
            absent = [t for t in configured.rule.resource_types if t not in collected]
            for control_key in configured.controls:
                missing[control_key].extend(absent)
        return missing

    def scores(self, controls: list[ControlResult] | None = None) -> dict[str, dict[str, Any]]:
        """Per pack: passed controls / evaluated (passed + failed) controls, and per status.
        ``controls`` is :meth:`controls`, when the caller has it already."""
        scores: dict[str, dict[str, Any]] = {}
        controls = self.controls() if controls is None else controls
        for pack in self.packs:
            statuses = [c.status for c in controls if c.pack == pack.name]
            counts = {s.value: statuses.count(s) for s in ControlStatus}
            evaluated = counts["PASSED"] + counts["FAILED"]
            scores[pack.name] = {
                "score": round(counts["PASSED"] / evaluated, 4) if evaluated else None,
                "controls": counts,
            }
        return scores


def _requirement_key(requirement: str) -> tuple[Any, ...]:
    """'8.3.10.1' after '8.3.9'; non-numeric parts sort as text after numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in requirement.split("."))


def runs_by_controls(evaluations: list[Evaluation]) -> Iterator[list[Evaluation]]:
    """Consecutive evaluations with equal ``controls``, as lists: one configured rule's evaluations
    are consecutive and share one list, so a scan has about as many runs as rules."""
    for _, run in groupby(evaluations, _CONTROLS):
        yield list(run)


_CONTROLS = attrgetter("controls")
