"""Built-in rules, one module per AWS service, plus declarative ``*.yaml`` rules and ``packs/``.

Installed as ``compliance.builtin.rules``. Every :class:`~compliance.rule.Rule` defined at the top
level of a module here is registered; adding a rule touches its service's module plus a pack.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from compliance.hookspecs import hookimpl
from compliance.rule import rules_in
from compliance.yaml_rules import load_rule_file

HERE = Path(__file__).parent


@hookimpl
def compliance_register_rules(register: Callable[[Any], None]) -> None:
    for module_info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for rule in rules_in(module):
            register(rule)
    for path in sorted(HERE.glob("*.yaml")):
        for rule in load_rule_file(path):
            register(rule)


@hookimpl
def compliance_register_packs(register: Callable[[Any], None]) -> None:
    for path in sorted((HERE / "packs").glob("*.yaml")):
        register(path)
