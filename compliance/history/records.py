"""What the history store keeps: scan records, item and evaluation rows, and their digests.

A row is the canonical JSON of one configuration item (or one evaluation) as bytes; both
backends store exactly these bytes, so the same scan has the same digest on either backend.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from compliance.errors import InputError
from compliance.model import ConfigurationItem, Evaluation, Relationship, relationship_dict
from compliance.yamlio import NonFiniteNumber
from compliance.yamlio import loads as strict_loads

ItemKey = tuple[str, str, str, str]  # accountId, awsRegion, resourceType, resourceId
EvalKey = tuple[str, str, str, str, str]  # configRuleName + ItemKey

DELETED = "ResourceDeleted"
DELETED_STATUSES = frozenset({"ResourceDeleted", "ResourceDeletedNotRecorded"})
KINDS = ("scan", "collect", "base")
GENESIS = ""  # the previousDigest of the first scan ever recorded


class HistoryError(InputError):
    """The store cannot answer: a missing object, a concurrent writer, a damaged row."""


def loads(blob: bytes | str) -> Any:
    """Parse a stored row (orjson is much faster; json takes what it cannot, such as huge integers)."""
    try:
        return orjson.loads(blob)
    except orjson.JSONDecodeError:
        pass
    try:
        return strict_loads(blob)
    except (ValueError, NonFiniteNumber, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise HistoryError(f"damaged row: {str(exc) or type(exc).__name__}") from None


def head_from_text(text: bytes | str | None, where: str) -> dict[str, Any] | None:
    """A stored head record (``{"seq"/"count": .., "digest": ..}``), or HistoryError naming ``where``."""
    if text is None:
        return None
    try:
        head = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        head = None
    if not isinstance(head, dict) or not isinstance(head.get("digest"), str):
        raise HistoryError(f"{where}: damaged (not a head record)")
    return head


_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def canonical(obj: Any) -> bytes:
    """Canonical JSON: sorted keys, no whitespace, UTF-8. The bytes every digest is taken over.

    Digests are recomputed over the stored bytes, never over a re-serialization, so they do not
    depend on the serializer; orjson is used for speed, json for what orjson refuses."""
    try:
        return orjson.dumps(obj, option=_ORJSON_OPTIONS, default=str)
    except TypeError:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


# ---------------------------------------------------------------- timestamps

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_time(value: str, what: str = "timestamp") -> datetime:
    """ISO 8601 (``2024-05-01T12:00:00Z``, offsets, or a date, meaning the end of that day, UTC)
    or epoch seconds. Naive times are UTC."""
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
            return datetime.fromtimestamp(float(text), UTC)
        if _DATE_ONLY.match(text):
            day = datetime.fromisoformat(text).replace(tzinfo=UTC)
            return day + timedelta(days=1, microseconds=-1)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise InputError(
            f"{what}: not a timestamp: {value!r} (expected ISO 8601 such as 2024-05-01T12:00:00Z, or a date)"
        ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def time_key(moment: datetime) -> str:
    """A fixed-width UTC string that sorts as time does."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# ---------------------------------------------------------------- scan records


