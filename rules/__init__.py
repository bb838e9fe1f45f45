"""Built-in rules, one module per AWS service, plus declarative ``*.yaml`` rules and ``packs/``.

Installed as ``compliance.builtin.rules``. Every :class:`~compliance.rule.Rule` defined at the top
level of a module here is registered; adding a rule touches its service's module plus a pack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from compliance.declare import builtin_modules
from compliance.hookspecs import hookimpl
from compliance.packs import load_pack
from compliance.rule import rules_in
from compliance.yaml_rules import load_rule_file

HERE = Path(__file__).parent


@hookimpl
def compliance_register_rules(register: Callable[[Any], None]) -> None:
    for module in builtin_modules(__name__):
        for rule in rules_in(module):
            register(rule)
    for path in sorted(HERE.glob("*.yaml")):
        for rule in load_rule_file(path):
            register(rule)


@hookimpl
def compliance_register_packs(register: Callable[[Any], None]) -> None:
    for path in sorted((HERE / "packs").glob("*.yaml")):
        register(load_pack(path, trusted=True))  # shipped with the package: the fast loader
