"""The terminal report: what to fix first, on one screen.

Default view (``--by`` not given): a score line per pack, the failing rules grouped (severity,
rule, resources failing, the fix in one line), the top failing resources, what could not be
decided and why, then the counts. ``--by rule`` lists every failing rule, ``--by resource``
every failing finding, ``--by control`` every pack control; long lists stop at a screenful
unless ``--all``. ``--severity`` hides findings below it (the gate still uses ``--fail-on``).

Width: on a terminal, the terminal's (``ReportOptions.width``); elsewhere (piped, a file) plain
aligned text with no colour and no wrapping, one row per line, for grep and diff. One pass
over the evaluations builds every group, so a result of 100,000s of evaluations is summarised
as fast as a small one.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from compliance.model import ComplianceType, Evaluation, Severity
from compliance.report import Reporter, ReportOptions
from compliance.report.common import Summary, one_line, resource_text, suppression_text
from compliance.results import ScanResult

_STATE_STYLE = {
    ComplianceType.NON_COMPLIANT: "red",
    ComplianceType.INSUFFICIENT_DATA: "yellow",
    ComplianceType.ERROR: "magenta",
    ComplianceType.COMPLIANT: "green",
    ComplianceType.NOT_APPLICABLE: "dim",
}
_SEVERITY_STYLE = {"CRITICAL": "bold red", "HIGH": "red", "MEDIUM": "yellow", "LOW": "cyan", "INFORMATIONAL": "dim"}
_SEVERITY_SHORT = {"CRITICAL": "CRIT", "HIGH": "HIGH", "MEDIUM": "MED", "LOW": "LOW", "INFORMATIONAL": "INFO"}
_CONTROL_STYLE = {"PASSED": "green", "FAILED": "red", "UNKNOWN": "yellow", "MANUAL": "cyan", "NOT_APPLICABLE": "dim"}

SCREEN_RULES = 12  # failing rules in the default view
SCREEN_RESOURCES = 6  # top failing resources in the default view
SCREEN_INCOMPLETE = 5  # rules with undecided evaluations in the default view
MAX_ROWS = 500  # rows of --by rule/resource/control without --all


class Out:
    """Rich tables on a terminal; plain aligned text (no colour, no wrapping) elsewhere."""

    def __init__(self, options: ReportOptions) -> None:
        self.buffer = io.StringIO()
        self.plain = options.width is None
        self.console = Console(
            file=self.buffer,
            width=options.width or 10_000,
            force_terminal=options.color,
            color_system="standard" if options.color else None,
            highlight=False,
            soft_wrap=self.plain,
        )

    def line(self, text: str = "", style: str = "") -> None:
        if self.plain or not style:
            self.console.print(escape(text), highlight=False)
        else:
            self.console.print(f"[{style}]{escape(text)}[/]")

    def table(
        self,
        title: str,
        headers: list[str],
        rows: list[list[tuple[str, str]]],
        wrap: Iterable[int] = (),
        clip: Iterable[int] = (),
    ) -> None:
        """``rows`` of (text, style) cells. On a terminal, columns in ``wrap`` fold onto more lines
        and columns in ``clip`` end in an ellipsis (one line per row); plain text keeps all."""
        if self.plain:
            self.line(title)
            widths = [len(h) for h in headers]
            for row in rows:
                for i, (text, _) in enumerate(row):
                    widths[i] = max(widths[i], len(text))
            for cells in [headers, *([t for t, _ in row] for row in rows)]:
                self.buffer.write(
                    "  ".join(c.ljust(widths[i]) for i, c in enumerate(cells[:-1])) + "  " + cells[-1] + "\n"
                    if len(cells) > 1
                    else cells[0] + "\n"
                )
            return
        flexible = set(wrap) | set(clip)
        widest = [max([len(header), *(len(row[i][0]) for row in rows)]) for i, header in enumerate(headers)]
        # Fixed columns as wide as their widest cell; the flexible ones share what is left.
        fixed = sum(min(w, 60) for i, w in enumerate(widest) if i not in flexible)
        share = max(12, (self.console.width - fixed - 2 * len(headers)) // max(1, len(flexible)))
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for i, header in enumerate(headers):
            if i not in flexible:
                table.add_column(header, no_wrap=True, width=min(widest[i], 60), overflow="ellipsis")
            else:
                overflow = "fold" if i in set(wrap) else "ellipsis"
                table.add_column(header, overflow=overflow, no_wrap=i not in set(wrap), max_width=share)
        for row in rows:
            table.add_row(*(f"[{style}]{escape(text)}[/]" if style else escape(text) for text, style in row))
        self.console.print(table)

    def text(self) -> str:
        return self.buffer.getvalue()


def _fix_text(result: ScanResult, options: ReportOptions) -> dict[str, str]:
    """Per configured rule name: its remediation in one line, marked when a built-in
    remediation exists (``compliance remediate --rule ID``)."""
    fixes = {}
    for configured in result.rules:
        text = one_line(configured.rule.remediation or configured.rule.title)
        if options.remediations.get(configured.rule.id):
            text = "[auto] " + text
        fixes[configured.name] = text
    return fixes


def _sev(severity: Severity) -> tuple[str, str]:
    return _SEVERITY_SHORT[severity.value], _SEVERITY_STYLE[severity.value]


def _more(out: Out, shown: int, total: int, what: str, how: str) -> None:
    if total > shown:
        out.line(f"… and {total - shown} more {what} ({how})", "dim")


def _header(out: Out, result: ScanResult) -> None:
    snapshot = result.snapshot
    where = ", ".join(snapshot.regions) or "no regions"
    accounts = ", ".join(snapshot.accountIds) or "unknown account"
    out.line(f"Account {accounts} · {where} · captured {snapshot.captureTime or 'unknown'}", "bold")
    for name, score in result.scores().items():
        value = "n/a" if score["score"] is None else f"{score['score']:.0%}"
        counts = ", ".join(f"{v} {k.lower().replace('_', ' ')}" for k, v in score["controls"].items() if v)
        out.line(f"Pack {name}: score {value} ({counts})", "bold")


def _rules_table(out: Out, summary: Summary, fixes: dict[str, str], limit: int | None) -> None:
    groups = summary.rule_order(summary.failing_rules, limit)
    title = (
        f"Fix first: {len(summary.failing_rules)} failing rule(s), {len(summary.failing)} finding(s)"
        f" on {len(summary.resources)} resource(s)"
    )
    rows = [
        [_sev(g.severity), (g.name, ""), (str(len(g.resources)), "red"), (fixes.get(g.name, ""), "")] for g in groups
    ]
    out.table(title, ["Sev", "Rule", "Failing", "Fix"], rows, clip=[3])
    _more(out, len(groups), len(summary.failing_rules), "failing rule(s)", "--by rule --all")
    if any(fixes.get(g.name, "").startswith("[auto]") for g in groups):
        out.line("[auto]: a built-in remediation exists; plan it with: compliance remediate --rule RULE", "dim")


def _resources_table(out: Out, summary: Summary, limit: int | None) -> None:
    groups = summary.top_resources(limit)
    rows = [
        [_sev(g.worst), (resource_text(g.first), ""), (str(len(g.rules)), "red"), (", ".join(sorted(g.rules)), "")]
        for g in groups
    ]
    out.table("Top failing resources", ["Worst", "Resource", "Rules", "Failing rules"], rows, wrap=[1], clip=[3])
    _more(out, len(groups), len(summary.resources), "failing resource(s)", "--by resource")


def _incomplete_table(out: Out, summary: Summary, limit: int | None) -> None:
    groups = summary.rule_order(summary.incomplete_rules, limit)
    title = f"Not decided: {len(summary.incomplete)} evaluation(s) with insufficient data or errors"
    rows = []
    for g in groups:
        first = g.first
        assert first is not None
        rows.append(
            [(g.name, ""), (str(len(g.resources)), "yellow"), (first.complianceType.value, ""), (first.annotation, "")]
        )
    out.table(title, ["Rule", "Resources", "State", "Why (first resource)"], rows, clip=[3])
    _more(out, len(groups), len(summary.incomplete_rules), "rule(s) with undecided evaluations", "--by rule --all")


def _findings_table(out: Out, title: str, evaluations: list[Evaluation], limit: int | None, suppressed: bool) -> None:
    ordered = sorted(evaluations, key=lambda e: (-e.severity.rank, e.configRuleName, e.resourceId))
    shown = ordered if limit is None else ordered[:limit]
    rows = []
    for e in shown:
        why = f"{e.annotation} ({suppression_text(e)})" if suppressed else e.annotation
        if e.is_incomplete:
            why = f"{e.complianceType.value}: {why}"
        style = "cyan" if suppressed else _STATE_STYLE[e.complianceType]
        rows.append([_sev(e.severity), (e.configRuleName, ""), (resource_text(e), ""), (why, style)])
    out.table(title, ["Sev", "Rule", "Resource", "Why"], rows, wrap=[2, 3])
    _more(out, len(shown), len(ordered), "row(s)", "--all, or --format json, csv or html")


def _controls_table(out: Out, result: ScanResult, limit: int | None, minimum: Severity | None) -> None:
    rows = []
    total = 0
    for c in result.controls():
        if minimum is not None and c.control.severity.rank < minimum.rank:
            continue
        total += 1
        if limit is not None and len(rows) >= limit:
            continue
        ident = c.control.securityHubId or c.control.id
        if c.control.securityHubId and c.control.securityHubId != c.control.id:
            ident = f"{c.control.id} {c.control.securityHubId}"
        failing = len({e.resource_key for e in c.evaluations if e.is_failing and not e.is_suppressed})
        rows.append(
            [
                (f"{c.pack} {ident}", ""),
                (c.status.value, _CONTROL_STYLE[c.status.value]),
                (str(failing) if failing else "", "red"),
                (c.control.title + (f" ({c.note})" if c.note else ""), ""),
            ]
        )
    out.table("Controls", ["Control", "Status", "Failing", "Title"], rows, wrap=[3])
    _more(out, len(rows), total, "control(s)", "--all")


def _requirements_table(out: Out, result: ScanResult, limit: int | None) -> None:
    """The pack controls grouped by the framework requirement they support (PCI DSS 8.3.6, CIS 2.1.4)."""
    requirements = result.requirements()
    shown = requirements if limit is None else requirements[:limit]
    rows = [
        [
            (f"{r.pack} {r.requirement}", ""),
            (r.status.value, _CONTROL_STYLE[r.status.value]),
            (", ".join(f"{c.control.id} {c.status.value}" for c in r.controls), ""),
        ]
        for r in shown
    ]
    out.table("Requirements", ["Requirement", "Status", "Controls"], rows, wrap=[2])
    _more(out, len(rows), len(requirements), "requirement(s)", "--all")


def _footer(out: Out, result: ScanResult, options: ReportOptions, summary: Summary) -> None:
    counts = result.counts()
    out.line(
        f"{len(result.rules)} rules, {len(result.evaluations)} evaluations: "
        f"{counts['NON_COMPLIANT']} non-compliant, {counts['COMPLIANT']} compliant, "
        f"{counts['NOT_APPLICABLE']} not applicable, {counts['INSUFFICIENT_DATA']} insufficient data, "
        f"{counts['ERROR']} errors"
    )
    if summary.suppressed:
        out.line(f"{len(summary.suppressed)} failing finding(s) suppressed by waivers or the baseline", "cyan")
    if summary.hidden:
        out.line(f"{summary.hidden} finding(s) below --severity {options.severity} not shown", "dim")
    for note in options.triage.notes() if options.triage else []:
        out.line(note, "yellow")
    errors = result.snapshot.collectionErrors
    if errors:
        out.line(f"Incomplete snapshot: {len(errors)} collection error(s)", "yellow")
        for error in errors[:20]:
            out.line(f"  {error.service} {error.api} ({error.region or 'global'}): {error.errorCode}: {error.message}")
        _more(out, min(len(errors), 20), len(errors), "collection error(s)", "see collectionErrors in --format json")


def render(result: ScanResult, options: ReportOptions) -> str:
    out = Out(options)
    minimum = Severity.parse(options.severity) if options.severity else None
    summary = Summary.of(result.evaluations, minimum)
    fixes = _fix_text(result, options)
    limit = None if options.show_all else MAX_ROWS
    _header(out, result)
    if options.by == "control" and result.packs:
        _controls_table(out, result, limit, minimum)
    elif options.by == "requirement" and result.packs:
        _requirements_table(out, result, limit)
    elif options.by == "rule":
        _rules_table(out, summary, fixes, limit)
        if summary.incomplete_rules:
            _incomplete_table(out, summary, limit)
    elif options.by == "resource":
        shown = summary.failing + summary.incomplete
        if options.show_passing:
            shown = [e for e in result.evaluations if not e.is_suppressed]
        if shown:
            _findings_table(out, "Findings", shown, limit, suppressed=False)
        if summary.suppressed:
            _findings_table(out, "Suppressed (waiver or baseline)", summary.suppressed, limit, suppressed=True)
    else:
        if summary.failing_rules:
            _rules_table(out, summary, fixes, None if options.show_all else SCREEN_RULES)
            _resources_table(out, summary, None if options.show_all else SCREEN_RESOURCES)
        else:
            out.line("No failing findings.", "green")
        if summary.incomplete_rules:
            _incomplete_table(out, summary, None if options.show_all else SCREEN_INCOMPLETE)
        if summary.failing_rules or summary.incomplete_rules:
            out.line("More: --by rule|resource|control, --all, --severity LEVEL, -f html -o report.html", "dim")
    if not summary.failing_rules and not summary.incomplete_rules and options.by in ("rule", "resource"):
        out.line("No failing or incomplete evaluations.", "green")
    _footer(out, result, options, summary)
    return out.text()


REPORTER = Reporter("table", "txt", render, "What to fix first, for a terminal (plain aligned text when piped)")