@dataclass(slots=True)
class ScanRecord:
    """One recorded scan (or collect, or the base state a prune left behind), sealed by ``digest``.

    ``digest`` is SHA-256 over this record's header, its item rows and its evaluation rows,
    and the header holds ``previousDigest``, so each scan seals the whole chain before it.
    A ``base`` record replaces the scans a prune removed: it holds the state as of the last of
    them, and ``sealedDigest`` is that scan's digest, which the next scan is chained to.
    """

    seq: int
    scanId: str
    kind: str
    captureTime: str
    recordedAt: str
    accountIds: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    itemCount: int = 0
    evaluationCount: int = 0
    findingCount: int = 0
    itemRows: int = 0
    evaluationRows: int = 0
    snapshot: dict[str, Any] = field(default_factory=dict)
    previousDigest: str = GENESIS
    sealedDigest: str = ""
    digest: str = ""

    @property
    def time_key(self) -> str:
        return time_key(parse_time(self.captureTime, f"scan {self.scanId} captureTime"))

    @property
    def chain_digest(self) -> str:
        """What the next scan's ``previousDigest`` must be."""
        return self.sealedDigest or self.digest

    def header(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("digest")
        return data

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ScanRecord:
        if not isinstance(data, dict):
            raise HistoryError(f"{where}: a scan record must be an object")
        names = {f.name for f in fields(cls)}
        missing = [n for n in ("seq", "scanId", "kind", "captureTime", "recordedAt") if n not in data]
        if missing:
            raise HistoryError(f"{where}: scan record has no {missing[0]!r}")
        return cls(**{k: v for k, v in data.items() if k in names})


def scan_digest(record: ScanRecord, item_rows: Iterable[bytes], eval_rows: Iterable[bytes]) -> str:
    """SHA-256 over the header and every row, in order; one line per part."""
    digest = hashlib.sha256()
    digest.update(b"H" + canonical(record.header()) + b"\n")
    for row in item_rows:
        digest.update(b"I" + row + b"\n")
    for row in eval_rows:
        digest.update(b"E" + row + b"\n")
    return digest.hexdigest()


# ---------------------------------------------------------------- rows


def item_key(data: dict[str, Any]) -> ItemKey:
    return (data.get("accountId") or "", data.get("awsRegion") or "", data["resourceType"], data["resourceId"])


def eval_key(data: dict[str, Any]) -> EvalKey:
    return (data["configRuleName"], *item_key(data))


@dataclass(slots=True)
class ItemRow:
    """A stored configuration item version: ``blob`` is its canonical JSON; the rest index it."""

    key: ItemKey
    arn: str | None
    md5: str
    status: str
    stateId: str | None
    blob: bytes

    @property
    def deleted(self) -> bool:
        return self.status in DELETED_STATUSES

    def item(self) -> dict[str, Any]:
        return loads(self.blob)


@dataclass(slots=True)
class EvalRow:
    """A stored evaluation version, or a removal marker (``compliance`` is empty) when a rule
    that ran no longer evaluates the resource."""

    key: EvalKey
    compliance: str
    ehash: str
    blob: bytes

    @property
    def removed(self) -> bool:
        return not self.compliance

    def evaluation(self) -> dict[str, Any]:
        return loads(self.blob)


def item_row(item: ConfigurationItem | dict[str, Any]) -> ItemRow:
    """A row for ``item``; its ``configurationItemMD5Hash`` is set to this project's hash of the
    recorded state (:meth:`ConfigurationItem.compute_hash`), which is what deduplication compares."""
    ci = item if isinstance(item, ConfigurationItem) else item_from_data(item)
    data = _item_dict(ci)
    data["configurationItemMD5Hash"] = ci.compute_hash()
    return _item_row(data, canonical(data))


def _item_dict(ci: ConfigurationItem) -> dict[str, Any]:
    """``ci.to_dict()`` without ``asdict``'s deep copy: the dict is only serialised."""
    data = {name: getattr(ci, name) for name in _ITEM_FIELD_NAMES}
    data["relationships"] = [relationship_dict(r) for r in ci.relationships]
    return data


def _item_row(data: dict[str, Any], blob: bytes) -> ItemRow:
    return ItemRow(
        key=item_key(data),
        arn=data.get("arn"),
        md5=str(data["configurationItemMD5Hash"]),
        status=data.get("configurationItemStatus") or "OK",
        stateId=data.get("configurationStateId"),
        blob=blob,
    )


def item_row_from_blob(blob: bytes, where: str) -> ItemRow:
    try:
        return _item_row(loads(blob), blob)
    except (ValueError, KeyError, TypeError) as exc:
        raise HistoryError(f"{where}: damaged item row ({type(exc).__name__})") from None




def _evaluation_dict(e: Evaluation) -> dict[str, Any]:
    """``Evaluation.to_dict()`` without copying what is only serialised (this runs for every
    evaluation of every scan). The two enums are str enums: serialised as their values."""
    return {
        "configRuleName": e.configRuleName,
        "ruleId": e.ruleId,
        "resourceType": e.resourceType,
        "resourceId": e.resourceId,
        "complianceType": e.complianceType,
        "annotation": e.annotation,
        "accountId": e.accountId,
        "awsRegion": e.awsRegion,
        "arn": e.arn,
        "severity": e.severity,
        "controls": e.controls,
        "configurationItemMD5Hash": e.configurationItemMD5Hash,
        "suppression": e.suppression,
    }


def eval_row(evaluation: Evaluation | dict[str, Any]) -> EvalRow:
    data = _evaluation_dict(evaluation) if isinstance(evaluation, Evaluation) else evaluation
    blob = canonical(data)
    return EvalRow(
        key=eval_key(data),
        compliance="" if data.get("removed") else str(data["complianceType"]),
        ehash=hashlib.md5(blob, usedforsecurity=False).hexdigest(),
        blob=blob,
    )


def removal_row(key: EvalKey) -> EvalRow:
    rule, account, region, resource_type, resource_id = key
    return eval_row(
        {
            "configRuleName": rule,
            "accountId": account,
            "awsRegion": region,
            "resourceType": resource_type,
            "resourceId": resource_id,
            "removed": True,
        }
    )


def eval_row_from_blob(blob: bytes, where: str) -> EvalRow:
    try:
        row = eval_row(loads(blob))
    except (ValueError, KeyError, TypeError) as exc:
        raise HistoryError(f"{where}: damaged evaluation row ({type(exc).__name__})") from None
    row.blob = blob
    return row


_ITEM_FIELD_NAMES = tuple(f.name for f in fields(ConfigurationItem))
_ITEM_FIELDS = set(_ITEM_FIELD_NAMES)


def item_from_data(data: dict[str, Any]) -> ConfigurationItem:
    """A stored item back into the model (rows were written from the model, so no re-validation)."""
    values = data if data.keys() <= _ITEM_FIELDS else {k: v for k, v in data.items() if k in _ITEM_FIELDS}
    item = ConfigurationItem(**values)
    if item.relationships:
        item.relationships = [Relationship(**r) for r in item.relationships]  # type: ignore[arg-type]
    if item.tags is None:
        item.tags = {}
    # A null configuration stays null: the evaluator reports INSUFFICIENT_DATA rather than "fine".
    return item


def evaluation_from_data(data: dict[str, Any]) -> Evaluation:
    return Evaluation.from_dict({k: v for k, v in data.items() if k != "removed"})
