"""Text and JSON renderings of a remediation plan or run, and of the audit log."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

from compliance.remediate.plan import APPLIED, FAILED, MANUAL, PLANNED, SKIPPED, Action

_ORDER = {PLANNED: 0, APPLIED: 1, FAILED: 2, SKIPPED: 3, MANUAL: 4}


def _resource(action: Action) -> str:
    e = action.evaluation
    where = " ".join(p for p in (e.accountId, e.awsRegion) if p)
    return f"{e.resourceType} {e.resourceId}" + (f" ({where})" if where else "")


def describe_action(action: Action) -> str:
    """One action: the finding, the remediation and each exact call."""
    lines = [f"{action.evaluation.configRuleName}: {_resource(action)}"]
    if action.remediation is not None:
        lines.append(f"  remediation {action.remediation.id}: {action.remediation.title}")
    for call in action.calls:
        lines.append(f"  # {call.description}" if call.description else "  #")
        lines.append(f"  {call.cli()}")
    return "\n".join(lines)


def render_text(actions: Iterable[Action], *, applied: bool) -> str:
    actions = sorted(actions, key=lambda a: _ORDER.get(a.status, 9))
    out: list[str] = []
    for action in actions:
        if action.status == PLANNED:
            out.append(describe_action(action))
        elif action.status == APPLIED:
            out.append(describe_action(action))
            out.append(
                f"  => applied; verification: {action.verification}" + (f" ({action.reason})" if action.reason else "")
            )
        elif action.status == FAILED:
            out.append(describe_action(action))
            out.append(f"  => FAILED: {action.reason}")
        elif action.status == SKIPPED:
            rem = f" [{action.remediation.id}]" if action.remediation else ""
            out.append(f"skipped {action.evaluation.configRuleName}: {_resource(action)}{rem}: {action.reason}")
        else:
            out.append(f"manual  {action.evaluation.configRuleName}: {_resource(action)}: {action.reason}")
        out.append("")
    return "\n".join(out)


def summary_line(counts: dict[str, int], *, applied: bool) -> str:
    if not applied:
        return (
            f"{counts[PLANNED]} planned, {counts[SKIPPED]} skipped, {counts[FAILED]} failed to plan, "
            f"{counts[MANUAL]} without remediation. Dry run: nothing was changed "
            "(apply with --approve or --yes)."
        )
    return (
        f"{counts[APPLIED]} applied ({counts['fixed']} fixed, {counts['still failing']} still failing), "
        f"{counts[FAILED]} failed, {counts[SKIPPED]} skipped, {counts[MANUAL]} without remediation."
    )


def render_json(actions: Iterable[Action], counts: dict[str, int], mode: str) -> str:
    data = {
        "mode": mode,
        "summary": counts,
        "actions": [
            {"status": a.status, "reason": a.reason, "verification": a.verification, **a.audit_fields()}
            for a in actions
        ],
    }
    return json.dumps(data, indent=1, sort_keys=False, default=str) + "\n"


LOG_COLUMNS = ("time", "mode", "event", "resource", "rule", "remediation", "result")


def log_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for r in records:
        rows.append(
            {
                "time": str(r.get("time", "")),
                "mode": str(r.get("mode", "")),
                "event": str(r.get("event", "")),
                "resource": f"{r.get('resourceType', '')} {r.get('resourceId', '')}".strip(),
                "rule": str(r.get("configRuleName") or ""),
                "remediation": str(r.get("remediation") or ""),
                "result": str(r.get("result") or ""),
            }
        )
    return rows


def render_log_table(records: Iterable[dict[str, Any]]) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(*LOG_COLUMNS, show_lines=False)
    for row in log_rows(records):
        table.add_row(*(escape(row[c]) for c in LOG_COLUMNS))
    buffer = io.StringIO()
    Console(file=buffer, width=160, color_system=None, highlight=False).print(table)
    return buffer.getvalue()
