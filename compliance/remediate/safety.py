"""What a remediation run must never touch: exclusions by tag, by resource id/ARN glob, by account."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from compliance.errors import InputError
from compliance.model import ConfigurationItem

DEFAULT_EXEMPT_TAG = ("compliance:exempt", "true")


@dataclass(slots=True)
class Exclusions:
    """``tags``: key -> value (``*`` matches any value; values compare case-insensitively;
    ``compliance:exempt=true`` is always among them);
    ``resources``: globs over resource id, ARN and name; ``accounts``: account ids (globs too)."""

    tags: dict[str, str] = field(default_factory=lambda: dict([DEFAULT_EXEMPT_TAG]))
    resources: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)

    def reason(self, item: ConfigurationItem) -> str | None:
        """Why ``item`` is excluded, or None when it may be remediated."""
        for pattern in self.accounts:
            if fnmatchcase(item.accountId, pattern):
                return f"account {item.accountId} is excluded ({pattern})"
        for key, wanted in self.tags.items():
            if key in item.tags and (wanted == "*" or item.tags[key].lower() == str(wanted).lower()):
                return f"tagged {key}={item.tags[key]}"
        names = [n for n in (item.resourceId, item.arn, item.resourceName) if n]
        for pattern in self.resources:
            if any(fnmatchcase(name, pattern) for name in names):
                return f"resource matches exclusion {pattern}"
        return None

    def merged(
        self, tags: Iterable[str] = (), resources: Iterable[str] = (), accounts: Iterable[str] = ()
    ) -> Exclusions:
        """A copy with ``KEY=VALUE`` tag specs, resource globs and accounts added (CLI flags)."""
        extra_tags = dict(self.tags)
        for spec in tags:
            key, sep, value = spec.partition("=")
            if not key:
                raise InputError(f"--exclude-tag {spec!r}: expected KEY=VALUE (or KEY to match any value)")
            extra_tags[key] = value if sep else "*"
        return Exclusions(extra_tags, [*self.resources, *resources], [*self.accounts, *accounts])

    @classmethod
    def from_data(cls, data: Any, where: str) -> Exclusions:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a mapping with tags, resources, accounts")
        unknown = sorted(set(data) - {"tags", "resources", "accounts"})
        if unknown:
            raise InputError(f"{where}.{unknown[0]}: unknown key (expected tags, resources, accounts)")
        tags = data.get("tags") or {}
        if not isinstance(tags, dict):
            raise InputError(f"{where}.tags: expected a mapping of tag key to value")
        tags = {**dict([DEFAULT_EXEMPT_TAG]), **tags}  # the exempt tag always applies
        lists = {}
        for key in ("resources", "accounts"):
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
                raise InputError(f"{where}.{key}: expected a list of strings")
            lists[key] = [str(v) for v in value]
        return cls({str(k): str(v) for k, v in tags.items()}, lists["resources"], lists["accounts"])
