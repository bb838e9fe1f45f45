"""Remediation audit records in the history store: append-only, hash-chained, apart from the scans.

Each record is stored as one canonical JSON row ``{"previousDigest": ..., "record": {...}}``;
a row's digest is the SHA-256 of those bytes, and the next row carries it as its
``previousDigest``. Removing, editing, inserting or reordering a record breaks the chain, and a
head (the record count and the last digest) catches records removed from the end. The chain is
separate from the scans' digest chain: appending an audit record never changes a scan's digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from compliance.errors import InputError
from compliance.history.records import GENESIS, HistoryError, canonical, loads, parse_time, time_key


def row_digest(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def chain(records: list[dict[str, Any]], previous: str) -> list[bytes]:
    """The stored rows of ``records``, chained after the row whose digest is ``previous``."""
    rows = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise InputError(f"remediation record {index + 1}: expected a JSON object, got {type(record).__name__}")
        blob = canonical({"previousDigest": previous, "record": record})
        rows.append(blob)
        previous = row_digest(blob)
    return rows


def parse_row(blob: bytes, where: str) -> tuple[str, dict[str, Any]]:
    """(previousDigest, record) of a stored row."""
    try:
        data = loads(blob)
    except ValueError:
        raise HistoryError(f"{where}: damaged remediation record (not JSON)") from None
    if not isinstance(data, dict) or not isinstance(data.get("record"), dict):
        raise HistoryError(f"{where}: damaged remediation record (no record object)")
    return str(data.get("previousDigest", "")), data["record"]


def _time_key(record: dict[str, Any]) -> str:
    try:
        return time_key(parse_time(str(record.get("time", ""))))
    except InputError:
        return ""


def select(
    records: Iterable[dict[str, Any]], since: str | datetime | None = None, account: str | None = None
) -> list[dict[str, Any]]:
    """Records at or after ``since`` and of ``account``, in time order (ties: in stored order)."""
    wanted = time_key(since if isinstance(since, datetime) else parse_time(since, "--since")) if since else ""
    keyed = [(_time_key(r), r) for r in records]
    chosen = [
        (key, r) for key, r in keyed if (not wanted or key >= wanted) and (not account or r.get("accountId") == account)
    ]
    return [r for _, r in sorted(chosen, key=lambda pair: pair[0])]


def verify_chain(rows: list[bytes], head: dict[str, Any] | None, where: str) -> tuple[int, str | None]:
    """(records verified, the first problem or None)."""
    expected = GENESIS
    for index, blob in enumerate(rows):
        try:
            previous, _ = parse_row(blob, where)
        except HistoryError as exc:
            return index, f"remediation record #{index + 1}: {exc}"
        if previous != expected:
            return index, (
                f"remediation record #{index + 1} is not chained to the one before it "
                f"(#{index} was edited, or records were removed, inserted or reordered)"
            )
        expected = row_digest(blob)
    if head is None and rows:
        return len(rows), "the remediation records' head is missing"
    if head is not None:
        count = head.get("count")
        if (
            not isinstance(count, int)
            or not 0 <= count <= len(rows)
            or (count and row_digest(rows[count - 1]) != head.get("digest"))
        ):
            return len(rows), (
                f"the last remediation records were removed or edited: the head names {count} record(s) ending in "
                f"{str(head.get('digest'))[:12]}, the store holds {len(rows)}"
            )
    return len(rows), None


class RemediationLog:
    """The audit-record half of :class:`~compliance.history.store.HistoryStore`, over three primitives."""

    def _remediation_rows(self) -> list[bytes]:
        """Every stored remediation row, in appended order."""
        raise NotImplementedError

    def _remediation_head(self) -> dict[str, Any] | None:
        """``{"count": N, "digest": last row's digest}`` as written by the last append, or None."""
        raise NotImplementedError

    def _append_remediation_rows(self, records: list[dict[str, Any]]) -> None:
        """Chain ``records`` after the last stored row (see :func:`chain`) and store them, all or nothing."""
        raise NotImplementedError

    def append_remediation_records(self, records: list[dict[str, Any]]) -> None:
        """Append audit records (JSON objects); never changes or removes earlier ones."""
        records = list(records)
        if records:
            chain(records, GENESIS)  # reject a non-object before anything is written
            self._append_remediation_rows(records)

    def remediation_records(
        self, since: str | datetime | None = None, account: str | None = None
    ) -> list[dict[str, Any]]:
        """The audit records (at or after ``since``, of ``account``), in time order."""
        where = f"{getattr(self, 'url', '')}"
        return select((parse_row(b, where)[1] for b in self._remediation_rows()), since, account)

    def verify_remediations(self) -> tuple[int, str | None]:
        """Check the audit records' chain: (records verified, the first problem or None)."""
        return verify_chain(self._remediation_rows(), self._remediation_head(), getattr(self, "url", ""))
