"""Output formats. Each format is a :class:`Reporter` registered through the plugin hook.

A reporter renders the whole report to ``str``/``bytes`` and never writes files itself: the
CLI renders every requested format first and only then writes them, so a failure leaves no
report half-written. Suppressed findings (``Evaluation.suppression``) and incomplete ones
(INSUFFICIENT_DATA/ERROR, collection errors) must be shown distinctly by every format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compliance.evaluate import ScanResult
    from compliance.gate import Triage


@dataclass(slots=True)
class ReportOptions:
    by: str = "summary"  # "summary" (what to fix first), "rule", "resource", "control" or "requirement"
    show_passing: bool = False
    color: bool = False
    # Terminal width for the table, or None when the output is not a terminal (plain text).
    width: int | None = None
    show_all: bool = False  # every row instead of a screenful
    severity: str | None = None  # show only findings at or above this severity (not the gate)
    # What changed since the previous recorded scan of the same accounts (HTML): sinceScan,
    # since (its capture time), added/removed/changed counts, newlyFailing/resolved [(rule, resource)].
    changes: dict[str, Any] | None = None
    # Per rule id, the built-in remediations that fix it (reports name the command).
    remediations: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    triage: Triage | None = None  # what --waivers / --baseline did, when given
    # Compliance trend for the HTML report: (ISO time, score 0..1) points, oldest first.
    trend: list[tuple[str, float]] | None = None


@dataclass(slots=True)
class Reporter:
    """An output format, registered with ``compliance_register_reporters``: its ``name`` (what
    ``--format`` takes), the ``extension`` ``--output-dir`` gives its file, and ``render(result,
    options)`` from a :class:`compliance.evaluate.ScanResult` and :class:`ReportOptions` to text
    or bytes. A reporter never writes files and never evaluates."""

    name: str
    extension: str
    render: Callable[[ScanResult, ReportOptions], str | bytes]
    description: str = ""
    source: str = ""
