"""Read and write snapshot files.

Read (the format is detected, ``.gz`` is decompressed):

* ours: AWS Config's snapshot file (``fileVersion``, ``configSnapshotId``,
  ``configurationItems``) plus scan metadata (``accountIds``, ``regions``, ``captureTime``,
  ``toolVersion``, ``collectionErrors``, ``resourceTypesCollected``);
* an AWS Config snapshot file as delivered to S3 (items spelled ``configurationItemVersion``,
  ``awsAccountId``, ``ARN``, ``configurationStateMd5Hash``; ``configuration`` an object);
* ``aws configservice get-resource-config-history`` and ``batch-get-resource-config`` output,
  whose ``configuration`` and ``supplementaryConfiguration`` values are JSON-encoded strings;
* JSON Lines, one configuration item per line, in any of these spellings.

Write: ``compliance`` (ours), ``config`` (AWS Config's delivery spelling) or ``jsonl``.
Errors name the file, the item index and the field.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.gcpause import paused_gc
from compliance.model import CollectionError, ConfigurationItem, InvalidItem, Relationship, Snapshot
from compliance.yamlio import NonFiniteNumber, loads, read_text

FORMATS = ("compliance", "config", "jsonl")

# AWS Config's S3 delivery spelling -> the API spelling we use.
_DELIVERY_ALIASES = {
    "configurationItemVersion": "version",
    "awsAccountId": "accountId",
    "ARN": "arn",
    "configurationStateMd5Hash": "configurationItemMD5Hash",
}
_STRING_FIELDS = (
    "accountId",
    "awsRegion",
    "arn",
    "resourceName",
    "configurationItemCaptureTime",
    "configurationItemStatus",
    "configurationStateId",
    "configurationItemMD5Hash",
    "availabilityZone",
    "resourceCreationTime",
    "version",
)


_EPOCH_RANGE = (0, 253402300799)  # 1970-01-01 .. 9999-12-31T23:59:59Z, in seconds


def _iso(value: Any) -> str:
    """An ISO-8601 time from a string or epoch seconds; ValueError when unparsable or out of range."""
    if type(value) is str:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not an ISO-8601 time: {value[:40]!r}") from None
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not _EPOCH_RANGE[0] <= value <= _EPOCH_RANGE[1]:  # NaN fails both comparisons
            raise ValueError(f"time out of range: {value!r}")
        return datetime.fromtimestamp(value, UTC).isoformat().replace("+00:00", "Z")
    raise ValueError(f"expected a time, got {type(value).__name__}")


def _decode_json_string(value: Any, field: str) -> Any:
    if type(value) is not str:
        return value
    text = value.strip()
    if not text or text[0] not in '{["' and text not in ("true", "false", "null") and not _numeric(text):
        return value
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        raise _FieldError(f".{field}", f"not valid JSON: {exc.msg} at position {exc.pos}") from None
    except NonFiniteNumber as exc:
        raise _FieldError(f".{field}", str(exc)) from None
    except RecursionError:
        raise _FieldError(f".{field}", "nested too deeply") from None


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_TIME_FIELDS = frozenset(f for f in _STRING_FIELDS if f.endswith("Time"))


def item_from_dict(data: Any, where: str | Callable[[], str]) -> ConfigurationItem:
    """One configuration item in any supported spelling.

    ``where`` prefixes error messages; it may be a function so that the hot path of a large
    file builds no message it never shows.
    """
    try:
        return _item_from_dict(data)
    except _FieldError as exc:
        prefix = where() if callable(where) else where
        raise InputError(f"{prefix}{exc.field}: {exc.problem}") from None


class _FieldError(Exception):
    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem


def _item_from_dict(data: Any) -> ConfigurationItem:
    if type(data) is not dict:
        raise _FieldError("", f"a configuration item must be an object, got {type(data).__name__}")
    if not _DELIVERY_ALIASES.keys().isdisjoint(data):
        data = {_DELIVERY_ALIASES.get(key, key): value for key, value in data.items()}
    get = data.get
    for key in ("resourceType", "resourceId"):
        value = get(key)
        if type(value) is not str or not value:
            raise _FieldError(f".{key}", "missing" if key not in data else f"expected a string, got {value!r}")
    strings: dict[str, Any] = {}
    for key in _STRING_FIELDS:
        value = get(key)
        if value is None:
            continue
        if key in _TIME_FIELDS:
            try:
                value = _iso(value)
            except (ValueError, OverflowError, OSError) as exc:
                raise _FieldError(f".{key}", str(exc)) from None
        elif type(value) is not str:
            if type(value) is not int:
                raise _FieldError(f".{key}", f"expected a string, got {type(value).__name__}")
            value = str(value)  # an account id written as a number
        strings[key] = value

    # null is kept as None (AWS Config records it for deleted and not-recorded resources):
    # the evaluator then reports INSUFFICIENT_DATA instead of reading an empty object as "fine".
    configuration: Any = {}
    if "configuration" in data:
        configuration = _decode_json_string(data["configuration"], "configuration")
        if configuration is not None and type(configuration) is not dict:
            raise _FieldError(".configuration", f"expected an object, got {type(configuration).__name__}")

    supplementary: Any = {}
    if "supplementaryConfiguration" in data:
        supplementary = _decode_json_string(data["supplementaryConfiguration"], "supplementaryConfiguration")
        if supplementary is not None and type(supplementary) is not dict:
            raise _FieldError(".supplementaryConfiguration", f"expected an object, got {type(supplementary).__name__}")
        if supplementary and any(type(v) is str for v in supplementary.values()):
            supplementary = {
                k: _decode_json_string(v, f"supplementaryConfiguration.{k}") for k, v in supplementary.items()
            }

    tags = get("tags")
    if type(tags) is list:  # [{"key": .., "value": ..}] as some exports write them
        tags = _tag_list(tags)
    if tags is None:
        tags = {}
    elif type(tags) is not dict:
        raise _FieldError(".tags", f"expected an object, got {type(tags).__name__}")
    elif not all(type(v) is str for v in tags.values()):
        for key, value in tags.items():
            if value is not None and type(value) not in (str, int, float) or value != value:
                raise _FieldError(f".tags.{key}", f"expected a string, got {_kind(value)}")
        tags = {k: "" if v is None else str(v) for k, v in tags.items()}

    relationships = get("relationships") or []
    if type(relationships) is not list:
        raise _FieldError(".relationships", f"expected a list, got {type(relationships).__name__}")
    related = []
    for j, rel in enumerate(relationships):
        if type(rel) is not dict or type(rel.get("resourceType")) is not str:
            raise _FieldError(f".relationships[{j}].resourceType", "missing")
        name = rel.get("relationshipName", rel.get("name", ""))
        for key, value in (("resourceId", rel.get("resourceId")), ("resourceName", rel.get("resourceName"))):
            if value is not None and type(value) is not str:
                raise _FieldError(f".relationships[{j}].{key}", f"expected a string, got {type(value).__name__}")
        if type(name) is not str:
            raise _FieldError(f".relationships[{j}].relationshipName", f"expected a string, got {type(name).__name__}")
        related.append(Relationship(rel["resourceType"], rel.get("resourceId"), rel.get("resourceName"), name))
    return ConfigurationItem(
        resourceType=data["resourceType"],
        resourceId=data["resourceId"],
        tags=tags,
        relationships=related,
        configuration=configuration,
        supplementaryConfiguration=supplementary,
        **strings,
    )


def _kind(value: Any) -> str:
    return "NaN" if value != value else type(value).__name__


def _tag_list(tags: list[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for j, tag in enumerate(tags):
        if type(tag) is not dict:
            raise _FieldError(f".tags[{j}]", f"expected a key/value object, got {type(tag).__name__}")
        key, value = tag.get("key", tag.get("Key")), tag.get("value", tag.get("Value"))
        if type(key) is not str:
            raise _FieldError(f".tags[{j}].key", f"expected a string, got {type(key).__name__}")
        if value is not None and type(value) is not str:
            raise _FieldError(f".tags[{j}].value", f"expected a string, got {type(value).__name__}")
        found[key] = value or ""
    return found


def _error_from_dict(data: Any, where: str) -> CollectionError:
    if not isinstance(data, dict):
        raise InputError(f"{where}: a collection error must be an object")
    for key in ("service", "api", "errorCode", "message"):
        if not isinstance(data.get(key), str):
            raise InputError(f"{where}.{key}: missing or not a string")
    types = data.get("resourceTypes", [])
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise InputError(f"{where}.resourceTypes: expected a list of strings")
    return CollectionError(
        service=data["service"],
        api=data["api"],
        errorCode=data["errorCode"],
        message=data["message"],
        region=str(data.get("region") or ""),
        accountId=str(data.get("accountId") or ""),
        resourceTypes=types,
        resourceId=data.get("resourceId"),
    )


class _Bad:
    """Where a non-finite or overlong number was (only when locating one after a failed parse)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _float_or_bad(text: str) -> Any:
    value = float(text)
    return value if math.isfinite(value) else _Bad(text)


