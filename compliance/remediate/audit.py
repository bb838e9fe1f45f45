"""The remediation audit log: one record per planned, applied, skipped or failed action.

A record is a flat JSON object::

    {"time": "2026-11-28T18:00:00Z", "runId": "...", "mode": "dry-run|approve|yes|automatic",
     "event": "planned|applied|skipped|failed", "principal": "arn:aws:sts::...", "accountId": "...",
     "awsRegion": "...", "resourceType": "...", "resourceId": "...", "arn": "...",
     "configRuleName": "...", "ruleId": "...", "remediation": "...", "calls": [ApiCall.to_dict()...],
     "beforeHash": "...", "afterHash": "...", "result": "fixed|still failing|unverified|...",
     "error": {"code": "...", "message": "..."} | null, "attempt": 1}

Records go to an :class:`AuditSink`: the history store (``append_remediation_records`` /
``remediation_records``, hash-chained; what ``compliance remediate`` uses by default) or a JSON
Lines file (``--audit-log FILE``; ``./.compliance/remediations.jsonl`` when no path is given).
See :func:`open_audit_log`.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from compliance.errors import InputError

DEFAULT_AUDIT_PATH = Path(".compliance") / "remediations.jsonl"
EVENTS = ("planned", "applied", "skipped", "failed")


@runtime_checkable
class AuditSink(Protocol):
    def append(self, records: Iterable[dict[str, Any]]) -> None: ...

    def read(self) -> Iterator[dict[str, Any]]: ...


class JsonlAuditLog:
    """Append-only JSON Lines file. Each record is one ``write`` of one line, flushed and synced,
    so a crash loses at most the record being written and never corrupts earlier ones."""

    def __init__(self, path: str | Path = DEFAULT_AUDIT_PATH) -> None:
        self.path = Path(path)

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        lines = "".join(json.dumps(r, sort_keys=True, default=str) + "\n" for r in records)
        if not lines:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(lines)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise InputError(f"{self.path}: cannot append to the audit log: {exc.strerror or exc}") from None

    def read(self) -> Iterator[dict[str, Any]]:
        if not self.path.exists():
            return
        from compliance.yamlio import parse_json, read_text

        for number, line in enumerate(read_text(self.path).splitlines(), start=1):
            if line.strip():
                record = parse_json(line, f"{self.path}: line {number}")
                if isinstance(record, dict):
                    yield record


class HistoryAuditLog:
    """Adapter for a history store offering ``append_remediation_records(records)`` and
    ``remediation_records()`` (so audit records land in the same store as the scans)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        self.store.append_remediation_records(list(records))

    def read(self) -> Iterator[dict[str, Any]]:
        return iter(self.store.remediation_records())


def open_audit_log(store: Any = None, path: str | Path | None = None) -> AuditSink:
    """The history store when it can hold audit records, else the JSON Lines file."""
    if path is None and store is not None and hasattr(store, "append_remediation_records"):
        return HistoryAuditLog(store)
    return JsonlAuditLog(path or DEFAULT_AUDIT_PATH)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def caller_identity(session: Any) -> tuple[str | None, str | None]:
    """(principal ARN, account id) of the session's credentials, from STS GetCallerIdentity."""
    identity = session.client("sts").get_caller_identity()
    return identity.get("Arn"), identity.get("Account")


class Auditor:
    """Stamps records with the run's id, mode and principal, writes them, and tells plugins."""

    def __init__(self, sink: AuditSink | None, hook: Any = None, *, mode: str, principal: str | None = None) -> None:
        self.sink = sink
        self.hook = hook
        self.mode = mode
        self.principal = principal
        self.run_id = str(uuid.uuid4())
        self.records: list[dict[str, Any]] = []

    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        record = {
            "time": now(),
            "runId": self.run_id,
            "mode": self.mode,
            "event": event,
            "principal": self.principal,
            **fields,
        }
        self.records.append(record)
        if self.sink is not None:
            self.sink.append([record])
        if self.hook is not None:
            self.hook.compliance_remediation_recorded(record=record)
        return record
