"""What a rule reads: resource types and property paths, as data.

A read declaration maps a resource type to the property paths a rule uses on its items::

    {"AWS::S3::Bucket": ("supplementaryConfiguration.BucketPolicy",),
     "AWS::::Account": ("configuration.s3AccountPublicAccessBlock",)}

A path names a subtree of the item: ``configuration`` or ``supplementaryConfiguration`` followed
by dotted keys (a list is passed through: ``configuration.ipPermissions.ipRanges`` is the
``ipRanges`` of every entry), or ``tags`` / ``relationships``. An item's identity (type, id,
ARN, name, region, account, status, capture time) is always there. An empty tuple of paths
means "only which items of the type exist". ``None`` instead of a mapping means "undeclared":
the rule may read anything of its resource types.

:func:`project` keeps only the declared paths of an item (what the test of every built-in
rule's declaration runs the rule on), and :func:`compliance.testing.trace_reads` records which
paths a rule touches on given items, to write a declaration or to check one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem, Relationship

Reads = dict[str, tuple[str, ...]]

ROOTS = ("configuration", "supplementaryConfiguration", "tags", "relationships")


def check_path(path: str) -> str:
    """``path`` if it is a valid declared path; ValueError naming what is wrong otherwise."""
    if not isinstance(path, str) or not path:
        raise ValueError(f"a read path must be a non-empty string, got {path!r}")
    root, _, rest = path.partition(".")
    if root not in ROOTS:
        raise ValueError(f"read path {path!r} must start with one of: {', '.join(ROOTS)}")
    if rest and root in ("tags", "relationships"):
        raise ValueError(f"read path {path!r}: {root} is read whole")
    if "." in path and any(not part for part in rest.split(".")):
        raise ValueError(f"read path {path!r} has an empty segment")
    return path


def normalize(
    resource_types: Iterable[str],
    reads: Iterable[str] | Mapping[str, Iterable[str]] | None,
    account_settings: Iterable[str] = (),
) -> Reads | None:
    """The declaration as ``{resource type: paths}``, from what a rule author writes.

    ``reads`` as a list of paths applies to each of ``resource_types`` (but ``AWS::::Account``,
    whose reads are ``account_settings``, when there are others); as a mapping it names the
    types itself (a type of ``resource_types`` it leaves out is read for existence only).
    ``account_settings`` are keys of the ``AWS::::Account`` item's configuration.
    None when neither is given (undeclared).
    """
    types = tuple(resource_types)
    settings = tuple(account_settings)
    if reads is None and not settings:
        return None
    declared: dict[str, list[str]] = {t: [] for t in types}
    if isinstance(reads, Mapping):
        for resource_type, paths in reads.items():
            if isinstance(paths, str):
                raise ValueError(f"reads[{resource_type!r}]: a list of paths, not one string")
            declared.setdefault(resource_type, []).extend(check_path(p) for p in paths)
    elif reads is not None:
        if isinstance(reads, str):
            raise ValueError("reads: a list of paths, not one string")
        paths = [check_path(p) for p in reads]
        # the account item's reads are its settings, unless it is all the rule reads
        targets = [t for t in types if t != ACCOUNT_RESOURCE_TYPE] or types
        for resource_type in targets:
            declared[resource_type].extend(paths)
    for key in settings:
        if not isinstance(key, str) or not key or "." in key:
            raise ValueError(f"account_settings: {key!r} is not a key of the account item")
        declared.setdefault(ACCOUNT_RESOURCE_TYPE, []).append(f"configuration.{key}")
    return {t: tuple(dict.fromkeys(p)) for t, p in declared.items()}


def merge(declarations: Iterable[Reads | None], fallback_types: Iterable[str] = ()) -> Reads | None:
    """The union of several declarations; None (everything) if any is undeclared."""
    merged: dict[str, dict[str, None]] = {}
    for reads in declarations:
        if reads is None:
            return None
        for resource_type, paths in reads.items():
            merged.setdefault(resource_type, {}).update(dict.fromkeys(paths))
    for resource_type in fallback_types:
        merged.setdefault(resource_type, {})
    return {t: tuple(p) for t, p in merged.items()}


def overlaps(declared: str, filled: str) -> bool:
    """Whether a read of ``declared`` needs what fills ``filled`` (one is a prefix of the other)."""
    return declared == filled or declared.startswith(filled + ".") or filled.startswith(declared + ".")


# --- projection -------------------------------------------------------------------------------


def _keep(value: Any, tails: list[tuple[str, ...]]) -> Any:
    if any(not tail for tail in tails):
        return value
    if isinstance(value, list):
        return [_keep(v, tails) for v in value]
    if not isinstance(value, dict):
        return value
    kept = {}
    for key in dict.fromkeys(t[0] for t in tails):
        if key in value:
            kept[key] = _keep(value[key], [t[1:] for t in tails if t[0] == key])
    return kept


RECORDED = "(recorded)"
"""The one key :func:`project` leaves in a ``configuration`` or ``supplementaryConfiguration``
that was recorded but holds none of the declared paths: whether anything was recorded at all is
part of an item's state (a collector writes every key it read, empty when not configured)."""


def _root(value: dict[str, Any], tails: list[tuple[str, ...]] | None) -> dict[str, Any]:
    kept = _keep(value, tails) if tails is not None else {}
    return kept if kept or not value else {RECORDED: True}


