"""A self-contained HTML report: inline CSS, inline SVG charts and a little inline JS; it loads
nothing from the network, so it is one file to attach or archive.

The summary comes first: pack scores, failing findings by severity and by service (bar charts),
what changed since the last recorded scan (``ReportOptions.changes``), the compliance trend
(``ReportOptions.trend``). Then tabs over anchored sections (the Summary tab also shows Fix
first; without JavaScript, or printed, every section shows): failing rules
grouped with their remediation (and the planned command where a built-in remediation exists),
failing resources, controls (each id once), what could not be decided (and collection errors),
suppressed findings, waiver/baseline notes. Every table has a filter box and sortable columns.

The groups are built in one pass over the evaluations (:class:`compliance.report.common.Summary`);
listings stop at :data:`MAX_ROWS` rows with a note, so a result of 100,000s of evaluations is a
summary, not a page nobody can open.
"""

from __future__ import annotations

from html import escape

from compliance import __version__
from compliance.model import Evaluation, Severity
from compliance.report import Reporter, ReportOptions
from compliance.report.common import (
    Summary,
    collection_error_text,
    short_type,
    suppression_text,
)
from compliance.results import ScanResult

MAX_ROWS = 2000  # rows per listing; the rest is counted (json and csv have every row)
RESOURCES_PER_RULE = 25  # failing resources listed under each failing rule

_SEVERITY_COLOUR = {
    "CRITICAL": "#8c1d18",
    "HIGH": "#cf222e",
    "MEDIUM": "#bc4c00",
    "LOW": "#9a6700",
    "INFORMATIONAL": "#57606a",
}

_CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1360px;margin:0 auto;padding:1rem 1.5rem 3rem}
header{background:#fff;border-bottom:1px solid #d0d7de;padding:1rem 1.5rem 0}
header .in{max-width:1360px;margin:0 auto}h1{font-size:1.4rem;margin:0 0 .25rem}
nav{display:flex;gap:.25rem;flex-wrap:wrap;margin-top:.75rem}
nav a{padding:.45rem .8rem;border:1px solid transparent;border-bottom:none;border-radius:6px 6px 0 0;
color:#0969da;text-decoration:none}nav a:hover{background:#f6f8fa}
nav a.on{border-color:#d0d7de;background:#f6f8fa;color:#1f2328;font-weight:600}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
h2{font-size:1.15rem;margin:.2rem 0 .75rem}h3{font-size:1rem;margin:1rem 0 .5rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:1rem}
.cards{display:flex;gap:.75rem;flex-wrap:wrap;margin-bottom:1rem}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.4rem .9rem;min-width:8rem;background:#fff}
.card b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;margin:.25rem 0}th,td{border-bottom:1px solid #d8dee4;padding:5px 8px;
text-align:left;vertical-align:top}th{background:#f6f8fa;position:sticky;top:0;cursor:pointer;white-space:nowrap;
user-select:none}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.n,th.n{text-align:right}td.nw{white-space:nowrap}code{font-size:12.5px;word-break:break-all}
code.id{white-space:nowrap;word-break:normal}
#rules{table-layout:fixed}#rules th:nth-child(1){width:7.5rem}#rules th:nth-child(2){width:29%}
#rules th:nth-child(3){width:5rem}#rules th:nth-child(5){width:17rem}
td.ctl{font-size:12px;color:#57606a;overflow-wrap:anywhere}
.sev{display:inline-block;min-width:5.5rem;padding:0 .4rem;border-radius:4px;color:#fff;font-size:12px;
font-weight:600;text-align:center}
.s-FAILED,.s-NON_COMPLIANT{color:#cf222e;font-weight:600}.s-PASSED,.s-COMPLIANT{color:#1a7f37}
.s-UNKNOWN,.s-INCOMPLETE,.s-INSUFFICIENT_DATA,.s-ERROR{color:#9a6700;font-weight:600}
.s-SUPPRESSED{color:#0969da}.s-MANUAL,.s-NOT_APPLICABLE{color:#57606a}
.bar{background:#eaeef2;height:10px;border-radius:5px;width:14rem;display:inline-block;vertical-align:middle}
.bar i{display:block;height:10px;border-radius:5px;background:#1a7f37}
input[type=search]{padding:5px 8px;width:22rem;max-width:100%;border:1px solid #d0d7de;border-radius:6px;
margin:.25rem 0}
.muted{color:#57606a}.warn{color:#9a6700;font-weight:600}svg text{font-size:12px;fill:#57606a}
details summary{cursor:pointer;color:#0969da}.fix{max-width:38rem}
.cmd{background:#f6f8fa;padding:1px 4px;border-radius:4px}
ul.flips{margin:.25rem 0;padding-left:1.2rem}section[hidden]{display:none}
@media print{section[hidden]{display:block}nav{display:none}}
"""

_JS = """
document.querySelectorAll('input[data-filter]').forEach(function(box){
  box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    document.querySelectorAll('#'+box.dataset.filter+' > tbody > tr').forEach(function(tr){
      tr.style.display=tr.textContent.toLowerCase().indexOf(q)<0?'none':'';
    });
  });
});
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('thead th').forEach(function(th,col){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      table.querySelectorAll('thead th').forEach(function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      function key(r){var c=r.cells[col];return c?(c.dataset.sort||c.textContent.trim()):'';}
      rows.sort(function(a,b){var x=key(a),y=key(b),nx=parseFloat(x),ny=parseFloat(y);
        var d=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return asc?d:-d;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
var tabs=document.querySelectorAll('nav a'),sections=document.querySelectorAll('main > section');
function show(){
  var target=document.getElementById((location.hash||'#overview').slice(1));
  var section=target&&target.closest('main > section'),id=section?section.id:'overview';
  sections.forEach(function(s){s.hidden=(s.dataset.tab||s.id).split(' ').indexOf(id)<0;});
  tabs.forEach(function(a){a.classList.toggle('on',a.getAttribute('href')==='#'+id);});
  if(target&&target!==section)target.scrollIntoView();else window.scrollTo(0,0);}
window.addEventListener('hashchange',show);show();
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _sev(severity: Severity) -> str:
    colour = _SEVERITY_COLOUR[severity.value]
    return f"<td data-sort='{severity.rank}'><span class='sev' style='background:{colour}'>{severity.value}</span></td>"


def _table(table_id: str, headers: list[str], rows: list[str], total: int | None = None, numeric=()) -> str:
    """A filterable, sortable table; ``total`` > len(rows) adds a note about the rows left out."""
    head = "".join(f"<th{' class=n' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(headers))
    more = ""
    if total is not None and total > len(rows):
        more = f"<p class='muted'>… and {total - len(rows)} more (every row is in the json and csv formats)</p>"
    return (
        f"<input type='search' placeholder='filter this table' data-filter='{table_id}' aria-label='filter'>"
        f"<table id='{table_id}' class='sortable'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + more
    )


def _resource_cell(e: Evaluation) -> str:
    region = "" if not e.awsRegion or e.awsRegion == "global" else f" <span class='muted'>{_e(e.awsRegion)}</span>"
    return f"<td>{_e(short_type(e.resourceType))}<br><code>{_e(e.arn or e.resourceId)}</code>{region}</td>"


def bar_chart(chart_id: str, title: str, data: list[tuple[str, int, str]], width: int = 560) -> str:
    """Horizontal bars (label, value, colour), largest scale first, as inline SVG."""
    if not data:
        return f"<p class='muted'>{_e(title)}: none.</p>"
    row, label_w = 26, 150
    height = row * len(data) + 10
    top = max(v for _, v, _ in data) or 1
    bars = []
    for i, (label, value, colour) in enumerate(data):
        y = 5 + i * row
        w = max(2.0, (width - label_w - 60) * value / top)
        bars.append(
            f"<text x='{label_w - 8}' y='{y + 16}' text-anchor='end'>{_e(label)}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{w:.1f}' height='{row - 8}' rx='3' fill='{colour}'>"
            f"<title>{_e(label)}: {value}</title></rect>"
            f"<text x='{label_w + w + 6:.1f}' y='{y + 16}'>{value}</text>"
        )
    return (
        f"<figure><figcaption><b>{_e(title)}</b></figcaption>"
        f"<svg id='{chart_id}' role='img' aria-label='{_e(title)}' width='{width}' height='{height}'"
        f" viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>{''.join(bars)}</svg></figure>"
    )


def trend_svg(points: list[tuple[str, float]], width: int = 640, height: int = 180) -> str:
    """An inline SVG line chart of scores (0..1) over time, with labelled axes; points are drawn
    in the given order."""
    pad = 30
    n = len(points)
    xs = [pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    ys = [height - pad - (height - 2 * pad) * max(0.0, min(1.0, s)) for _, s in points]
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    dots = "".join(
        f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='#0969da'><title>{_e(t)}: {s:.0%}</title></circle>"
        for x, y, (t, s) in zip(xs, ys, points, strict=True)
    )
    grid = "".join(
        f"<line x1='{pad}' y1='{height - pad - (height - 2 * pad) * f:.1f}' x2='{width - pad}'"
        f" y2='{height - pad - (height - 2 * pad) * f:.1f}' stroke='#eaeef2'/>"
        f"<text x='2' y='{height - pad - (height - 2 * pad) * f + 4:.1f}'>{f:.0%}</text>"
        for f in (0.0, 0.5, 1.0)
    )
    values = "".join(
        f"<text x='{x:.1f}' y='{y - 8:.1f}' text-anchor='middle'>{s:.0%}</text>"
        for x, y, (_, s) in zip(xs, ys, points, strict=True)
        if n <= 12
    )
    labels = (
        f"<text x='{pad}' y='{height - 8}'>{_e(points[0][0][:10])}</text>"
        f"<text x='{width - pad}' y='{height - 8}' text-anchor='end'>{_e(points[-1][0][:10])}</text>"
    )
    return (
        f"<figure><figcaption><b>Compliance score over the recorded scans</b></figcaption>"
        f"<svg id='trend' role='img' aria-label='compliance score over time' width='{width}' height='{height}'"
        f" viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>{grid}"
        f"<polyline fill='none' stroke='#0969da' stroke-width='2' points='{coords}'/>{dots}{values}{labels}</svg>"
        "</figure>"
    )


def _overview(result: ScanResult, summary: Summary, options: ReportOptions) -> list[str]:
    snapshot = result.snapshot
    counts = result.counts()
    cards = [
        ("Failing findings", len(summary.failing), "FAILED"),
        ("Failing rules", len(summary.failing_rules), "FAILED"),
        ("Failing resources", len(summary.resources), "FAILED"),
        ("Not decided", len(summary.incomplete), "INCOMPLETE"),
        ("Suppressed", len(summary.suppressed), "SUPPRESSED"),
        ("Compliant", counts["COMPLIANT"], "PASSED"),
        ("Collection errors", len(snapshot.collectionErrors), "INCOMPLETE"),
    ]
    parts = [
        "<section id='overview'><h2>Summary</h2><div class='cards' id='summary'>",
        "".join(f"<div class='card'><b class='s-{cls}'>{n}</b>{label}</div>" for label, n, cls in cards),
        "</div>",
    ]
    if not snapshot.is_complete or summary.incomplete:
        parts.append(
            "<p class='warn'>This scan is incomplete: some resources could not be evaluated"
            " (see <a href='#undecided'>Not decided</a>).</p>"
        )
    scores = result.scores()
    if scores:
        rows = []
        for pack in result.packs:
            score = scores[pack.name]
            value = score["score"]
            bar = f"<span class='bar'><i style='width:{(value or 0) * 100:.0f}%'></i></span>"
            text = "n/a" if value is None else f"{value:.0%}"
            detail = ", ".join(f"{v} {k.lower().replace('_', ' ')}" for k, v in score["controls"].items() if v)
            rows.append(
                f"<tr><td class='nw'>{_e(pack.title or pack.name)}<br><code class='muted'>{_e(pack.name)}</code></td>"
                f"<td class='nw' data-sort='{value or 0}'>{bar} {text}</td><td>{_e(detail)}</td></tr>"
            )
        parts += ["<h3>Packs</h3>", _table("packs", ["Pack", "Score", "Controls"], rows)]
    severity_data = [
        (s.value.title(), summary.by_severity[s.value], _SEVERITY_COLOUR[s.value])
        for s in sorted(Severity, key=lambda s: -s.rank)
        if summary.by_severity[s.value]
    ]
    service_data = [(name, n, "#0969da") for name, n in summary.by_service.most_common(12)]
    parts.append("<div class='grid'>")
    parts.append(bar_chart("by-severity", "Failing findings by severity", severity_data))
    parts.append(bar_chart("by-service", "Failing findings by service (top 12)", service_data))
    parts.append("</div>")
    if options.changes:
        parts += _changes(options.changes)
    if options.trend:
        parts.append(trend_svg(options.trend))
    parts.append("</section>")
    return parts


def _changes(changes: dict) -> list[str]:
    def flips(name: str, title: str, css: str) -> str:
        items = changes.get(name) or []
        shown = "".join(f"<li><code>{_e(rule)}</code> on {_e(resource)}</li>" for rule, resource in items[:20])
        more = f"<li class='muted'>… and {len(items) - 20} more</li>" if len(items) > 20 else ""
        return f"<p><b class='{css}'>{len(items)}</b> {title}</p>" + (
            f"<ul class='flips'>{shown}{more}</ul>" if items else ""
        )

    return [
        f"<h3 id='changes'>Since the last scan ({_e(changes.get('sinceScan'))},"
        f" captured {_e(changes.get('since'))})</h3>",
        "<div class='grid'><div>",
        flips("newlyFailing", "newly failing", "s-FAILED"),
        "</div><div>",
        flips("resolved", "resolved", "s-PASSED"),
        "</div></div>",
        f"<p class='muted'>Configuration: {changes.get('added', 0)} added, {changes.get('removed', 0)} removed,"
        f" {changes.get('changed', 0)} changed resource(s).</p>",
    ]


def _fix_first(result: ScanResult, summary: Summary, options: ReportOptions) -> list[str]:
    configured = {c.name: c for c in result.rules}
    groups = summary.rule_order(summary.failing_rules, None)
    members: dict[str, list[Evaluation]] = {g.name: [] for g in groups}
    for e in summary.failing:
        listed = members[e.configRuleName]
        if len(listed) < RESOURCES_PER_RULE:
            listed.append(e)
    rows = []
    for g in groups[:MAX_ROWS]:
        c = configured.get(g.name)
        rule = c.rule if c else None
        title = rule.title if rule else ""
        fix = _e(rule.remediation if rule and rule.remediation else "")
        fixes = options.remediations.get(c.rule.id if c else g.name, [])
        if fixes:
            fix += (
                f"<br>Built-in remediation ({_e(', '.join(fixes))}): plan it with"
                f" <code class='cmd'>compliance remediate --rule {_e(c.rule.id if c else g.name)}</code>"
            )
        controls = sorted({k for e in members[g.name] for k in e.controls})
        listed = members[g.name]
        resources = "".join(f"<li><code>{_e(e.arn or e.resourceId)}</code> — {_e(e.annotation)}</li>" for e in listed)
        if len(g.resources) > len(listed):
            resources += f"<li class='muted'>… and {len(g.resources) - len(listed)} more</li>"
        rows.append(
            f"<tr>{_sev(g.severity)}<td><code class='id'>{_e(g.name)}</code><br>{_e(title)}"
            f"<details><summary>{len(g.resources)} resource(s)</summary><ul>{resources}</ul></details></td>"
            f"<td class='n' data-sort='{len(g.resources)}'>{len(g.resources)}</td><td class='fix'>{fix}</td>"
            f"<td class='ctl'>{'<br>'.join(_e(k) for k in controls)}</td></tr>"
        )
    return [
        "<section id='fix' data-tab='overview fix'><h2>Fix first: failing rules</h2>",
        f"<p class='muted'>{len(summary.failing_rules)} failing rule(s), most severe first; each with how many"
        " resources fail it and how to fix it.</p>",
        _table("rules", ["Severity", "Rule", "Failing", "Fix", "Controls"], rows, len(groups), numeric=(2,))
        if rows
        else "<p>No failing findings.</p>",
        "</section>",
    ]


def _finding_rows(evaluations: list[Evaluation], suppressed: bool = False) -> list[str]:
    ordered = sorted(evaluations, key=lambda e: (-e.severity.rank, e.configRuleName, e.resourceId))[:MAX_ROWS]
    rows = []
    for e in ordered:
        why = e.annotation if not e.is_incomplete else f"{e.complianceType.value}: {e.annotation}"
        extra = f"<td class='s-SUPPRESSED'>{_e(suppression_text(e))}</td>" if suppressed else ""
        rows.append(
            f"<tr>{_sev(e.severity)}<td><code class='id'>{_e(e.configRuleName)}</code></td>{_resource_cell(e)}"
            f"<td class='nw'>{_e(e.accountId)}</td><td>{_e(why)}</td>{extra}</tr>"
        )
    return rows


def _controls(result: ScanResult) -> list[str]:
    rows = []
    order = {"FAILED": 0, "UNKNOWN": 1, "PASSED": 2, "NOT_APPLICABLE": 3, "MANUAL": 4}
    for c in sorted(result.controls(), key=lambda c: order.get(c.status.value, 5)):  # what to act on first
        shid = c.control.securityHubId
        ident = _e(c.control.id) + (f" <span class='muted'>{_e(shid)}</span>" if shid and shid != c.control.id else "")
        failing = len({e.resource_key for e in c.evaluations if e.is_failing and not e.is_suppressed})
        rows.append(
            f"<tr><td class='nw'>{_e(c.pack)}</td><td class='nw'>{ident}</td>"
            f"<td class='s-{c.status.value}' data-sort='{order.get(c.status.value, 5)}'>{c.status.value}</td>"
            f"<td>{_e(c.control.title)}</td>"
            f"<td class='n' data-sort='{failing}'>{failing or ''}</td></tr>"
        )
    return [
        "<section id='controls-section'><h2>Controls</h2>",
        _table("controls", ["Pack", "Control", "Status", "Title", "Failing resources"], rows, numeric=(4,)),
        "</section>",
    ]


def _undecided(result: ScanResult, summary: Summary) -> list[str]:
    errors = result.snapshot.collectionErrors
    if not summary.incomplete and not errors:
        return []
    parts = ["<section id='undecided'><h2>Not decided</h2>"]
    if summary.incomplete:
        groups = summary.rule_order(summary.incomplete_rules, None)
        rows = []
        for g in groups[:MAX_ROWS]:
            state, why = (g.first.complianceType.value, g.first.annotation) if g.first else ("", "")
            rows.append(
                f"<tr><td><code class='id'>{_e(g.name)}</code></td>"
                f"<td class='n' data-sort='{len(g.resources)}'>{len(g.resources)}</td>"
                f"<td>{_e(state)}</td><td>{_e(why)}</td></tr>"
            )
        parts += [
            f"<p class='muted'>{len(summary.incomplete)} evaluation(s) with insufficient data or errors: never counted"
            " as compliant.</p>",
            _table("undecided-rules", ["Rule", "Resources", "State", "Why (first resource)"], rows, numeric=(1,)),
            "<h3>Every undecided evaluation</h3>",
            _table(
                "incomplete",
                ["Severity", "Rule", "Resource", "Account", "Why"],
                _finding_rows(summary.incomplete),
                len(summary.incomplete),
            ),
        ]
    if errors:
        parts.append("<h3>Collection errors</h3><ul id='collection-errors'>")
        parts += [f"<li>{_e(collection_error_text(err))}</li>" for err in errors[:MAX_ROWS]]
        parts.append("</ul>")
    parts.append("</section>")
    return parts


def render(result: ScanResult, options: ReportOptions) -> str:
    minimum = Severity.parse(options.severity.upper()) if options.severity else None
    summary = Summary.of(result.evaluations, minimum)
    snapshot = result.snapshot
    tabs = [("#overview", "Summary"), ("#fix", "Fix first"), ("#resources", "Failing resources")]
    if result.packs:
        tabs.append(("#controls-section", "Controls"))
    if summary.incomplete or snapshot.collectionErrors:
        tabs.append(("#undecided", "Not decided"))
    if summary.suppressed:
        tabs.append(("#suppressed-section", "Suppressed"))
    nav = "".join(f"<a href='{href}'>{_e(label)}</a>" for href, label in tabs)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Compliance report {_e(', '.join(snapshot.accountIds))}</title><style>{_CSS}</style></head><body>",
        "<header><div class='in'><h1>Compliance report</h1>",
        f"<p class='muted'>Account {_e(', '.join(snapshot.accountIds) or 'unknown')} · regions "
        f"{_e(', '.join(snapshot.regions) or 'unknown')} · captured {_e(snapshot.captureTime or 'unknown')}"
        f" · snapshot {_e(snapshot.configSnapshotId or '-')} · {len(result.rules)} rules,"
        f" {len(result.evaluations)} evaluations · compliance {_e(__version__)}</p>",
        f"<nav>{nav}</nav></div></header><main>",
    ]
    parts += _overview(result, summary, options)
    parts += _fix_first(result, summary, options)
    parts += [
        "<section id='resources'><h2>Failing resources</h2>",
        _table(
            "failing",
            ["Severity", "Rule", "Resource", "Account", "Why"],
            _finding_rows(summary.failing),
            len(summary.failing),
        )
        if summary.failing
        else "<p>None.</p>",
        "</section>",
    ]
    if result.packs:
        parts += _controls(result)
    parts += _undecided(result, summary)
    if summary.suppressed:
        parts += [
            "<section id='suppressed-section'><h2>Suppressed (waiver or baseline)</h2>",
            _table(
                "suppressed",
                ["Severity", "Rule", "Resource", "Account", "Why", "Suppression"],
                _finding_rows(summary.suppressed, suppressed=True),
                len(summary.suppressed),
            ),
            "</section>",
        ]
    notes = options.triage.notes() if options.triage else []
    if summary.hidden:
        notes.append(f"{summary.hidden} finding(s) below --severity {options.severity} are not shown")
    if notes:
        parts += ["<section id='notes' data-tab='overview notes'><h2>Notes</h2><ul id='triage'>"]
        parts += [f"<li>{_e(n)}</li>" for n in notes] + ["</ul></section>"]
    parts.append(f"</main><script>{_JS}</script></body></html>\n")
    return "".join(parts)


REPORTER = Reporter(
    "html", "html", render, "Self-contained HTML report: what to fix first, charts, every table sortable"
)
