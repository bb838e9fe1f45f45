"""Registers the built-in output formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compliance.hookspecs import hookimpl
from compliance.report import json_report, table


@hookimpl
def compliance_register_reporters(register: Callable[[Any], None]) -> None:
    register(table.REPORTER)
    register(json_report.REPORTER)
