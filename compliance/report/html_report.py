"""A self-contained HTML report: inline CSS and JS, no network, one file to attach or archive.

Sections: summary counts, per-pack scores, per-control status, failing resources, incomplete
evaluations and collection errors, suppressed findings, waiver/baseline notes, and a
compliance trend chart (inline SVG) when ``ReportOptions.trend`` holds (time, score) points.
"""

from __future__ import annotations

from html import escape

from compliance import __version__
from compliance.evaluate import ScanResult
from compliance.model import Evaluation
from compliance.report import Reporter, ReportOptions
from compliance.report.common import (
    FAILED,
    INCOMPLETE,
    SUPPRESSED,
    by_status,
    collection_error_text,
    suppression_text,
)

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f6f8fa}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;min-width:7rem}
.card b{display:block;font-size:1.4rem}.s-FAILED,.s-NON_COMPLIANT{color:#cf222e;font-weight:600}
.s-PASSED,.s-COMPLIANT{color:#1a7f37}.s-UNKNOWN,.s-INCOMPLETE,.s-INSUFFICIENT_DATA,.s-ERROR{color:#9a6700;
font-weight:600}.s-SUPPRESSED{color:#0969da}.s-MANUAL,.s-NOT_APPLICABLE{color:#57606a}
.bar{background:#eaeef2;height:10px;border-radius:5px;width:12rem;display:inline-block}
.bar i{display:block;height:10px;border-radius:5px;background:#1a7f37}
input[type=search]{padding:4px 8px;width:20rem}.muted{color:#57606a}svg text{font-size:11px;fill:#57606a}
"""

_JS = """
document.querySelectorAll('input[data-filter]').forEach(function(box){
  box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    document.querySelectorAll('#'+box.dataset.filter+' tbody tr').forEach(function(tr){
      tr.style.display=tr.textContent.toLowerCase().indexOf(q)<0?'none':'';
    });
  });
});
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _findings(rows: list[Evaluation], table_id: str, suppressed: bool = False) -> str:
    head = "<tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Account / region</th><th>Why</th>"
    head += "<th>Suppression</th></tr>" if suppressed else "</tr>"
    body = []
    for e in rows:
        why = e.annotation if not e.is_incomplete else f"{e.complianceType.value}: {e.annotation}"
        cells = [
            _e(e.severity.value),
            f"<code>{_e(e.configRuleName)}</code>",
            f"{_e(e.resourceType)}<br><code>{_e(e.arn or e.resourceId)}</code>",
            f"{_e(e.accountId)} {_e(e.awsRegion or 'global')}",
            _e(why),
        ]
        if suppressed:
            cells.append(f"<span class='s-SUPPRESSED'>{_e(suppression_text(e))}</span>")
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        f"<input type='search' placeholder='filter' data-filter='{table_id}'>"
        f"<table id='{table_id}'><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
    )


def trend_svg(points: list[tuple[str, float]], width: int = 640, height: int = 180) -> str:
    """An inline SVG line chart of scores (0..1) over time; points are drawn in the given order."""
    pad = 30
    n = len(points)
    xs = [pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    ys = [height - pad - (height - 2 * pad) * max(0.0, min(1.0, s)) for _, s in points]
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    dots = "".join(
        f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='#0969da'><title>{_e(t)}: {s:.0%}</title></circle>"
        for x, y, (t, s) in zip(xs, ys, points, strict=True)
    )
    labels = (
        f"<text x='{pad}' y='{height - 8}'>{_e(points[0][0])}</text>"
        f"<text x='{width - pad}' y='{height - 8}' text-anchor='end'>{_e(points[-1][0])}</text>"
        f"<text x='2' y='{pad + 4}'>100%</text><text x='2' y='{height - pad + 4}'>0%</text>"
    )
    axes = (
        f"<line x1='{pad}' y1='{height - pad}' x2='{width - pad}' y2='{height - pad}' stroke='#d0d7de'/>"
        f"<line x1='{pad}' y1='{pad}' x2='{pad}' y2='{height - pad}' stroke='#d0d7de'/>"
    )
    return (
        f"<svg id='trend' role='img' aria-label='compliance score over time' width='{width}' height='{height}'"
        f" viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>{axes}"
        f"<polyline fill='none' stroke='#0969da' stroke-width='2' points='{coords}'/>{dots}{labels}</svg>"
    )


def render(result: ScanResult, options: ReportOptions) -> str:
    groups = by_status(result)
    snapshot = result.snapshot
    counts = [
        ("Failing", len(groups[FAILED]), "FAILED"),
        ("Suppressed", len(groups[SUPPRESSED]), "SUPPRESSED"),
        ("Incomplete", len(groups[INCOMPLETE]), "INCOMPLETE"),
        ("Compliant", len(groups["PASSED"]), "PASSED"),
        ("Not applicable", len(groups["NOT_APPLICABLE"]), "NOT_APPLICABLE"),
        ("Collection errors", len(snapshot.collectionErrors), "INCOMPLETE"),
    ]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Compliance report {_e(', '.join(snapshot.accountIds))}</title><style>{_CSS}</style></head><body>",
        "<h1>Compliance report</h1>",
        f"<p class='muted'>Accounts {_e(', '.join(snapshot.accountIds) or 'unknown')}; regions "
        f"{_e(', '.join(snapshot.regions) or 'unknown')}; snapshot {_e(snapshot.configSnapshotId or '-')}"
        f" captured {_e(snapshot.captureTime or 'unknown')}; {len(result.rules)} rules;"
        f" compliance {_e(__version__)}</p>",
        "<div class='cards' id='summary'>"
        + "".join(f"<div class='card'><b class='s-{cls}'>{n}</b>{label}</div>" for label, n, cls in counts)
        + "</div>",
    ]
    if not snapshot.is_complete or groups[INCOMPLETE]:
        parts.append("<p class='s-INCOMPLETE'>This scan is incomplete: some resources could not be evaluated.</p>")
    if options.trend:
        parts += ["<h2>Compliance trend</h2>", trend_svg(options.trend)]
    scores = result.scores()
    if scores:
        parts += [
            "<h2>Packs</h2><table id='packs'><thead><tr><th>Pack</th><th>Score</th><th>Controls</th></tr>"
            "</thead><tbody>"
        ]
        for pack in result.packs:
            score = scores[pack.name]
            value = score["score"]
            bar = f"<span class='bar'><i style='width:{(value or 0) * 100:.0f}%'></i></span>"
            text = "n/a" if value is None else f"{value:.0%}"
            detail = ", ".join(f"{v} {k.lower()}" for k, v in score["controls"].items() if v)
            parts.append(f"<tr><td>{_e(pack.title or pack.name)}</td><td>{bar} {text}</td><td>{_e(detail)}</td></tr>")
        parts.append(
            "</tbody></table><h2>Controls</h2><table id='controls'><thead><tr><th>Pack</th><th>Control</th>"
            "<th>Status</th><th>Title</th><th>Failing resources</th></tr></thead><tbody>"
        )
        for c in result.controls():
            ident = c.control.id + (f" ({c.control.securityHubId})" if c.control.securityHubId else "")
            failing = sorted({e.resourceId for e in c.evaluations if e.is_failing and not e.is_suppressed})
            parts.append(
                f"<tr><td>{_e(c.pack)}</td><td>{_e(ident)}</td><td class='s-{c.status.value}'>{c.status.value}</td>"
                f"<td>{_e(c.control.title)}</td><td>{'<br>'.join(f'<code>{_e(r)}</code>' for r in failing)}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts += ["<h2>Failing resources</h2>", _findings(groups[FAILED], "failing") if groups[FAILED] else "<p>None.</p>"]
    if groups[INCOMPLETE] or snapshot.collectionErrors:
        parts.append("<h2>Incomplete</h2>")
        if groups[INCOMPLETE]:
            parts.append(_findings(groups[INCOMPLETE], "incomplete"))
        if snapshot.collectionErrors:
            parts.append("<ul id='collection-errors'>")
            parts += [f"<li>{_e(collection_error_text(err))}</li>" for err in snapshot.collectionErrors]
            parts.append("</ul>")
    if groups[SUPPRESSED]:
        parts += ["<h2>Suppressed</h2>", _findings(groups[SUPPRESSED], "suppressed", suppressed=True)]
    notes = options.triage.notes() if options.triage else []
    if notes:
        parts += ["<h2>Waivers and baseline</h2><ul id='triage'>"] + [f"<li>{_e(n)}</li>" for n in notes] + ["</ul>"]
    parts.append(f"<script>{_JS}</script></body></html>\n")
    return "".join(parts)


REPORTER = Reporter("html", "html", render, "Self-contained HTML report (scores, controls, trend)")
