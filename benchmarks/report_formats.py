"""Render every report format for a large scan and print the time and size of each.

    python benchmarks/report_formats.py [EVALUATIONS]

The example snapshot's evaluations are cloned (with distinct resource ids) up to EVALUATIONS
(default 50,000); a waiver suppresses a share of the failing ones.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

from compliance.evaluate import evaluate, select_rules
from compliance.gate import Triage
from compliance.plugins import load_plugins
from compliance.report import ReportOptions
from compliance.results import ScanResult
from compliance.snapshot import load_snapshot
from compliance.waivers import apply_waivers, parse_waivers

ROOT = Path(__file__).resolve().parent.parent


def main(target: int) -> None:
    plugins = load_plugins(entry_points_enabled=False)
    rules, packs = select_rules(plugins, ["cis-aws-foundations-3.0"])
    base = evaluate(load_snapshot(ROOT / "examples" / "snapshots" / "account.json"), rules, packs)
    evaluations = []
    while len(evaluations) < target:
        n = len(evaluations) // max(1, len(base.evaluations))
        evaluations += [dataclasses.replace(e, resourceId=f"{e.resourceId}-{n}") for e in base.evaluations]
    result = ScanResult(base.snapshot, evaluations[:target], base.rules, base.packs)
    waivers = parse_waivers(
        [
            {
                "rule": "iam-password-policy-minimum-length",
                "resource": "*-1*",
                "reason": "r",
                "owner": "o",
                "expires": "2099-01-01",
            }
        ],
        "bench",
    )
    options = ReportOptions(
        triage=Triage(waivers=apply_waivers(result, waivers, "bench")), trend=[("2026-01-01", 0.5), ("2026-02-01", 0.6)]
    )
    print(f"{len(result.evaluations)} evaluations")
    for name, reporter in sorted(plugins.reporters.items()):
        started = time.perf_counter()
        body = reporter.render(result, options)
        elapsed = time.perf_counter() - started
        size = len(body.encode() if isinstance(body, str) else body)
        print(f"  {name:9} {elapsed:7.2f} s  {size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
