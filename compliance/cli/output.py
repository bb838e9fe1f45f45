"""Report options of ``scan``: ``--format`` (repeatable), ``--output``/``--output-dir``, ``--by``.

Every requested format is rendered before anything is written; then each file is written
atomically. With ``--output-dir`` each format goes to ``compliance.<extension>`` there.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from compliance.cli.choice import Choice
from compliance.errors import InputError
from compliance.evaluate import ScanResult
from compliance.gate import Triage
from compliance.model import Severity
from compliance.report import ReportOptions
from compliance.snapshot import write_atomic
from compliance.suggest import did_you_mean
from compliance.yamlio import load_json

REPORT_STEM = "compliance"
SEVERITY_CHOICES = tuple(s.value.lower() for s in Severity)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--trend",
        "trend_path",
        metavar="FILE",
        help="JSON list of {time, score} points (oldest first) for the HTML report's trend chart"
        " (default: read from the history store when the scan is recorded).",
    )(func)
    func = click.option(
        "--severity",
        "show_severity",
        type=Choice(SEVERITY_CHOICES, case_sensitive=False),
        help="Show only findings at or above this severity (table, html). The gate uses --fail-on.",
    )(func)
    func = click.option(
        "--all", "show_all", is_flag=True, help="Every row, not a screenful (table; rule, resource and control views)."
    )(func)
    func = click.option(
        "--by",
        type=Choice(["rule", "resource", "control"]),
        default=None,
        help="Table view: every failing rule, every failing finding, or every pack control."
        " Default: a summary of what to fix first.",
    )(func)
    func = click.option("--show-passing", is_flag=True, help="List compliant evaluations too (with --by resource).")(
        func
    )
    func = click.option(
        "--output-dir",
        "output_dir",
        metavar="DIR",
        help="Write each --format to DIR/compliance.<ext> (e.g. compliance.sarif, compliance.junit.xml).",
    )(func)
    func = click.option(
        "--output", "-o", "output_path", metavar="PATH", help="Write the report here instead of standard output."
    )(func)
    func = click.option(
        "--format",
        "-f",
        "formats",
        multiple=True,
        metavar="NAME",
        help="Output format: table, json, csv, sarif, junit, markdown, asff, ocsf, html. Repeatable. Default: table.",
    )(func)
    return func


def console() -> Console:
    """A console for a command's table: the terminal's width, or (piped) wide enough that no row
    wraps, with no colour: plain aligned text, one row per line."""
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(file=_RightStripped(), width=10_000, highlight=False, color_system=None)


class _RightStripped(io.TextIOBase):
    """Standard output without the padding a wide table leaves at the end of its lines."""

    def write(self, text: str) -> int:
        sys.stdout.write(re.sub(r"[ \t]+\n", "\n", text))
        return len(text)

    def flush(self) -> None:
        sys.stdout.flush()


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


def _trend(options: dict[str, Any], result: ScanResult, formats: list[str]) -> list[tuple[str, float]] | None:
    if options.get("trend_path"):
        return load_trend(options["trend_path"])
    from compliance.cli.recording import records

    if "html" not in formats or "no_store" not in options or not records(options):
        return None  # only a scan recorded in the history store has a trend to draw
    from compliance.history import open_store
    from compliance.report.trend import history_trend

    with open_store(options.get("store_url")) as store:
        return history_trend(store, result) or None


def _changes(options: dict[str, Any], result: ScanResult, formats: list[str]) -> dict[str, Any] | None:
    from compliance.cli.recording import records

    if "html" not in formats or "no_store" not in options or not records(options):
        return None
    from compliance.history import open_store
    from compliance.report.trend import history_changes

    with open_store(options.get("store_url")) as store:
        return history_changes(store, result)


def output_targets(options: dict[str, Any], plugins: Any) -> list[tuple[str, str | None]]:
    """(format, path or None for stdout) for every requested format, checked before any work."""
    formats = list(options.get("formats") or ["table"])
    unknown = [f for f in formats if f not in plugins.reporters]
    if unknown:
        hint = did_you_mean(unknown[0], plugins.reporters)
        raise InputError(
            f"--format: unknown format {unknown[0]!r}{hint} (known: {', '.join(sorted(plugins.reporters))})"
        )
    if len(set(formats)) != len(formats):
        raise InputError(f"--format {next(f for f in formats if formats.count(f) > 1)} given twice")
    output_path, output_dir = options.get("output_path"), options.get("output_dir")
    if output_path and output_dir:
        raise InputError("give --output or --output-dir, not both")
    if output_dir:
        return [(f, str(Path(output_dir) / f"{REPORT_STEM}.{plugins.reporters[f].extension}")) for f in formats]
    if len(formats) > 1:
        raise InputError("several --format values need --output-dir DIR")
    return [(formats[0], output_path)]


def _artifact(paths: str | tuple[str, ...]) -> str:
    """The snapshot file a report refers to (SARIF's artifact): the first of several."""
    return paths if isinstance(paths, str) else paths[0]


def remediations_by_rule(plugins: Any) -> dict[str, list[str]]:
    """Rule id -> ids of the built-in remediations that fix it."""
    found: dict[str, list[str]] = {}
    for remediation in getattr(plugins, "remediations", {}).values():
        for rule_id in getattr(remediation, "rule_ids", ()) or ():
            found.setdefault(rule_id, []).append(remediation.id)
    return found


def render_outputs(
    options: dict[str, Any], result: ScanResult, plugins: Any, triaged: Triage | None = None
) -> list[tuple[str | None, bytes]]:
    """Render every requested report first, so a failure leaves no file half-written."""
    targets = output_targets(options, plugins)
    to_terminal = any(path is None for _, path in targets)
    terminal = to_terminal and sys.stdout.isatty()
    report_options = ReportOptions(
        by=options.get("by") or ("resource" if options.get("show_passing") else "summary"),
        show_passing=options.get("show_passing", False),
        color=terminal,
        width=shutil.get_terminal_size().columns if terminal else None,
        show_all=options.get("show_all", False),
        severity=options.get("show_severity"),
        remediations=remediations_by_rule(plugins),
        triage=triaged,
        trend=_trend(options, result, [name for name, _ in targets]),
        changes=_changes(options, result, [name for name, _ in targets]),
        extra={"artifact": _artifact(options["snapshot_path"])} if options.get("snapshot_path") else {},
    )
    rendered = []
    for name, path in targets:
        body = plugins.reporters[name].render(result, report_options)
        rendered.append((path, body.encode() if isinstance(body, str) else body))
    return rendered


def write_outputs(rendered: list[tuple[str | None, bytes]]) -> None:
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
