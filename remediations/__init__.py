"""Built-in remediations, one module per AWS service (installed as ``compliance.builtin.remediations``).

Every :class:`~compliance.remediate.Remediation` defined at the top level of a module here is
registered; adding one touches only its service's module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from compliance.declare import builtin_modules
from compliance.hookspecs import hookimpl
from compliance.remediate.base import remediations_in

HERE = Path(__file__).parent


@hookimpl
def compliance_register_remediations(register: Callable[[Any], None]) -> None:
    for module in builtin_modules(__name__):
        for remediation in remediations_in(module):
            register(remediation)
