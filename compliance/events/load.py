"""Reading event files: an EventBridge event, a CloudTrail record, a CloudTrail log file
(``{"Records": [...]}``, gzip as delivered to S3), an AWS Config change notification, or JSON
Lines of any of them. Bad input is one :class:`InputError` naming the file, the record and the
field."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compliance.errors import InputError


@dataclass(frozen=True, slots=True)
class EventRecord:
    data: dict[str, Any]
    origin: str  # "file:line" (JSON Lines) or "file: Records[3]"


def _text(path: str) -> str:
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"--event {path}: cannot read: {exc.strerror or exc}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"--event {path}: not a valid gzip file: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"--event {path}: not UTF-8 text") from None


def _check(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(
            f"{where}: expected a JSON object (an event or a CloudTrail record), got {type(data).__name__}"
        )
    if "detail-type" in data:
        if not isinstance(data.get("detail"), dict):
            raise InputError(f"{where}: field 'detail': missing or not an object in an EventBridge event")
        detail = data["detail"]
        if "eventSource" in detail or data["detail-type"] == "AWS API Call via CloudTrail":
            _check_cloudtrail(detail, f"{where}: detail")
        return data
    if "messageType" in data:
        return data
    _check_cloudtrail(data, where)
    return data


def _check_cloudtrail(record: dict[str, Any], where: str) -> None:
    for key in ("eventSource", "eventName"):
        if not isinstance(record.get(key), str) or not record[key]:
            raise InputError(f"{where}: field '{key}': missing or not a string in a CloudTrail record")
    for key in ("requestParameters", "responseElements", "userIdentity"):
        if record.get(key) is not None and not isinstance(record[key], dict):
            raise InputError(f"{where}: field '{key}': not an object")


def _expand(data: Any, where: str) -> list[EventRecord]:
    if isinstance(data, dict) and "Records" in data:
        records = data["Records"]
        if not isinstance(records, list):
            raise InputError(f"{where}: field 'Records': not a list (a CloudTrail log file holds a list)")
        return [
            EventRecord(_check(r, f"{where}: Records[{n}]"), f"{where}: Records[{n}]") for n, r in enumerate(records)
        ]
    return [EventRecord(_check(data, where), where)]


def load_events(path: str) -> list[EventRecord]:
    """Every event record in the file ``path``."""
    text = _text(path)
    stripped = text.strip()
    if not stripped:
        raise InputError(f"--event {path}: empty file")
    try:
        return _expand(json.loads(stripped), path)
    except json.JSONDecodeError as whole:
        if "\n" not in stripped:
            raise InputError(f"--event {path}: line {whole.lineno}: not JSON: {whole.msg}") from None
    records: list[EventRecord] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"--event {path}:{number}: not JSON: {exc.msg}") from None
        records.extend(_expand(data, f"{path}:{number}"))
    return records
