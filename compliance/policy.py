"""IAM policy documents as AWS Config records them: parse, walk statements, tell public ones.

Shared by rules (bucket, key, function and IAM policies) and remediations (which edit them).
Every function takes what AWS Config records (a dict, a JSON string or URL-encoded JSON) and
never raises on a malformed document: it yields nothing for what it cannot read.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import unquote

# Condition keys that pin a statement to known accounts, organizations, sources or networks.
LIMITING_CONDITION_KEYS = (
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


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def policy_document(value: Any) -> dict[str, Any] | None:
    """A policy as a dict, whether recorded as a dict, a JSON string or URL-encoded JSON."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip():
        for text in (value, unquote(value)):
            try:
                data = json.loads(text)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                return data
    return None


def statements(document: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A document's statements (a single statement object counts as one)."""
    if not document:
        return []
    found = document.get("Statement", [])
    return [found] if isinstance(found, dict) else [s for s in found if isinstance(s, dict)]


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
            found.extend(str(v) for v in _as_list(value))
    return found


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
            if key.lower() in LIMITING_CONDITION_KEYS and "*" not in _as_list(value):
                return False
    return True


def actions(statement: dict[str, Any]) -> list[str]:
    """The statement's actions as strings (a single action counts as one)."""
    return [str(a) for a in _as_list(statement.get("Action"))]


def action_matches(pattern: str, action: str) -> bool:
    """IAM action matching: case-insensitive, with * and ? wildcards."""
    return fnmatchcase(action.lower(), pattern.lower())


def policy_versions_default(configuration: dict[str, Any]) -> dict[str, Any] | None:
    """The default version's document of an AWS::IAM::Policy item."""
    for version in _as_list(configuration.get("policyVersionList")):
        default = version.get("isDefaultVersion")
        if default is True or (isinstance(default, str) and default.lower() == "true"):
            return policy_document(version.get("document"))
    return None


def inline_policies(configuration: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """(name, document) of a user's, role's or group's inline policies."""
    found = []
    for key in ("userPolicyList", "rolePolicyList", "groupPolicyList"):
        for entry in _as_list(configuration.get(key)):
            found.append((entry.get("policyName", ""), policy_document(entry.get("policyDocument"))))
    return found
