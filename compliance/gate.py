"""Turn a scan result into an exit code: thresholds by severity and control, partial scans.

Exit 0: nothing at or above the threshold failed. Exit 1: a failing finding at or above the
threshold, a failing control named by ``fail_on_controls``, or (unless ``allow_partial``) an
incomplete scan: collection errors, INSUFFICIENT_DATA or ERROR evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.evaluate import ScanResult
from compliance.model import Severity
from compliance.packs import ControlStatus

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "informational", "never")


@dataclass(slots=True)
class GatePolicy:
    fail_on: str = "informational"  # the default counts every failing finding
    fail_on_controls: list[str] = field(default_factory=list)
    allow_partial: bool = False


@dataclass(slots=True)
class GateDecision:
    exit_code: int
    reasons: list[str]

    @property
    def passed(self) -> bool:
        return self.exit_code == 0


def decide(result: ScanResult, policy: GatePolicy) -> GateDecision:
    reasons: list[str] = []
    if policy.fail_on != "never":
        threshold = Severity.parse(policy.fail_on)
        failing = [e for e in result.failing if e.severity.rank >= threshold.rank]
        if failing:
            reasons.append(f"{len(failing)} failing finding(s) at or above {threshold.value.lower()}")
    if policy.fail_on_controls:
        wanted = set(policy.fail_on_controls)
        for control in result.controls():
            ids = {control.control.id, f"{control.pack}:{control.control.id}", control.control.securityHubId}
            if ids & wanted and control.status is ControlStatus.FAILED:
                reasons.append(f"control {control.pack}:{control.control.id} failed")
    if not policy.allow_partial:
        if result.snapshot.collectionErrors:
            reasons.append(f"incomplete snapshot: {len(result.snapshot.collectionErrors)} collection error(s)")
        incomplete = result.incomplete
        if incomplete:
            reasons.append(f"{len(incomplete)} evaluation(s) with insufficient data or errors")
    return GateDecision(1 if reasons else 0, reasons)
