"""Helpers shared by the built-in remediations."""

from __future__ import annotations

from typing import Any

from compliance.collect.base import GLOBAL_REGION

DEFAULT_GLOBAL_REGION = "us-east-1"


def api_region(region: str | None) -> str:
    """The region to call for a resource recorded in ``region`` ("global" -> us-east-1)."""
    return region if region and region != GLOBAL_REGION else DEFAULT_GLOBAL_REGION


def first(mapping: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` present in ``mapping`` (collectors and AWS Config spell some differently)."""
    for key in keys:
        if key in mapping:
            return mapping[key]
    return None


def truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")