def _int_or_bad(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return _Bad(f"an integer of {len(text)} digits")


def _parse_marking_bad(text: str) -> Any:
    return json.loads(text, parse_constant=_Bad, parse_float=_float_or_bad, parse_int=_int_or_bad)


def _find_bad(value: Any) -> tuple[str, str] | None:
    """(path, text) of the first marked number in ``value``; only ever run after a failed parse."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, current = stack.pop()
        if type(current) is _Bad:
            return path, current.text
        if type(current) is dict:
            stack.extend((f"{path}.{k}", v) for k, v in reversed(current.items()))
        elif type(current) is list:
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(current))))
    return None


def _parse(text: str, name: str) -> tuple[Any, bool]:
    """The parsed document and whether it holds marked numbers (NaN, Infinity, overflow)."""
    try:
        return loads(text), False
    except NonFiniteNumber:
        return _parse_marking_bad(text), True
    except RecursionError:
        raise InputError(f"{name}: nested too deeply (more than about 1,000 levels)") from None


def load_snapshot(path: str | Path, *, skip_invalid: bool = False) -> Snapshot:
    """Read a snapshot file in any supported format.

    An item that fails validation is an :class:`InputError` naming file, index and field; with
    ``skip_invalid`` it is kept out and listed in ``Snapshot.invalidItems`` (the evaluator
    reports ERROR for it) so the rest of the file is still evaluated.
    """
    path = Path(path)
    text = read_text(path)
    name = str(path)
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{name}: empty file")
    if path.suffix in (".jsonl", ".ndjson") or (path.name.endswith((".jsonl.gz", ".ndjson.gz"))):
        with paused_gc():
            return _load_jsonl(text, name, skip_invalid)
    with paused_gc():
        try:
            data, marked = _parse(text, name)
        except json.JSONDecodeError as exc:
            if stripped[0] == "{" and "\n{" in stripped:
                return _load_jsonl(text, name, skip_invalid)
            raise InputError(f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
        del text, stripped
        return snapshot_from_data(data, name, skip_invalid=skip_invalid, marked=marked, consume=True)


class _Items:
    """Items read one by one: valid ones kept, invalid ones raised or (skip_invalid) listed."""

    def __init__(self, skip_invalid: bool, marked: bool) -> None:
        self.skip_invalid, self.marked = skip_invalid, marked
        self.items: list[ConfigurationItem] = []
        self.invalid: list[InvalidItem] = []

    def add(self, data: Any, where: Callable[[], str]) -> None:
        try:
            if self.marked and (bad := _find_bad(data)) is not None:
                raise InputError(f"{where()}{bad[0]}: not a finite number: {bad[1][:40]}")
            self.items.append(item_from_dict(data, where))
        except InputError as exc:
            if not self.skip_invalid:
                raise
            self.invalid.append(_invalid(data, str(exc)))


def _invalid(data: Any, problem: str) -> InvalidItem:
    known = {}
    if type(data) is dict:
        for key in ("resourceType", "resourceId", "accountId", "awsRegion"):
            value = data.get(key, data.get("awsAccountId") if key == "accountId" else None)
            if type(value) is str:
                known[key] = value
    return InvalidItem(problem=problem, **known)


def _load_jsonl(text: str, name: str, skip_invalid: bool = False) -> Snapshot:
    reader = _Items(skip_invalid, False)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data, reader.marked = _parse(line, f"{name}: line {number}")
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: line {number}: not valid JSON: {exc.msg}") from None
        reader.add(data, lambda n=number: f"{name}: line {n}")
    snapshot = Snapshot(configurationItems=reader.items, source="jsonl", invalidItems=reader.invalid)
    return _with_defaults(snapshot)


def snapshot_from_data(
    data: Any, name: str, *, skip_invalid: bool = False, marked: bool = False, consume: bool = False
) -> Snapshot:
    """A snapshot from parsed JSON. ``consume``: drop each item's dict from ``data`` once read
    (the caller's ``data`` is emptied; a large file's parsed copy then shrinks as items are made)."""
    reader = _Items(skip_invalid, marked)
    if isinstance(data, list):
        for i, d in enumerate(data):
            reader.add(d, lambda i=i: f"{name}: [{i}]")
        snapshot = Snapshot(configurationItems=reader.items, source="json list", invalidItems=reader.invalid)
        return _with_defaults(snapshot)
    if not isinstance(data, dict):
        raise InputError(f"{name}: expected a JSON object with 'configurationItems'")
    if "baseConfigurationItems" in data:
        key, source = "baseConfigurationItems", "batch-get-resource-config"
    elif "configurationItems" in data:
        key = "configurationItems"
        if "toolVersion" in data or "collectionErrors" in data:
            source = "compliance"
        elif "configSnapshotId" in data or "fileVersion" in data:
            source = "aws-config-snapshot"
        else:
            source = "get-resource-config-history"
    else:
        raise InputError(f"{name}: no 'configurationItems' (or 'baseConfigurationItems') list")
    raw_items = data[key]
    if not isinstance(raw_items, list):
        raise InputError(f"{name}: {key}: expected a list, got {type(raw_items).__name__}")
    for i, d in enumerate(raw_items):
        reader.add(d, lambda i=i: f"{name}: {key}[{i}]")
        if consume:
            raw_items[i] = None
    if marked and (bad := _find_bad({k: v for k, v in data.items() if k != key})) is not None:
        raise InputError(f"{name}: {bad[0].lstrip('.')}: not a finite number: {bad[1][:40]}")
    snapshot = Snapshot(configurationItems=reader.items, source=source, invalidItems=reader.invalid)
    snapshot.configSnapshotId = str(data.get("configSnapshotId") or "")
    snapshot.fileVersion = str(data.get("fileVersion") or "1.0")
    for field_name in ("accountIds", "regions"):
        value = data.get(field_name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{name}: {field_name}: expected a list of strings")
        setattr(snapshot, field_name, value)
    if data.get("captureTime") is not None:
        try:
            snapshot.captureTime = _iso(data["captureTime"])
        except (ValueError, OverflowError, OSError) as exc:
            raise InputError(f"{name}: captureTime: {exc}") from None
    if data.get("toolVersion") is not None:
        snapshot.toolVersion = str(data["toolVersion"])
    errors = data.get("collectionErrors", [])
    if not isinstance(errors, list):
        raise InputError(f"{name}: collectionErrors: expected a list")
    snapshot.collectionErrors = [_error_from_dict(e, f"{name}: collectionErrors[{i}]") for i, e in enumerate(errors)]
    collected = data.get("resourceTypesCollected")
    if collected is not None:
        if not isinstance(collected, list) or not all(isinstance(t, str) for t in collected):
            raise InputError(f"{name}: resourceTypesCollected: expected a list of strings")
        snapshot.resourceTypesCollected = collected
    not_recorded = data.get("propertiesNotRecorded") or {}
    if not isinstance(not_recorded, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) for p in v) for v in not_recorded.values()
    ):
        raise InputError(f"{name}: propertiesNotRecorded: expected an object of lists of property paths")
    snapshot.propertiesNotRecorded = not_recorded
    return _with_defaults(snapshot)


def _with_defaults(snapshot: Snapshot) -> Snapshot:
    if not snapshot.accountIds:
        snapshot.accountIds = sorted({i.accountId for i in snapshot.configurationItems if i.accountId})
    if not snapshot.regions:
        snapshot.regions = sorted(
            {i.awsRegion for i in snapshot.configurationItems if i.awsRegion and i.awsRegion != "global"}
        )
    if not snapshot.captureTime:
        times = [i.configurationItemCaptureTime for i in snapshot.configurationItems if i.configurationItemCaptureTime]
        snapshot.captureTime = max(times) if times else None
    if not snapshot.configSnapshotId:
        snapshot.configSnapshotId = str(uuid.uuid4())
    return snapshot


def item_to_dict(item: ConfigurationItem, fmt: str = "compliance") -> dict[str, Any]:
    data = asdict(item)
    if fmt == "config":
        data = {next((k for k, v in _DELIVERY_ALIASES.items() if v == key), key): value for key, value in data.items()}
        for rel in data["relationships"]:
            rel["name"] = rel.pop("relationshipName")
    return data


def snapshot_to_dict(snapshot: Snapshot, fmt: str = "compliance") -> dict[str, Any]:
    data: dict[str, Any] = {
        "fileVersion": snapshot.fileVersion,
        "configSnapshotId": snapshot.configSnapshotId,
        "configurationItems": [item_to_dict(i, fmt) for i in snapshot.configurationItems],
    }
    if fmt == "compliance":
        data.update(
            accountIds=snapshot.accountIds,
            regions=snapshot.regions,
            captureTime=snapshot.captureTime,
            toolVersion=snapshot.toolVersion,
            source=snapshot.source,
            resourceTypesCollected=snapshot.resourceTypesCollected,
            propertiesNotRecorded=snapshot.propertiesNotRecorded,
            collectionErrors=[asdict(e) for e in snapshot.collectionErrors],
        )
    return data


def snapshot_text(snapshot: Snapshot, fmt: str = "compliance") -> str:
    """The file content for ``fmt``: ``compliance`` (ours), ``config`` (AWS Config's spelling) or ``jsonl``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown snapshot format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    if fmt == "jsonl":
        return "".join(json.dumps(item_to_dict(i), default=str) + "\n" for i in snapshot.configurationItems)
    return json.dumps(snapshot_to_dict(snapshot, fmt), indent=1, default=str) + "\n"


def dump_snapshot(snapshot: Snapshot, path: str | Path, fmt: str = "compliance") -> None:
    """Write atomically (a failed write leaves no partial file); ``.gz`` paths are gzipped."""
    payload = snapshot_text(snapshot, fmt).encode()
    if str(path).endswith(".gz"):
        payload = gzip.compress(payload, mtime=0)
    write_atomic(path, payload)


def write_atomic(path: str | Path, payload: bytes | str) -> None:
    """Write a whole file or nothing: a temporary file beside it, renamed into place."""
    path = Path(path)
    if isinstance(payload, str):
        payload = payload.encode()
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_snapshot(items: Iterable[ConfigurationItem], **metadata: Any) -> Snapshot:
    """A snapshot of freshly collected items, stamped with this tool's version and the time."""
    from compliance import __version__

    snapshot = Snapshot(configurationItems=list(items), toolVersion=__version__, **metadata)
    if not snapshot.captureTime:
        snapshot.captureTime = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return _with_defaults(snapshot)


def merge_snapshots(snapshots: list[Snapshot], names: list[str]) -> Snapshot:
    """Several snapshots as one: every item (an item in several files is taken from the last
    file that has it), every collection error; accounts and regions united. The types known to
    be collected are united only when every file says which it collected (an AWS Config file
    does not). The capture time is the latest; the id names each file's."""
    if len(snapshots) == 1:
        return snapshots[0]
    items: dict[tuple[str, str, str, str], ConfigurationItem] = {}
    for snapshot in snapshots:
        for item in snapshot.configurationItems:
            items.pop(item.key, None)  # keep the file order of the last one
            items[item.key] = item
    collected = [s.resourceTypesCollected for s in snapshots]
    not_recorded: dict[str, list[str]] = {}
    for snapshot in snapshots:
        for resource_type, paths in snapshot.propertiesNotRecorded.items():
            not_recorded.setdefault(resource_type, [])
            not_recorded[resource_type] += [p for p in paths if p not in not_recorded[resource_type]]
    times = [s.captureTime for s in snapshots if s.captureTime]
    return Snapshot(
        configurationItems=list(items.values()),
        configSnapshotId="+".join(s.configSnapshotId or n for s, n in zip(snapshots, names, strict=True)),
        accountIds=sorted({a for s in snapshots for a in s.accountIds}),
        regions=sorted({r for s in snapshots for r in s.regions}),
        captureTime=max(times) if times else None,
        toolVersion=snapshots[-1].toolVersion,
        source="merged: " + ", ".join(f"{n} ({s.source})" for s, n in zip(snapshots, names, strict=True)),
        collectionErrors=[e for s in snapshots for e in s.collectionErrors],
        resourceTypesCollected=None
        if any(c is None for c in collected)
        else sorted({t for c in collected for t in c or ()}),
        propertiesNotRecorded=not_recorded,
        invalidItems=[i for s in snapshots for i in s.invalidItems],
    )
