"""Built-in remediations, one module per AWS service (installed as ``compliance.builtin.remediations``).

Every :class:`~compliance.remediate.Remediation` defined at the top level of a module here is
registered; adding one touches only its service's module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from compliance.hookspecs import hookimpl
from compliance.remediate.base import remediations_in

HERE = Path(__file__).parent


@hookimpl
def compliance_register_remediations(register: Callable[[Any], None]) -> None:
    for module_info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for remediation in remediations_in(module):
            register(remediation)
