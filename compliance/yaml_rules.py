"""Declarative rules: simple property checks written in YAML, compiled to :class:`Rule`.

A file holds ``rules:``, a list of entries like::

    - id: ec2-instance-no-public-ip
      title: EC2 instances have no public IPv4 address
      resource_types: [AWS::EC2::Instance]
      severity: high
      compliant_when:            # every condition must hold (use any: [...] for "or")
        - path: configuration.publicIpAddress
          absent: true
      annotation: instance has a public IPv4 address

Operators: ``equals``, ``not_equals``, ``in``, ``not_in``, ``exists``/``absent`` (true),
``greater_than``, ``less_than``, ``contains``, ``matches`` (a regular expression). A condition
may also be ``{any: [...]}`` or ``{all: [...]}``. ``applies_when`` (same shape) makes the rule
NOT_APPLICABLE to items that do not match it. The rule's read declaration is inferred from the
paths of its conditions (``tags.env`` reads ``tags``; identity fields need no declaration).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.model import ConfigurationItem
from compliance.reads import ROOTS
from compliance.rule import Param, Rule, compliant, non_compliant, not_applicable, rule
from compliance.yamlio import load_yaml

Condition = Callable[[ConfigurationItem], bool]

_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": lambda value, arg: value == arg,
    "not_equals": lambda value, arg: value != arg,
    "in": lambda value, arg: value in arg,
    "not_in": lambda value, arg: value not in arg,
    "exists": lambda value, arg: (value is not None) == bool(arg),
    "absent": lambda value, arg: (value is None) == bool(arg),
    "greater_than": lambda value, arg: value is not None and value > arg,
    "less_than": lambda value, arg: value is not None and value < arg,
    "contains": lambda value, arg: value is not None and arg in value,
    "matches": lambda value, arg: value is not None and re.search(arg, str(value)) is not None,
}

_PARAM_TYPES = {"integer": int, "number": float, "boolean": bool, "string": str, "list": list}


def _compile(spec: Any, where: str) -> Condition:
    if isinstance(spec, list):
        parts = [_compile(s, f"{where}[{i}]") for i, s in enumerate(spec)]
        return lambda ci: all(p(ci) for p in parts)
    if not isinstance(spec, dict):
        raise InputError(f"{where}: a condition must be a mapping, got {type(spec).__name__}")
    if "any" in spec or "all" in spec:
        key = "any" if "any" in spec else "all"
        if not isinstance(spec[key], list):
            raise InputError(f"{where}.{key}: must be a list of conditions")
        parts = [_compile(s, f"{where}.{key}[{i}]") for i, s in enumerate(spec[key])]
        combine = any if key == "any" else all
        return lambda ci: combine(p(ci) for p in parts)
    path = spec.get("path")
    if not isinstance(path, str):
        raise InputError(f"{where}: a condition needs a 'path'")
    ops = {k: v for k, v in spec.items() if k != "path"}
    if len(ops) != 1 or next(iter(ops)) not in _OPERATORS:
        raise InputError(f"{where}: a condition needs exactly one operator of: {', '.join(_OPERATORS)}")
    name, arg = next(iter(ops.items()))
    if name == "matches":
        try:
            re.compile(arg)
        except re.error as exc:
            raise InputError(f"{where}.matches: invalid regular expression: {exc}") from None
    op = _OPERATORS[name]

    def check(ci: ConfigurationItem) -> bool:
        try:
            return bool(op(ci.get(path), arg))
        except TypeError:
            return False

    return check


def _paths(spec: Any) -> list[str]:
    """The property paths a (valid) condition reads, as read declarations."""
    if isinstance(spec, list):
        return [p for s in spec for p in _paths(s)]
    if not isinstance(spec, dict):
        return []
    if "any" in spec or "all" in spec:
        return _paths(spec.get("any", spec.get("all")))
    root = spec["path"].split(".")[0]
    if root in ("tags", "relationships"):
        return [root]
    return [spec["path"]] if root in ROOTS else []


def compile_rule(entry: Any, where: str) -> Rule:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: a rule must be a mapping")
    missing = [k for k in ("id", "title", "resource_types", "compliant_when") if k not in entry]
    if missing:
        raise InputError(f"{where}: missing field {missing[0]!r}")
    rule_id = entry["id"]
    types = entry["resource_types"]
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise InputError(f"{where}.resource_types: must be a list of resource type names")
    condition = _compile(entry["compliant_when"], f"{where}.compliant_when")
    applies = _compile(entry["applies_when"], f"{where}.applies_when") if "applies_when" in entry else None
    failing = str(entry.get("annotation", f"{entry['title']}: not met"))
    passing = str(entry.get("compliant_annotation", ""))
    parameters = {}
    for name, p in (entry.get("parameters") or {}).items():
        kind = _PARAM_TYPES.get((p or {}).get("type", "string"))
        if kind is None:
            raise InputError(f"{where}.parameters.{name}.type: one of {', '.join(_PARAM_TYPES)}")
        parameters[name] = Param(kind, p.get("default"), p.get("description", ""))

    def check(ci: ConfigurationItem):
        if applies is not None and not applies(ci):
            return not_applicable("outside the rule's scope")
        return compliant(passing) if condition(ci) else non_compliant(failing)

    check.__doc__ = entry.get("description", "")
    try:
        return rule(
            id=rule_id,
            title=entry["title"],
            resource_types=types,
            severity=entry.get("severity", "medium"),
            trigger=entry.get("trigger", "change"),
            parameters=parameters,
            rationale=entry.get("rationale", ""),
            remediation=entry.get("remediation", ""),
            reads=_paths(entry["compliant_when"]) + _paths(entry.get("applies_when")),
        )(check)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: {exc}") from None


def load_rule_file(path: str | Path) -> list[Rule]:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(f"{path}: a rule file needs a top-level 'rules:' list")
    return [compile_rule(entry, f"{path}: rules[{i}]") for i, entry in enumerate(data["rules"])]
