"""The compliance trend of the HTML report, read from the history store.

One point per recorded scan of the same accounts (kind ``scan``, oldest first, the last
``limit``): the score of the first pack the current scan answers (passed controls / passed +
failed), or without packs the share of compliant evaluations among compliant and
non-compliant ones of the rules the current scan ran. Scans with nothing to score are skipped.
"""

from __future__ import annotations

from typing import Any

from compliance.model import ComplianceType, Evaluation
from compliance.results import ScanResult

DEFAULT_LIMIT = 30


def score(evaluations: list[Evaluation], result: ScanResult) -> float | None:
    if result.packs:
        scored = ScanResult(result.snapshot, evaluations, rules=[], packs=result.packs[:1]).scores()
        return scored[result.packs[0].name]["score"]
    names = {c.name for c in result.rules}
    states = [e.complianceType for e in evaluations if not names or e.configRuleName in names]
    passed = states.count(ComplianceType.COMPLIANT)
    failed = states.count(ComplianceType.NON_COMPLIANT)
    return round(passed / (passed + failed), 4) if passed + failed else None


def history_changes(store: Any, result: ScanResult) -> dict[str, Any] | None:
    """What changed between the previous recorded scan of the same accounts and the latest one
    (the scan just recorded), for the HTML report; None without two such scans."""
    from compliance.history.views import diff_scans
    from compliance.report.common import resource_text

    accounts = set(result.snapshot.accountIds)
    records = [r for r in store.scans() if r.kind == "scan" and (not accounts or accounts & set(r.accountIds or []))]
    if len(records) < 2:
        return None
    before, after = records[-2], records[-1]
    diff = diff_scans(store, before, after)

    def label(flip: Any) -> tuple[str, str]:
        _account, region, resource_type, resource_id = flip.key
        shown = Evaluation(
            flip.rule, flip.rule, resource_type, resource_id, ComplianceType.NON_COMPLIANT, awsRegion=region
        )
        return flip.rule, resource_text(shown)

    return {
        "sinceScan": before.scanId,
        "since": before.captureTime,
        "added": len(diff.added),
        "removed": len(diff.removed),
        "changed": len(diff.changed),
        "newlyFailing": [label(f) for f in diff.newly_failing],
        "resolved": [label(f) for f in diff.resolved],
    }


def history_trend(store: Any, result: ScanResult, limit: int = DEFAULT_LIMIT) -> list[tuple[str, float]]:
    accounts = set(result.snapshot.accountIds)
    records = [r for r in store.scans() if r.kind == "scan" and (not accounts or accounts & set(r.accountIds or []))][
        -limit:
    ]
    points = []
    for record in records:
        value = score(store.evaluations(record), result)
        if value is not None:
            points.append((record.captureTime, value))
    return points
