"""The rule test modules (tests/rules/test_*.py), found rather than listed by hand, for the
meta-tests that read their case tables or their text."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

RULE_TESTS = Path(__file__).resolve().parent / "rules"


def rule_test_paths(prefix: str = "test_") -> list[Path]:
    return sorted(RULE_TESTS.glob(f"{prefix}*.py"))


@cache
def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_rule_tests_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rule_test_modules() -> list[ModuleType]:
    """Every rule test module (but the meta-tests that use this one), imported once per process
    under a name of its own."""
    return [_load(path) for path in rule_test_paths() if "from rule_tests import" not in path.read_text()]
