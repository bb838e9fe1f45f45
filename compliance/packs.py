"""Packs: conformance-pack-like YAML mapping framework controls to the rules that decide them.

::

    name: cis-aws-foundations-3.0
    title: CIS AWS Foundations Benchmark v3.0.0
    framework: CIS AWS Foundations Benchmark
    version: 3.0.0
    controls:
      - id: "1.8"                      # the framework's own control id
        securityHubId: IAM.15          # optional
        title: Password policy requires at least 14 characters
        severity: medium
        rules:
          - rule: iam-password-policy   # the rule's id
            name: iam-password-policy-length   # optional configRuleName (default: the rule id)
            parameters: {MinimumPasswordLength: 14}
        remediation: Set a password policy ...
      - id: "1.1"
        title: Maintain current contact details
        manual: true
        guidance: Check the account's contact details in the console ...

A control's status comes from its rules' evaluations: any NON_COMPLIANT fails it; else any
INSUFFICIENT_DATA/ERROR makes it UNKNOWN; all NOT_APPLICABLE (or none) make it NOT_APPLICABLE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.model import ComplianceType, Evaluation, Severity
from compliance.yamlio import load_yaml


class ControlStatus(StrEnum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    UNKNOWN = "UNKNOWN"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    MANUAL = "MANUAL"

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True)
class RuleRef:
    """One configured rule in a pack: which rule, under which name, with which parameters."""

    rule: str
    name: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Control:
    id: str
    title: str
    severity: Severity = Severity.MEDIUM
    securityHubId: str | None = None
    rules: list[RuleRef] = field(default_factory=list)
    manual: bool = False
    guidance: str = ""
    remediation: str = ""

    @property
    def rule_names(self) -> list[str]:
        return [ref.name for ref in self.rules]


@dataclass(slots=True)
class Pack:
    name: str
    title: str
    controls: list[Control]
    framework: str = ""
    version: str = ""
    description: str = ""
    path: str = ""
    source: str = ""

    def rule_refs(self) -> list[RuleRef]:
        """Each configured rule once (by name), in control order."""
        seen: dict[str, RuleRef] = {}
        for control in self.controls:
            for ref in control.rules:
                previous = seen.get(ref.name)
                if previous is None:
                    seen[ref.name] = ref
                elif (previous.rule, previous.parameters) != (ref.rule, ref.parameters):
                    raise InputError(
                        f"pack {self.name}: rule name {ref.name!r} is configured twice differently;"
                        " give one of them its own 'name'"
                    )
        return list(seen.values())

    def controls_for(self, rule_name: str) -> list[Control]:
        return [c for c in self.controls if rule_name in c.rule_names]


def control_status(evaluations: Iterable[Evaluation], manual: bool = False) -> ControlStatus:
    if manual:
        return ControlStatus.MANUAL
    states = {e.complianceType for e in evaluations}
    if ComplianceType.NON_COMPLIANT in states:
        return ControlStatus.FAILED
    if states & {ComplianceType.INSUFFICIENT_DATA, ComplianceType.ERROR}:
        return ControlStatus.UNKNOWN
    if ComplianceType.COMPLIANT in states:
        return ControlStatus.PASSED
    return ControlStatus.NOT_APPLICABLE


def _require(data: dict, key: str, where: str, kind: type = str) -> Any:
    if key not in data:
        raise InputError(f"{where}: missing field {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        raise InputError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def parse_pack(data: Any, where: str) -> Pack:
    if not isinstance(data, dict):
        raise InputError(f"{where}: a pack must be a mapping")
    name = _require(data, "name", where)
    controls = []
    for i, raw in enumerate(_require(data, "controls", where, list)):
        cwhere = f"{where}: controls[{i}]"
        if not isinstance(raw, dict):
            raise InputError(f"{cwhere}: a control must be a mapping")
        cid = str(_require(raw, "id", cwhere, (str, int, float)))  # type: ignore[arg-type]
        refs = []
        for j, r in enumerate(raw.get("rules") or []):
            rwhere = f"{cwhere}.rules[{j}]"
            if isinstance(r, str):
                r = {"rule": r}
            if not isinstance(r, dict):
                raise InputError(f"{rwhere}: expected a rule id or a mapping")
            rule_id = _require(r, "rule", rwhere)
            params = r.get("parameters") or {}
            if not isinstance(params, dict):
                raise InputError(f"{rwhere}.parameters: expected a mapping")
            refs.append(RuleRef(rule=rule_id, name=str(r.get("name", rule_id)), parameters=params))
        manual = bool(raw.get("manual", False))
        if not refs and not manual:
            raise InputError(f"{cwhere}: control {cid} has no rules; list some or mark it manual")
        try:
            severity = Severity.parse(raw.get("severity", "medium"))
        except ValueError as exc:
            raise InputError(f"{cwhere}.severity: {exc}") from None
        controls.append(
            Control(
                id=cid,
                title=str(raw.get("title", "")),
                severity=severity,
                securityHubId=raw.get("securityHubId"),
                rules=refs,
                manual=manual,
                guidance=str(raw.get("guidance", "")),
                remediation=str(raw.get("remediation", "")),
            )
        )
    pack = Pack(
        name=name,
        title=str(data.get("title", name)),
        controls=controls,
        framework=str(data.get("framework", "")),
        version=str(data.get("version", "")),
        description=str(data.get("description", "")),
    )
    pack.rule_refs()  # reject conflicting rule names now, not mid-scan
    return pack


def load_pack(path: str | Path) -> Pack:
    pack = parse_pack(load_yaml(path), str(path))
    pack.path = str(path)
    return pack
