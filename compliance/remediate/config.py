"""The remediation configuration file: which rules may be fixed automatically, with which
parameters, and what must never be touched. Modelled on AWS Config's RemediationConfiguration
(``Automatic``, ``MaximumAutomaticAttempts``, ``RetryAttemptSeconds``, ``Parameters``)::

    remediations:
      - rule: s3-bucket-versioning-enabled   # the configRuleName (or the rule id)
        remediation: s3-enable-versioning     # optional when one remediation fixes the rule
        automatic: true
        maximum_automatic_attempts: 5         # 1-25, default 5
        retry_seconds: 60                     # 1-2678000, default 60
        parameters: {}
    exclusions:
      tags: {"compliance:exempt": "true"}
      resources: ["arn:aws:s3:::audit-logs-*"]
      accounts: ["111122223333"]
    max_changes: 20
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.remediate.safety import Exclusions
from compliance.yamlio import load_yaml

DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS = 5
DEFAULT_RETRY_SECONDS = 60
_ENTRY_KEYS = {"rule", "remediation", "automatic", "maximum_automatic_attempts", "retry_seconds", "parameters"}


@dataclass(slots=True)
class RemediationSetting:
    rule: str
    remediation: str | None = None
    automatic: bool = False
    maximum_automatic_attempts: int = DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS
    retry_seconds: int = DEFAULT_RETRY_SECONDS
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class RemediationConfig:
    settings: list[RemediationSetting] = field(default_factory=list)
    exclusions: Exclusions = field(default_factory=Exclusions)
    max_changes: int | None = None
    path: str = ""

    def setting_for(self, rule_name: str, rule_id: str) -> RemediationSetting | None:
        """The setting naming this configRuleName, else the one naming the rule id."""
        for wanted in (rule_name, rule_id):
            for setting in self.settings:
                if setting.rule == wanted:
                    return setting
        return None


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{where}: expected an integer from {low} to {high}, got {value!r}")
    return value


def parse_config(data: Any, name: str) -> RemediationConfig:
    if data is None:
        return RemediationConfig(path=name)
    if not isinstance(data, dict):
        raise InputError(f"{name}: expected a mapping with remediations, exclusions, max_changes")
    unknown = sorted(set(data) - {"remediations", "exclusions", "max_changes"})
    if unknown:
        raise InputError(f"{name}: {unknown[0]}: unknown key (expected remediations, exclusions, max_changes)")
    entries = data.get("remediations")
    entries = [] if entries is None else entries
    if not isinstance(entries, list):
        raise InputError(f"{name}: remediations: expected a list")
    settings = []
    for i, entry in enumerate(entries):
        where = f"{name}: remediations[{i}]"
        if not isinstance(entry, dict):
            raise InputError(f"{where}: expected a mapping")
        bad = sorted(set(entry) - _ENTRY_KEYS)
        if bad:
            raise InputError(f"{where}.{bad[0]}: unknown key (expected {', '.join(sorted(_ENTRY_KEYS))})")
        if not isinstance(entry.get("rule"), str) or not entry["rule"]:
            raise InputError(f"{where}.rule: missing (the configRuleName or rule id to remediate)")
        if entry.get("remediation") is not None and not isinstance(entry["remediation"], str):
            raise InputError(f"{where}.remediation: expected a remediation id")
        automatic = entry.get("automatic", False)
        if not isinstance(automatic, bool):
            raise InputError(f"{where}.automatic: expected true or false")
        parameters = entry.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise InputError(f"{where}.parameters: expected a mapping")
        settings.append(
            RemediationSetting(
                rule=entry["rule"],
                remediation=entry.get("remediation"),
                automatic=automatic,
                maximum_automatic_attempts=_int(
                    entry.get("maximum_automatic_attempts", DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS),
                    f"{where}.maximum_automatic_attempts",
                    1,
                    25,
                ),
                retry_seconds=_int(
                    entry.get("retry_seconds", DEFAULT_RETRY_SECONDS), f"{where}.retry_seconds", 1, 2678000
                ),
                parameters=dict(parameters),
            )
        )
    max_changes = data.get("max_changes")
    if max_changes is not None:
        max_changes = _int(max_changes, f"{name}: max_changes", 0, 10**9)
    return RemediationConfig(
        settings, Exclusions.from_data(data.get("exclusions"), f"{name}: exclusions"), max_changes, name
    )


def load_config(path: str | Path) -> RemediationConfig:
    return parse_config(load_yaml(path), str(path))
