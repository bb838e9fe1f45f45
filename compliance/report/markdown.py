"""Markdown summary, sized for ``$GITHUB_STEP_SUMMARY`` (GitHub caps it at 1 MiB): tables are capped."""

from __future__ import annotations

from compliance.model import Evaluation
from compliance.report import Reporter, ReportOptions
from compliance.report.common import (
    FAILED,
    INCOMPLETE,
    SUPPRESSED,
    by_status,
    collection_error_text,
    resource_label,
    suppression_text,
)
from compliance.results import ScanResult

MAX_ROWS = 200


def _md(text: object) -> str:
    """Escape a table cell: pipes, newlines and HTML-significant characters."""
    value = "" if text is None else str(text)
    value = value.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(value.split())


def _table(rows: list[Evaluation], why: str) -> list[str]:
    lines = ["| Severity | Rule | Resource | " + why + " |", "| --- | --- | --- | --- |"]
    for e in rows[:MAX_ROWS]:
        text = suppression_text(e) if why == "Suppression" else e.annotation
        if e.is_incomplete:
            text = f"{e.complianceType.value}: {text}"
        lines.append(f"| {e.severity.value} | `{_md(e.configRuleName)}` | {_md(resource_label(e))} | {_md(text)} |")
    if len(rows) > MAX_ROWS:
        lines.append(f"\n_... and {len(rows) - MAX_ROWS} more (see the full report)._")
    return lines


def render(result: ScanResult, options: ReportOptions) -> str:
    groups = by_status(result)
    failing, suppressed, incomplete = groups[FAILED], groups[SUPPRESSED], groups[INCOMPLETE]
    errors = result.snapshot.collectionErrors
    if failing:
        verdict = f"**{len(failing)} failing finding(s)**"
    elif incomplete or errors:
        verdict = "**no failing findings, but the scan is incomplete**"
    else:
        verdict = "**no failing findings**"
    snapshot = result.snapshot
    accounts = ", ".join(snapshot.accountIds) or "unknown account"
    lines = [
        "## Compliance report",
        "",
        f"{verdict} in {accounts}"
        + (f" (snapshot {_md(snapshot.configSnapshotId)}" if snapshot.configSnapshotId else "")
        + (
            f", captured {_md(snapshot.captureTime)})"
            if snapshot.captureTime
            else (")" if snapshot.configSnapshotId else "")
        ),
        "",
        "| Failing | Suppressed | Incomplete | Compliant | Not applicable | Collection errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(failing)} | {len(suppressed)} | {len(incomplete)} | {len(groups['PASSED'])}"
        f" | {len(groups['NOT_APPLICABLE'])} | {len(errors)} |",
    ]
    controls = result.controls()
    scores = result.scores(controls)
    if scores:
        lines += [
            "",
            "### Packs",
            "",
            "| Pack | Score | Passed | Failed | Unknown |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, score in scores.items():
            value = "n/a" if score["score"] is None else f"{score['score']:.0%}"
            c = score["controls"]
            lines.append(f"| {_md(name)} | {value} | {c['PASSED']} | {c['FAILED']} | {c['UNKNOWN']} |")
        failed_controls = [c for c in controls if c.status.value in ("FAILED", "UNKNOWN")]
        if failed_controls:
            lines += ["", "| Control | Status | Title |", "| --- | --- | --- |"]
            for c in failed_controls[:MAX_ROWS]:
                ident = c.control.id + (f" ({c.control.securityHubId})" if c.control.securityHubId else "")
                title = c.control.title + (f" ({c.note})" if c.note else "")
                lines.append(f"| {_md(c.pack)} {_md(ident)} | {c.status.value} | {_md(title)} |")
    if failing:
        lines += ["", "### Failing findings", ""] + _table(failing, "Why")
    if incomplete:
        lines += ["", "### Incomplete (INSUFFICIENT_DATA / ERROR)", ""] + _table(incomplete, "Why")
    if errors:
        lines += ["", "### Collection errors", ""]
        lines += [f"- {_md(collection_error_text(e))}" for e in errors[:MAX_ROWS]]
    if suppressed:
        lines += ["", "<details><summary>Suppressed findings (" + str(len(suppressed)) + ")</summary>", ""]
        lines += _table(suppressed, "Suppression") + ["", "</details>"]
    notes = options.triage.notes() if options.triage else []
    if notes:
        lines += ["", "### Waivers and baseline", ""] + [f"- {_md(n)}" for n in notes]
    return "\n".join(lines) + "\n"


REPORTER = Reporter("markdown", "md", render, "Markdown summary for pull requests and $GITHUB_STEP_SUMMARY")
