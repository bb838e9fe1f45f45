"""The terminal table: failing and incomplete findings first, then a summary; fits 80 columns."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from compliance.evaluate import ScanResult
from compliance.model import ComplianceType, Evaluation
from compliance.report import Reporter, ReportOptions
from compliance.report.common import FAILED, INCOMPLETE, SUPPRESSED, by_status, suppression_text

_STATE_STYLE = {
    ComplianceType.NON_COMPLIANT: "red",
    ComplianceType.INSUFFICIENT_DATA: "yellow",
    ComplianceType.ERROR: "magenta",
    ComplianceType.COMPLIANT: "green",
    ComplianceType.NOT_APPLICABLE: "dim",
}


_SEVERITY_SHORT = {"CRITICAL": "CRIT", "HIGH": "HIGH", "MEDIUM": "MED", "LOW": "LOW", "INFORMATIONAL": "INFO"}


def _short_type(resource_type: str) -> str:
    return resource_type.removeprefix("AWS::").replace("::", " ")


# A terminal table of thousands of rows is unreadable and slow to lay out; the rest is counted
# in the caption and every other format lists them all.
MAX_ROWS = 500


def _findings_table(evaluations: list[Evaluation], title: str, suppressed: bool = False) -> Table:
    hidden = max(0, len(evaluations) - MAX_ROWS)
    caption = f"... and {hidden} more (see --format json, csv or html)" if hidden else None
    table = Table(
        title=title,
        title_justify="left",
        expand=False,
        show_lines=False,
        pad_edge=False,
        caption=caption,
        caption_justify="left",
    )
    table.add_column("Sev", no_wrap=True, max_width=4)
    table.add_column("Rule", overflow="fold", ratio=3)
    table.add_column("Resource", overflow="fold", ratio=3)
    table.add_column("Why", overflow="fold", ratio=4)
    ordered = sorted(evaluations, key=lambda e: (-e.severity.rank, e.configRuleName, e.resourceId))
    for e in ordered[:MAX_ROWS]:
        region = f" ({e.awsRegion})" if e.awsRegion and e.awsRegion != "global" else ""
        resource = f"{_short_type(e.resourceType)} {e.resourceId}{region}"
        style = "cyan" if suppressed else _STATE_STYLE[e.complianceType]
        why = f"{e.annotation} ({suppression_text(e)})" if suppressed else e.annotation
        if e.is_incomplete:
            why = f"{e.complianceType.value}: {why}"
        table.add_row(_SEVERITY_SHORT[e.severity.value], e.configRuleName, resource, f"[{style}]{escape(why)}[/]")
    return table


def _controls_table(result: ScanResult) -> Table:
    table = Table(title="Controls", title_justify="left", pad_edge=False)
    table.add_column("Control", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Title", overflow="fold")
    table.add_column("Failing", justify="right", no_wrap=True)
    styles = {"PASSED": "green", "FAILED": "red", "UNKNOWN": "yellow", "MANUAL": "cyan", "NOT_APPLICABLE": "dim"}
    for c in result.controls():
        ident = c.control.id + (f" {c.control.securityHubId}" if c.control.securityHubId else "")
        failing = len({e.resource_key for e in c.evaluations if e.is_failing})
        table.add_row(
            ident, f"[{styles[c.status.value]}]{c.status.value}[/]", c.control.title, str(failing) if failing else ""
        )
    return table


def render(result: ScanResult, options: ReportOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.extra.get("width", 80),
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
    )
    if options.by == "control" and result.packs:
        console.print(_controls_table(result))
    else:
        groups = by_status(result)
        failing = groups[FAILED] + groups[INCOMPLETE]
        if options.show_passing:
            failing = [e for e in result.evaluations if not e.is_suppressed]
        if failing:
            console.print(_findings_table(failing, "Findings"))
        else:
            console.print("No failing or incomplete evaluations.")
        if groups[SUPPRESSED]:
            console.print(_findings_table(groups[SUPPRESSED], "Suppressed (waiver or baseline)", suppressed=True))
    for name, score in result.scores().items():
        value = "n/a" if score["score"] is None else f"{score['score']:.0%}"
        counts = ", ".join(f"{v} {k.lower()}" for k, v in score["controls"].items() if v)
        console.print(f"Pack {name}: score {value} ({counts})")
    counts = result.counts()
    console.print(
        f"{len(result.rules)} rules, {len(result.evaluations)} evaluations: "
        f"{counts['NON_COMPLIANT']} non-compliant, {counts['COMPLIANT']} compliant, "
        f"{counts['NOT_APPLICABLE']} not applicable, {counts['INSUFFICIENT_DATA']} insufficient data, "
        f"{counts['ERROR']} errors"
    )
    suppressed = sum(1 for e in result.evaluations if e.is_suppressed)
    if suppressed:
        console.print(f"[cyan]{suppressed} failing finding(s) suppressed by waivers or the baseline[/]")
    for note in options.triage.notes() if options.triage else []:
        console.print(f"[yellow]{escape(note)}[/]")
    errors = result.snapshot.collectionErrors
    if errors:
        console.print(f"[yellow]Incomplete snapshot: {len(errors)} collection error(s)[/]")
        for error in errors[:20]:
            where = error.region or "global"
            console.print(f"  {error.service} {error.api} ({where}): {error.errorCode}: {error.message}")
        if len(errors) > 20:
            console.print(f"  ... and {len(errors) - 20} more")
    return buffer.getvalue()


REPORTER = Reporter("table", "txt", render, "Readable table for a terminal (80 columns)")
