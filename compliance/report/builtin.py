"""Registers the built-in output formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compliance.hookspecs import hookimpl
from compliance.report import asff, csv_report, html_report, json_report, junit, markdown, ocsf, sarif, table

# The built-in formats, in the order help texts list them: the one place their names are written.
BUILTIN_REPORTERS = tuple(
    module.REPORTER for module in (table, json_report, csv_report, sarif, junit, markdown, asff, ocsf, html_report)
)


@hookimpl
def compliance_register_reporters(register: Callable[[Any], None]) -> None:
    for reporter in BUILTIN_REPORTERS:
        register(reporter)
