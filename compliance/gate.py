"""Turn a scan result into an exit code: thresholds by severity and control, partial scans.

Exit 0: nothing at or above the threshold failed. Exit 1: a failing finding at or above the
threshold, a failing control named by ``fail_on_controls``, or (unless ``allow_partial``) an
incomplete scan: collection errors, INSUFFICIENT_DATA or ERROR evaluations.

Suppressed findings (by a waiver or a baseline, see :class:`Triage`) never fail the gate;
they stay in the result, marked, for every report to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance.errors import ExitStatus
from compliance.model import Severity
from compliance.packs import ControlStatus
from compliance.results import ScanResult

if TYPE_CHECKING:
    from compliance.baseline import BaselineOutcome
    from compliance.waivers import WaiverOutcome

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "informational", "never")


@dataclass(frozen=True, slots=True)
class GatePolicy:
    fail_on: str = "informational"  # the default counts every failing finding
    fail_on_controls: tuple[str, ...] = ()
    allow_partial: bool = False
    # With a baseline: fail on every gap, not only on gaps (incomplete evaluations, collection
    # errors) the baseline does not record.
    strict: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "fail_on", self.fail_on.lower())
        object.__setattr__(self, "fail_on_controls", tuple(self.fail_on_controls))


@dataclass(slots=True)
class GateDecision:
    exit_code: int
    reasons: list[str]

    @property
    def passed(self) -> bool:
        return self.exit_code == 0


@dataclass(slots=True)
class Triage:
    """What waivers and a baseline did to a scan; reports show it, the gate explains it."""

    waivers: WaiverOutcome | None = None
    baseline: BaselineOutcome | None = None

    def notes(self) -> list[str]:
        """One line each: expired and stale waivers, and the baseline's new/resolved counts."""
        lines = []
        if self.waivers is not None:
            for waiver, matched in self.waivers.expired:
                lines.append(
                    f"waiver {waiver.label} expired on {waiver.expires.isoformat()};"
                    f" it no longer suppresses the {matched} failing finding(s) it matches"
                )
            for waiver in self.waivers.stale:
                lines.append(f"waiver {waiver.label} is stale: it matches no failing finding")
        if self.baseline is not None:
            b = self.baseline
            lines.append(
                f"baseline {b.path}: {len(b.new)} new, {b.baselined} baselined, {len(b.resolved)} resolved"
                + (f", {len(b.unknown)} unknown (incomplete data)" if b.unknown else "")
                + (f", {b.not_evaluated} not evaluated" if b.not_evaluated else "")
            )
            if b.known_gaps or b.known_errors or b.new_gaps or b.new_errors:
                lines.append(
                    f"baseline {b.path}: known gaps {b.known_gaps} incomplete evaluation(s) and"
                    f" {b.known_errors} collection error(s); new: {len(b.new_gaps)} and {len(b.new_errors)}"
                )
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "waivers": self.waivers.to_dict() if self.waivers else None,
            "baseline": self.baseline.to_dict() if self.baseline else None,
        }


def decide(result: ScanResult, policy: GatePolicy, triaged: Triage | None = None) -> GateDecision:
    reasons: list[str] = []
    if policy.fail_on != "never":
        threshold = Severity.parse(policy.fail_on)
        failing = [e for e in result.failing if e.severity.rank >= threshold.rank and not e.is_suppressed]
        if failing:
            reasons.append(f"{len(failing)} failing finding(s) at or above {threshold.value.lower()}")
    if policy.fail_on_controls:
        wanted = set(policy.fail_on_controls)
        for control in result.controls():
            ids = {control.control.id, f"{control.pack}:{control.control.id}", control.control.securityHubId}
            unsuppressed = [e for e in control.evaluations if e.is_failing and not e.is_suppressed]
            if ids & wanted and control.status is ControlStatus.FAILED and unsuppressed:
                reasons.append(f"control {control.pack}:{control.control.id} failed")
    baseline = triaged.baseline if triaged is not None else None
    if not policy.allow_partial and baseline is not None and not policy.strict:
        if baseline.new_errors:
            reasons.append(f"{len(baseline.new_errors)} collection error(s) the baseline does not record")
        if baseline.new_gaps:
            reasons.append(
                f"{len(baseline.new_gaps)} evaluation(s) with insufficient data or errors not in the baseline"
            )
    elif not policy.allow_partial:
        if result.snapshot.collectionErrors:
            reasons.append(f"incomplete snapshot: {len(result.snapshot.collectionErrors)} collection error(s)")
        incomplete = result.incomplete
        if incomplete:
            reasons.append(f"{len(incomplete)} evaluation(s) with insufficient data or errors")
    return GateDecision(ExitStatus.FAILING if reasons else ExitStatus.OK, reasons)