def project(item: ConfigurationItem, paths: Iterable[str]) -> ConfigurationItem:
    """A copy of ``item`` holding its identity and only ``paths``."""
    by_root: dict[str, list[tuple[str, ...]]] = {}
    for path in paths:
        root, *rest = path.split(".")
        by_root.setdefault(root, []).append(tuple(rest))
    return dataclasses.replace(
        item,
        configuration=_root(item.configuration, by_root.get("configuration")),
        supplementaryConfiguration=_root(item.supplementaryConfiguration, by_root.get("supplementaryConfiguration")),
        tags=dict(item.tags) if "tags" in by_root else {},
        relationships=list(item.relationships) if "relationships" in by_root else [],
    )


def project_all(items: Iterable[ConfigurationItem], reads: Reads) -> list[ConfigurationItem]:
    """The items of the declared types, each holding only its type's declared paths; account
    items are always kept (account-wide rules report on them), with their declared settings."""
    return [
        project(i, reads.get(i.resourceType, ()))
        for i in items
        if i.resourceType in reads or i.resourceType == ACCOUNT_RESOURCE_TYPE
    ]


# --- tracing ----------------------------------------------------------------------------------


class _Log:
    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.reads: dict[str, dict[str, None]] = {}

    def type(self, resource_type: str) -> None:
        self.reads.setdefault(resource_type, {})

    def path(self, resource_type: str, path: str) -> None:
        parts = path.split(".")
        limit = 1 if parts[0] in ("tags", "relationships") else self.depth
        self.reads.setdefault(resource_type, {})[".".join(parts[:limit])] = None


def _wrap(value: Any, log: _Log, resource_type: str, path: str) -> Any:
    if isinstance(value, dict) and not isinstance(value, _TracedDict):
        return _TracedDict(value, log, resource_type, path)
    if isinstance(value, list) and not isinstance(value, _TracedList):
        return _TracedList(value, log, resource_type, path)
    return value


class _TracedDict(dict):
    """A dict that logs every key read from it (and a whole read when iterated)."""

    def __init__(self, data: dict, log: _Log, resource_type: str, path: str) -> None:
        super().__init__(data)
        self._log, self._type, self._path = log, resource_type, path

    def _at(self, key: Any) -> str:
        return f"{self._path}.{key}"

    def _whole(self) -> None:
        self._log.path(self._type, self._path)

    def __getitem__(self, key: Any) -> Any:
        self._log.path(self._type, self._at(key))
        return _wrap(super().__getitem__(key), self._log, self._type, self._at(key))

    def get(self, key: Any, default: Any = None) -> Any:
        self._log.path(self._type, self._at(key))
        if super().__contains__(key):
            return _wrap(super().__getitem__(key), self._log, self._type, self._at(key))
        return default

    def __contains__(self, key: object) -> bool:
        self._log.path(self._type, self._at(key))
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._whole()
        return super().__iter__()

    def keys(self):  # type: ignore[override]
        self._whole()
        return super().keys()

    def values(self):  # type: ignore[override]
        self._whole()
        return [_wrap(v, self._log, self._type, self._at(k)) for k, v in super().items()]

    def items(self):  # type: ignore[override]
        self._whole()
        return [(k, _wrap(v, self._log, self._type, self._at(k))) for k, v in super().items()]

    def __len__(self) -> int:
        if "." in self._path:  # a root's emptiness says whether anything was recorded: no read
            self._whole()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._whole()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]


class _TracedList(list):
    """A list whose entries log reads under the list's own path (no index)."""

    def __init__(self, data: list, log: _Log, resource_type: str, path: str) -> None:
        super().__init__(data)
        self._log, self._type, self._path = log, resource_type, path

    def _touch(self) -> None:
        self._log.path(self._type, self._path)

    def __getitem__(self, index: Any) -> Any:
        self._touch()
        return _wrap(super().__getitem__(index), self._log, self._type, self._path)

    def __iter__(self) -> Iterator[Any]:
        self._touch()
        return (_wrap(v, self._log, self._type, self._path) for v in super().__iter__())

    def __len__(self) -> int:
        self._touch()
        return super().__len__()

    def __contains__(self, value: object) -> bool:
        self._touch()
        return super().__contains__(value)


class _TracedRelationships(list):
    def __init__(self, data: list[Relationship], log: _Log, resource_type: str) -> None:
        super().__init__(data)
        self._log, self._type = log, resource_type

    def __iter__(self) -> Iterator[Any]:
        self._log.path(self._type, "relationships")
        return super().__iter__()

    def __len__(self) -> int:
        self._log.path(self._type, "relationships")
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        self._log.path(self._type, "relationships")
        return super().__getitem__(index)


def _traced(item: ConfigurationItem, log: _Log) -> ConfigurationItem:
    t = item.resourceType
    return dataclasses.replace(
        item,
        configuration=_TracedDict(item.configuration, log, t, "configuration"),
        supplementaryConfiguration=_TracedDict(item.supplementaryConfiguration, log, t, "supplementaryConfiguration"),
        tags=_TracedDict(item.tags, log, t, "tags"),
        relationships=_TracedRelationships(item.relationships, log, t),
    )
