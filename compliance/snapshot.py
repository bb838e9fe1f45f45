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
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.model import CollectionError, ConfigurationItem, Relationship, Snapshot

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


def _iso(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC).isoformat().replace("+00:00", "Z")
    return str(value)


def _decode_json_string(value: Any, field: str) -> Any:
    if type(value) is not str:
        return value
    text = value.strip()
    if not text or text[0] not in '{["' and text not in ("true", "false", "null") and not _numeric(text):
        return value
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _FieldError(f".{field}", f"not valid JSON: {exc.msg} at position {exc.pos}") from None


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
        if type(value) is not str:
            if isinstance(value, dict | list | bool):
                raise _FieldError(f".{key}", f"expected a string, got {type(value).__name__}")
            value = _iso(value) if key in _TIME_FIELDS else str(value)
        strings[key] = value

    configuration = _decode_json_string(get("configuration"), "configuration")
    if configuration is not None and type(configuration) is not dict:
        raise _FieldError(".configuration", f"expected an object, got {type(configuration).__name__}")

    supplementary = _decode_json_string(get("supplementaryConfiguration"), "supplementaryConfiguration")
    if supplementary is None:
        supplementary = {}
    elif type(supplementary) is not dict:
        raise _FieldError(".supplementaryConfiguration", "expected an object")
    elif any(type(v) is str for v in supplementary.values()):
        supplementary = {k: _decode_json_string(v, f"supplementaryConfiguration.{k}") for k, v in supplementary.items()}

    tags = get("tags")
    if type(tags) is list:  # [{"key": .., "value": ..}] as some exports write them
        try:
            tags = {t.get("key", t.get("Key")): t.get("value", t.get("Value")) for t in tags}
        except AttributeError:
            raise _FieldError(".tags", "expected an object or a list of key/value pairs") from None
    if tags is None:
        tags = {}
    elif type(tags) is not dict:
        raise _FieldError(".tags", f"expected an object, got {type(tags).__name__}")
    elif not all(type(k) is str and type(v) is str for k, v in tags.items()):
        tags = {str(k): "" if v is None else str(v) for k, v in tags.items()}

    relationships = get("relationships") or []
    if type(relationships) is not list:
        raise _FieldError(".relationships", "expected a list")
    related = []
    for j, rel in enumerate(relationships):
        if type(rel) is not dict or type(rel.get("resourceType")) is not str:
            raise _FieldError(f".relationships[{j}].resourceType", "missing")
        related.append(
            Relationship(
                rel["resourceType"],
                rel.get("resourceId"),
                rel.get("resourceName"),
                str(rel.get("relationshipName", rel.get("name", ""))),
            )
        )
    return ConfigurationItem(
        resourceType=data["resourceType"],
        resourceId=data["resourceId"],
        tags=tags,
        relationships=related,
        configuration=configuration or {},
        supplementaryConfiguration=supplementary,
        **strings,
    )


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


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"{path}: not a valid gzip file: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def load_snapshot(path: str | Path) -> Snapshot:
    """Read a snapshot file in any supported format."""
    path = Path(path)
    text = _read_text(path)
    name = str(path)
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{name}: empty file")
    if path.suffix in (".jsonl", ".ndjson") or (path.name.endswith((".jsonl.gz", ".ndjson.gz"))):
        return _load_jsonl(text, name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if stripped[0] == "{" and "\n{" in stripped:
            return _load_jsonl(text, name)
        raise InputError(f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    return snapshot_from_data(data, name)


def _load_jsonl(text: str, name: str) -> Snapshot:
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: line {number}: not valid JSON: {exc.msg}") from None
        items.append(item_from_dict(data, lambda n=number: f"{name}: line {n}"))
    return _with_defaults(Snapshot(configurationItems=items, source="jsonl"))


def snapshot_from_data(data: Any, name: str) -> Snapshot:
    if isinstance(data, list):
        items = [item_from_dict(d, lambda i=i: f"{name}: [{i}]") for i, d in enumerate(data)]
        return _with_defaults(Snapshot(configurationItems=items, source="json list"))
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
    items = [item_from_dict(d, lambda i=i: f"{name}: {key}[{i}]") for i, d in enumerate(raw_items)]
    snapshot = Snapshot(configurationItems=items, source=source)
    snapshot.configSnapshotId = str(data.get("configSnapshotId") or "")
    snapshot.fileVersion = str(data.get("fileVersion") or "1.0")
    for field_name in ("accountIds", "regions"):
        value = data.get(field_name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{name}: {field_name}: expected a list of strings")
        setattr(snapshot, field_name, value)
    for field_name in ("captureTime", "toolVersion"):
        if data.get(field_name) is not None:
            setattr(snapshot, field_name, _iso(data[field_name]))
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
