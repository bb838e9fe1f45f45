"""Writing a scan's reports: every requested format is rendered first (a report for a file is
streamed into a temporary file beside it), then each is renamed into place, so a failure leaves
no report half-written.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from compliance.errors import InputError
from compliance.gcpause import paused_gc
from compliance.report import Reporter, ReportOptions
from compliance.snapshot import write_atomic
from compliance.yamlio import load_json

if TYPE_CHECKING:
    from compliance.gate import Triage
    from compliance.request import Outputs
    from compliance.results import ScanResult

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
) -> list[tuple[str | None, bytes | Path]]:
    """(path or None for stdout, body) for every target of ``outputs``: for a file, the temporary
    file its report was streamed into; for standard output, the bytes."""
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
    rendered: list[tuple[str | None, bytes | Path]] = []
    try:
        for name, path in outputs.targets:
            reporter = reporters[name]
            if path is None:
                buffer = io.BytesIO()
                with paused_gc():
                    reporter.write_to(result, options, buffer)
                rendered.append((None, buffer.getvalue()))
                continue
            handle, tmp = _temporary_beside(Path(path))
            rendered.append((path, tmp))
            with handle, paused_gc():
                reporter.write_to(result, options, handle)
    except BaseException:
        discard_reports(rendered)
        raise
    return rendered


def _temporary_beside(path: Path) -> tuple[IO[bytes], Path]:
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{directory}: cannot create the output directory: {exc.strerror or exc}") from None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return os.fdopen(fd, "wb", buffering=1 << 20), Path(tmp)


def discard_reports(rendered: Sequence[tuple[str | None, bytes | Path]]) -> None:
    for _, body in rendered:
        if isinstance(body, Path):
            body.unlink(missing_ok=True)


def write_reports(rendered: Sequence[tuple[str | None, bytes | Path]]) -> None:
    """Move each rendered file into place (standard output last)."""
    try:
        for path, body in rendered:
            if path and isinstance(body, Path):
                os.replace(body, path)
            elif path:
                write_atomic(Path(path), body)
    except OSError as exc:
        raise InputError(f"{exc.filename or 'report'}: cannot write: {exc.strerror or exc}") from None
    finally:
        discard_reports(rendered)
    for path, body in rendered:
        if not path and isinstance(body, bytes):
            _write_stdout(body)


def _write_stdout(body: bytes) -> None:
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(body)
    else:  # a text-only stream, such as pytest's capture
        sys.stdout.write(body.decode())
    sys.stdout.flush()
