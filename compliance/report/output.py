"""Writing a scan's reports: every requested format is rendered first, then each file is written
atomically, so a failure leaves no report half-written.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.errors import InputError
from compliance.report import Reporter, ReportOptions
from compliance.snapshot import write_atomic
from compliance.yamlio import load_json

if TYPE_CHECKING:
    from compliance.evaluate import ScanResult
    from compliance.gate import Triage
    from compliance.request import Outputs

REPORT_STEM = "compliance"  # --output-dir DIR writes DIR/compliance.<extension>


def load_trend(path: str) -> list[tuple[str, float]]:
    """``[{"time": ISO, "score": 0..1}, ...]`` or ``[[time, score], ...]`` from a JSON file."""
    data = load_json(path)
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a list of {{time, score}} points")
    points = []
    for i, point in enumerate(data):
        time, score = (point.get("time"), point.get("score")) if isinstance(point, dict) else (point, None)
        if isinstance(point, list | tuple) and len(point) == 2:
            time, score = point
        if not isinstance(time, str) or not isinstance(score, int | float) or isinstance(score, bool):
            raise InputError(f"{path}: [{i}]: expected {{time: string, score: number}}")
        if not 0 <= score <= 1:
            raise InputError(f"{path}: [{i}].score: {score} is outside 0..1")
        points.append((time, float(score)))
    return points


def remediations_by_rule(remediations: Mapping[str, Any]) -> dict[str, list[str]]:
    """Rule id -> ids of the registered remediations that fix it (reports name the command)."""
    found: dict[str, list[str]] = {}
    for remediation in remediations.values():
        for rule_id in getattr(remediation, "rule_ids", ()) or ():
            found.setdefault(rule_id, []).append(remediation.id)
    return found


def render_reports(
    result: ScanResult,
    outputs: Outputs,
    reporters: Mapping[str, Reporter],
    triaged: Triage | None = None,
    trend: Sequence[tuple[str, float]] | None = None,
    remediations: Mapping[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> list[tuple[str | None, bytes]]:
    """(path or None for stdout, body) for every target of ``outputs``, all rendered in memory."""
    options = ReportOptions(
        by=outputs.by,
        show_passing=outputs.show_passing,
        color=outputs.color,
        width=outputs.width,
        show_all=outputs.show_all,
        severity=outputs.severity,
        remediations=remediations_by_rule(remediations or {}),
        triage=triaged,
        trend=list(trend) if trend is not None else None,
        changes=changes,
        extra=dict(outputs.extra),
    )
    rendered = []
    for name, path in outputs.targets:
        body: Any = reporters[name].render(result, options)
        rendered.append((path, body.encode() if isinstance(body, str) else body))
    return rendered


def write_reports(rendered: Sequence[tuple[str | None, bytes]]) -> None:
    # Create every target directory first: a directory that cannot be made fails before any file is written.
    for path, _ in rendered:
        if path:
            directory = Path(path).parent
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"{directory}: cannot create the output directory: {exc.strerror or exc}") from None
    for path, body in rendered:
        if path:
            write_atomic(Path(path), body)
        else:
            _write_stdout(body)


def _write_stdout(body: bytes) -> None:
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(body)
    else:  # a text-only stream, such as pytest's capture
        sys.stdout.write(body.decode())
    sys.stdout.flush()
