"""Helpers shared by the built-in rules."""

from __future__ import annotations

import json
from typing import Any


def as_bool(value: Any) -> bool | None:
    """AWS Config writes booleans as booleans or as "true"/"false" strings; None when unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def policy_document(value: Any) -> dict[str, Any] | None:
    """A policy as a dict, whether recorded as a dict, a JSON string or URL-encoded JSON."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip():
        from urllib.parse import unquote

        for text in (value, unquote(value)):
            try:
                data = json.loads(text)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                return data
    return None


def statements(document: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not document:
        return []
    found = document.get("Statement", [])
    return [found] if isinstance(found, dict) else [s for s in found if isinstance(s, dict)]


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ci_name(ci: Any) -> str:
    return ci.resourceName or ci.resourceId


def days_since(timestamp: Any, now: Any = None) -> float | None:
    """Days from an ISO-8601 timestamp (or datetime) to now; None when absent or unparsable."""
    from datetime import UTC, datetime

    if timestamp in (None, "", "N/A", "not_supported", "no_information"):
        return None
    if isinstance(timestamp, datetime):
        moment = timestamp
    else:
        try:
            moment = datetime.fromisoformat(str(timestamp).replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return (now - moment).total_seconds() / 86400


def principals(statement: dict[str, Any]) -> list[str]:
    """Every principal a statement names, flattened ("*" for a bare wildcard)."""
    principal = statement.get("Principal")
    if principal is None:
        return []
    if isinstance(principal, str):
        return [principal]
    found: list[str] = []
    if isinstance(principal, dict):
        for value in principal.values():
            found.extend(str(v) for v in as_list(value))
    return found


# Condition keys that pin a statement to known accounts, organizations, sources or networks.
_LIMITING_CONDITION_KEYS = (
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcearn",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:userid",
    "aws:username",
    "aws:principalorgpaths",
    "lambda:functionurlauthtype",
)


def is_public_statement(statement: dict[str, Any]) -> bool:
    """An Allow statement that any AWS principal can use: "*" principal and no limiting condition."""
    if statement.get("Effect") != "Allow":
        return False
    if not any(p == "*" or p == "arn:aws:iam::*:root" for p in principals(statement)):
        return False
    for operator, keys in (statement.get("Condition") or {}).items():
        if "IfExists" in operator or not isinstance(keys, dict):
            continue
        for key, value in keys.items():
            if key.lower() in _LIMITING_CONDITION_KEYS and "*" not in as_list(value):
                return False
    return True


def actions(statement: dict[str, Any]) -> list[str]:
    return [str(a) for a in as_list(statement.get("Action"))]


def action_matches(pattern: str, action: str) -> bool:
    """IAM action matching: case-insensitive, with * and ? wildcards."""
    from fnmatch import fnmatchcase

    return fnmatchcase(action.lower(), pattern.lower())


def policy_versions_default(configuration: dict[str, Any]) -> dict[str, Any] | None:
    """The default version's document of an AWS::IAM::Policy item."""
    for version in as_list(configuration.get("policyVersionList")):
        if as_bool(version.get("isDefaultVersion")):
            return policy_document(version.get("document"))
    return None


def inline_policies(configuration: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """(name, document) of a user's, role's or group's inline policies."""
    found = []
    for key in ("userPolicyList", "rolePolicyList", "groupPolicyList"):
        for entry in as_list(configuration.get(key)):
            found.append((entry.get("policyName", ""), policy_document(entry.get("policyDocument"))))
    return found


_ABSENT = object()


def property_rule(
    *,
    id: str,
    title: str,
    resource_types: list[str],
    path: str,
    passes: Any,
    failing: str,
    passing: str = "",
    absent: str = "insufficient",
    severity: str = "medium",
    trigger: str = "change",
    parameters: dict[str, Any] | None = None,
    rationale: str = "",
    remediation: str = "",
    applies: Any = None,
    reads: Any = (),
) -> Any:
    """A rule that reads one property path and tests it with ``passes(value, params) -> bool``.

    Its read declaration is ``path`` plus ``reads`` (the paths ``applies`` uses).

    ``absent`` says what a missing value means: "insufficient" (not recorded: INSUFFICIENT_DATA),
    "fail" or "pass" (when AWS Config leaves the property out exactly when the feature is off/on).
    ``applies(ci)`` returns None, a reason to report NOT_APPLICABLE, or a Result to report as it is.
    ``failing`` may use ``{value}``.
    """
    from compliance.rule import Result, compliant, insufficient_data, non_compliant, not_applicable, rule

    def check(ci, params):
        if applies is not None and (reason := applies(ci)):
            return reason if isinstance(reason, Result) else not_applicable(reason)
        value = ci.get(path, _ABSENT)
        if value is _ABSENT or value is None:
            if absent == "insufficient":
                return insufficient_data(f"{path} was not recorded")
            return compliant(passing) if absent == "pass" else non_compliant(failing.format(value=None))
        if passes(value, params):
            return compliant(passing)
        return non_compliant(failing.format(value=value))

    check.__doc__ = f"Reads ``{path}``."
    return rule(
        id=id,
        title=title,
        resource_types=resource_types,
        severity=severity,
        trigger=trigger,  # type: ignore[arg-type]
        parameters=parameters,
        rationale=rationale,
        remediation=remediation,
        reads=[path, *reads],
    )(check)


def is_true(value: Any, params: Any = None) -> bool:
    return as_bool(value) is True


def is_false(value: Any, params: Any = None) -> bool:
    return as_bool(value) is False
