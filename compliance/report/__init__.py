"""Output formats. Each format is a :class:`Reporter` registered through the plugin hook.

A reporter renders the whole report to ``str``/``bytes``, or streams it with ``write`` into a
binary file object it is given; it never opens files itself. The CLI writes every requested
format to a temporary file beside its target and renames them into place only once all are
complete, so a failure leaves no report half-written. Suppressed findings
(``Evaluation.suppression``) and incomplete ones (INSUFFICIENT_DATA/ERROR, collection errors)
must be shown distinctly by every format.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compliance.gate import Triage
    from compliance.results import ScanResult


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
    options)`` from a :class:`compliance.results.ScanResult` and :class:`ReportOptions` to text
    or bytes. A reporter never writes files and never evaluates."""

    name: str
    extension: str
    render: Callable[[ScanResult, ReportOptions], str | bytes]
    description: str = ""
    source: str = ""
    # Streams the same content as ``render`` (as UTF-8) into a binary file object.
    write: Callable[[ScanResult, ReportOptions, IO[bytes]], None] | None = None

    def write_to(self, result: ScanResult, options: ReportOptions, out: IO[bytes]) -> None:
        if self.write is not None:
            self.write(result, options, out)
            return
        body = self.render(result, options)
        out.write(body.encode() if isinstance(body, str) else body)


def write_array_items(values: Iterable[Any], out: IO[bytes], chunk: int = 2000) -> None:
    """The members of a compact JSON array of ``values`` (without its brackets), serialised by
    orjson ``chunk`` values at a time, so a long array is never built whole in memory."""
    import orjson

    batch: list[Any] = []
    first = True
    for value in values:
        batch.append(value)
        if len(batch) == chunk:
            piece = orjson.dumps(batch)
            out.write(piece[1:-1] if first else b"," + piece[1:-1])
            batch.clear()
            first = False
    if batch:
        piece = orjson.dumps(batch)
        out.write(piece[1:-1] if first else b"," + piece[1:-1])


def rendered(write: Callable[[ScanResult, ReportOptions, IO[bytes]], None]) -> Callable[..., str]:
    """A ``render`` function from a ``write`` function: the streamed bytes as one string."""

    def render(result: ScanResult, options: ReportOptions) -> str:
        buffer = io.BytesIO()
        write(result, options, buffer)
        return buffer.getvalue().decode()

    return render
