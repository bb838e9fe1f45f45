"""Output formats. Each format is a :class:`Reporter` registered through the plugin hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compliance.evaluate import ScanResult


@dataclass(slots=True)
class ReportOptions:
    by: str = "resource"  # "resource" or "control"
    show_passing: bool = False
    color: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Reporter:
    name: str
    extension: str
    render: Callable[[ScanResult, ReportOptions], str | bytes]
    description: str = ""
    source: str = ""
