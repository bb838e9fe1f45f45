"""Report options of ``scan``: ``--format``, ``--output``, ``--by``; written all or nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from compliance.errors import InputError
from compliance.evaluate import ScanResult
from compliance.report import ReportOptions
from compliance.snapshot import write_atomic


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--by",
        type=click.Choice(["resource", "control"]),
        default="resource",
        show_default=True,
        help="Report per resource or per pack control.",
    )(func)
    func = click.option("--show-passing", is_flag=True, help="List compliant evaluations too (table).")(func)
    func = click.option(
        "--output", "-o", "output_path", metavar="PATH", help="Write the report here instead of standard output."
    )(func)
    func = click.option(
        "--format",
        "-f",
        "formats",
        multiple=True,
        metavar="NAME",
        help="Output format (table, json, ...; see 'compliance plugins'). Default: table.",
    )(func)
    return func


def render_outputs(options: dict[str, Any], result: ScanResult, plugins: Any) -> list[tuple[str | None, bytes]]:
    """Render every requested report first, so a failure leaves no file half-written."""
    formats = list(options.get("formats") or ["table"])
    unknown = [f for f in formats if f not in plugins.reporters]
    if unknown:
        raise InputError(f"unknown format {unknown[0]!r} (known: {', '.join(sorted(plugins.reporters))})")
    if len(formats) > 1 and options.get("output_path"):
        raise InputError("--output takes one format; give one --format")
    to_terminal = not options.get("output_path")
    report_options = ReportOptions(
        by=options.get("by", "resource"),
        show_passing=options.get("show_passing", False),
        color=to_terminal and sys.stdout.isatty(),
    )
    rendered = []
    for name in formats:
        body = plugins.reporters[name].render(result, report_options)
        rendered.append((options.get("output_path"), body.encode() if isinstance(body, str) else body))
    return rendered


def write_outputs(rendered: list[tuple[str | None, bytes]]) -> None:
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
