"""Packs: conformance-pack-like YAML mapping framework controls to the rules that decide them.

::

    name: cis-aws-foundations-3.0
    title: CIS AWS Foundations Benchmark v3.0.0
    framework: CIS AWS Foundations Benchmark
    version: 3.0.0
    reference: https://docs.aws.amazon.com/...   # where the control list comes from (the pack's source)
    retired: "2024-03-31"              # optional: the standard's retirement date
    controls:
      - id: "1.8"                      # the framework's own control id
        securityHubId: IAM.15          # optional
        requirements: ["1.8"]          # optional: the framework requirements the control supports
        title: Password policy requires at least 14 characters
        severity: medium
        rules:
          - rule: iam-password-policy   # the rule's id
            name: iam-password-policy-length   # optional configRuleName (default: the rule id)
            parameters: {MinimumPasswordLength: 14}
        remediation: Set a password policy ...
      - id: ECR.1
        rules:
          - rule: ecr-private-image-scanning-enabled
            pending: true              # may not be registered yet: UNKNOWN until it is
      - id: "1.1"
        title: Maintain current contact details
        manual: true
        guidance: Check the account's contact details in the console ...

A control's status comes from its rules' evaluations: any NON_COMPLIANT fails it; else any
INSUFFICIENT_DATA/ERROR makes it UNKNOWN; all NOT_APPLICABLE (or none) make it NOT_APPLICABLE.

A rule marked ``pending`` names an AWS Config managed-rule identifier that no installed plugin may
register yet. While none does, the control is UNKNOWN ("not automated yet"), never PASSED; once a
rule with that id is registered, the control is judged by it with no change to the pack. Without
``pending``, an unknown rule id is an error, so a typo fails loudly.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
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
    pending: bool = False  # the rule may not be registered yet (see the module docstring)


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
    requirements: list[str] = field(default_factory=list)

    @property
    def rule_names(self) -> list[str]:
        return [ref.name for ref in self.rules]

    def missing_rules(self, registered: Container[str]) -> list[str]:
        """The ids of this control's pending rules that are not registered (yet)."""
        return [ref.rule for ref in self.rules if ref.pending and ref.rule not in registered]


@dataclass(slots=True)
class Pack:
    name: str
    title: str
    controls: list[Control]
    framework: str = ""
    version: str = ""
    description: str = ""
    path: str = ""
    source: str = ""  # the plugin (or file) that registered the pack
    reference: str = ""  # where the framework's control list was taken from
    retired: str = ""  # the date the standard was retired, when it was

    def counts(self, registered: Container[str]) -> dict[str, int]:
        """Controls, automated (every rule registered), pending (a rule not registered yet), manual."""
        manual = sum(1 for c in self.controls if c.manual)
        pending = sum(1 for c in self.controls if not c.manual and c.missing_rules(registered))
        total = len(self.controls)
        return {"controls": total, "automated": total - manual - pending, "pending": pending, "manual": manual}

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


def requirement_status(statuses: Iterable[ControlStatus]) -> ControlStatus:
    """A framework requirement's status from its controls': FAILED, else UNKNOWN, else MANUAL
    (a part needs a human, so the requirement is not passed), else PASSED, else NOT_APPLICABLE."""
    present = set(statuses)
    for status in (ControlStatus.FAILED, ControlStatus.UNKNOWN, ControlStatus.MANUAL, ControlStatus.PASSED):
        if status in present:
            return status
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
            pending = r.get("pending", False)
            if not isinstance(pending, bool):
                raise InputError(f"{rwhere}.pending: expected true or false")
            refs.append(RuleRef(rule_id, str(r.get("name", rule_id)), params, pending))
        manual = bool(raw.get("manual", False))
        if not refs and not manual:
            raise InputError(f"{cwhere}: control {cid} has no rules; list some or mark it manual")
        requirements = raw.get("requirements") or []
        if not isinstance(requirements, list) or not all(isinstance(r, str | int | float) for r in requirements):
            raise InputError(f"{cwhere}.requirements: expected a list of requirement numbers")
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
                requirements=[str(r) for r in requirements],
            )
        )
    pack = Pack(
        name=name,
        title=str(data.get("title", name)),
        controls=controls,
        framework=str(data.get("framework", "")),
        version=str(data.get("version", "")),
        description=str(data.get("description", "")),
        reference=str(data.get("reference", "")),
        retired=str(data.get("retired", "")),
    )
    pack.rule_refs()  # reject conflicting rule names now, not mid-scan
    return pack


def load_pack(path: str | Path, *, trusted: bool = False) -> Pack:
    """A pack file; ``trusted`` for the packs shipped with this package (see :func:`parse_yaml`)."""
    pack = parse_pack(load_yaml(path, trusted=trusted), str(path))
    pack.path = str(path)
    return pack
