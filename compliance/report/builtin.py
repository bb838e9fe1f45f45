"""Registers the built-in output formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compliance.hookspecs import hookimpl
from compliance.report import asff, csv_report, html_report, json_report, junit, markdown, ocsf, sarif, table


@hookimpl
def compliance_register_reporters(register: Callable[[Any], None]) -> None:
    for module in (table, json_report, csv_report, sarif, junit, markdown, asff, ocsf, html_report):
        register(module.REPORTER)
