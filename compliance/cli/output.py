"""Report options of ``scan``: ``--format`` (repeatable), ``--output``/``--output-dir``, ``--by``.

They become :class:`compliance.request.Outputs` (:func:`compliance.cli.requests.outputs_request`);
the engine renders every requested format before anything is written, then writes each file
atomically (:mod:`compliance.report.output`). With ``--output-dir`` each format goes to
``compliance.<extension>`` there.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console

from compliance.cli.choice import Choice
from compliance.model import Severity
from compliance.report.builtin import BUILTIN_REPORTERS

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
        type=Choice(["rule", "resource", "control", "requirement"]),
        default=None,
        help="Table view: every failing rule, every failing finding, every pack control, or the pack controls grouped"
        " by framework requirement (PCI DSS 8.3.6, CIS 2.1.4). Default: a summary of what to fix first.",
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
        help=f"Output format: {', '.join(r.name for r in BUILTIN_REPORTERS)} (and plugins')."
        " Repeatable. Default: table.",
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


def remediations_by_rule(plugins: Any) -> dict[str, list[str]]:
    """Rule id -> ids of the registered remediations that fix it."""
    from compliance.report.output import remediations_by_rule as by_rule

    return by_rule(getattr(plugins, "remediations", {}))
