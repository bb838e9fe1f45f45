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
