"""The built-in collectors plugin: every module of :mod:`compliance.collect.services`.

Each module there exposes ``COLLECTORS: list[Collector]``; dropping a module in the package is
all it takes to add a service (modules whose name starts with ``_`` are skipped).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compliance.collect.base import Collector
from compliance.declare import builtin_modules
from compliance.hookspecs import hookimpl

SERVICES_PACKAGE = "compliance.collect.services"


def builtin_collectors() -> list[Collector]:
    found: list[Collector] = []
    for module in builtin_modules(SERVICES_PACKAGE):
        collectors = getattr(module, "COLLECTORS", None)
        if not isinstance(collectors, list) or not all(isinstance(c, Collector) for c in collectors):
            raise TypeError(f"{module.__name__}.COLLECTORS must be a list of Collector")
        found.extend(collectors)
    return found


@hookimpl
def compliance_register_collectors(register: Callable[[Any], None]) -> None:
    for collector in builtin_collectors():
        register(collector)
