"""A planned item: a configuration item, the paths unknown until apply, and where it is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.model import ConfigurationItem


class Unknown:
    """A value known only after apply (``!GetAtt``, ``after_unknown``, a parameter without a default)."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(slots=True)
class PlannedItem:
    item: ConfigurationItem
    location: str
    unknown: set[str] = field(default_factory=set)


def strip_unknown(value: Any, path: str, unknown: set[str]) -> Any:
    """``value`` with every UNKNOWN removed, each one's dotted path added to ``unknown``."""
    if value is UNKNOWN:
        unknown.add(path)
        return None
    if isinstance(value, dict):
        return {k: strip_unknown(v, f"{path}.{k}", unknown) for k, v in value.items()}
    if isinstance(value, list):
        # a list element's path is the list's: Config's paths do not index lists
        return [strip_unknown(v, path, unknown) for v in value]
    return value


def planned_item(
    resource_type: str,
    resource_id: str,
    location: str,
    configuration: dict[str, Any],
    supplementary: dict[str, Any] | None = None,
    tags: dict[str, Any] | None = None,
    name: Any = None,
) -> PlannedItem:
    unknown: set[str] = set()
    config = strip_unknown(configuration, "configuration", unknown)
    supp = strip_unknown(supplementary or {}, "supplementaryConfiguration", unknown)
    clean_tags = {str(k): str(v) for k, v in (tags or {}).items() if v is not UNKNOWN}
    item = ConfigurationItem(
        resourceType=resource_type,
        resourceId=resource_id,
        resourceName=name if isinstance(name, str) else None,
        configurationItemStatus="OK",
        tags=clean_tags,
        configuration=config,
        supplementaryConfiguration=supp,
    )
    return PlannedItem(item, location, unknown)


def ip_permission(protocol: Any, from_port: Any, to_port: Any, cidrs: list[Any], cidrs6: list[Any]) -> dict[str, Any]:
    """An IpPermission in AWS Config's spelling."""
    proto = "-1" if str(protocol) in ("-1", "all") else protocol
    return {
        "ipProtocol": proto,
        "fromPort": _int(from_port),
        "toPort": _int(to_port),
        "ipv4Ranges": [{"cidrIp": c} for c in cidrs if c is not None],
        "ipv6Ranges": [{"cidrIpv6": c} for c in cidrs6 if c is not None],
        "ipRanges": [c for c in cidrs if c is not None],
    }


def _int(value: Any) -> Any:
    if value is UNKNOWN or value is None:
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
