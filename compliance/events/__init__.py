"""Change events to the resources they change.

:func:`load_events` reads event files (an EventBridge event, a CloudTrail record, a CloudTrail
log file as delivered to S3, ``.json.gz`` included, or JSON Lines of any of them);
:func:`resolve` turns their records into :class:`Change` s through the table in
:mod:`compliance.events.table` and AWS Config's own change notifications. An event that changes
nothing we collect is counted in :attr:`EventBatch.unknown` and skipped, never an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from compliance.events.load import EventRecord, load_events
from compliance.events.table import ACCOUNT, match, values_at

__all__ = ["Cause", "Change", "EventBatch", "EventRecord", "load_events", "resolve", "resolve_files"]

CLOUDTRAIL_DETAIL = "AWS API Call via CloudTrail"
CONFIG_DETAIL = "Config Configuration Item Change"
CONFIG_MESSAGES = ("ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification")
DELETED_STATUSES = ("ResourceDeleted", "ResourceDeletedNotRecorded")


@dataclass(frozen=True, slots=True)
class Cause:
    """The event that changed a resource: recorded with the resource's new version."""

    eventId: str
    eventSource: str
    eventName: str
    eventTime: str | None = None
    principal: str | None = None
    sourceIPAddress: str | None = None
    origin: str = ""  # "file:line" the event was read from

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    def describe(self) -> str:
        who = self.principal or "unknown principal"
        service = self.eventSource.split(".")[0]
        return f"{service} {self.eventName} by {who} at {self.eventTime or '?'} (event {self.eventId})"


@dataclass(frozen=True, slots=True)
class Change:
    """One resource an event changed: ``ref`` is the id, name or ARN the event gives."""

    resource_type: str
    ref: str
    account: str
    region: str
    deleted: bool
    cause: Cause


@dataclass(slots=True)
class EventBatch:
    changes: list[Change] = field(default_factory=list)
    events: int = 0
    unknown: Counter[str] = field(default_factory=Counter)  # "source EventName" of events mapped to nothing
    skipped: Counter[str] = field(default_factory=Counter)  # why a known event changed nothing

    def add(self, other: EventBatch) -> None:
        self.changes.extend(other.changes)
        self.events += other.events
        self.unknown.update(other.unknown)
        self.skipped.update(other.skipped)


def _principal(identity: Any) -> str | None:
    if not isinstance(identity, dict):
        return None
    for key in ("arn", "principalId", "invokedBy"):
        if isinstance(identity.get(key), str) and identity[key]:
            return str(identity[key])
    return str(identity["type"]) if isinstance(identity.get("type"), str) else None


def _cloudtrail(record: dict[str, Any], origin: str, batch: EventBatch, known: set[str] | None) -> None:
    source, name = str(record.get("eventSource") or ""), str(record.get("eventName") or "")
    if record.get("errorCode"):
        batch.skipped["failed call (errorCode)"] += 1
        return
    if record.get("readOnly") is True:
        batch.skipped["read-only call"] += 1
        return
    account = str(record.get("recipientAccountId") or (record.get("userIdentity") or {}).get("accountId") or "")
    region = str(record.get("awsRegion") or "")
    cause = Cause(
        eventId=str(record.get("eventID") or ""),
        eventSource=source,
        eventName=name,
        eventTime=record.get("eventTime"),
        principal=_principal(record.get("userIdentity")),
        sourceIPAddress=record.get("sourceIPAddress"),
        origin=origin,
    )
    entries = match(source, name)
    found: list[Change] = []
    for target in (t for e in entries for t in e.targets):
        if target.resource_type == ACCOUNT:
            found.append(Change(ACCOUNT, account, account, region, False, cause))
            continue
        for path in target.paths:
            refs = values_at(record, path)
            if refs:
                found.extend(Change(target.resource_type, r, account, region, target.deleted, cause) for r in refs)
                break
    if not entries:
        # derived: the record's own resources list names ARNs and Config types
        for resource in record.get("resources") or []:
            arn, kind = (resource.get("ARN"), resource.get("type")) if isinstance(resource, dict) else (None, None)
            if isinstance(arn, str) and isinstance(kind, str) and (known is None or kind in known):
                found.append(Change(kind, arn, account, region, name.startswith("Delete"), cause))
    if found:
        batch.changes.extend(found)
    elif entries:
        batch.skipped[f"{source} {name}: no resource id in the record"] += 1
    else:
        batch.unknown[f"{source} {name}"] += 1


def _config(message: dict[str, Any], event: dict[str, Any], origin: str, batch: EventBatch) -> None:
    item = message.get("configurationItem") or message.get("configurationItemSummary") or {}
    resource_type, resource_id = item.get("resourceType"), item.get("resourceId")
    if not isinstance(resource_type, str) or not isinstance(resource_id, str):
        batch.skipped["Config notification without resourceType/resourceId"] += 1
        return
    cause = Cause(
        eventId=str(event.get("id") or item.get("configurationStateId") or ""),
        eventSource="config.amazonaws.com",
        eventName=str(message.get("messageType") or "ConfigurationItemChangeNotification"),
        eventTime=item.get("configurationItemCaptureTime") or message.get("notificationCreationTime"),
        origin=origin,
    )
    batch.changes.append(
        Change(
            resource_type,
            str(item.get("ARN") or item.get("arn") or resource_id),
            str(item.get("awsAccountId") or item.get("accountId") or event.get("account") or ""),
            str(item.get("awsRegion") or event.get("region") or ""),
            item.get("configurationItemStatus") in DELETED_STATUSES,
            cause,
        )
    )


def resolve(records: Iterable[EventRecord], known_types: set[str] | None = None) -> EventBatch:
    """The changes ``records`` make to resources of ``known_types`` (None: any type)."""
    batch = EventBatch()
    for record in records:
        batch.events += 1
        data = record.data
        detail_type = data.get("detail-type")
        if detail_type is not None:  # an EventBridge event
            detail = data.get("detail") or {}
            if detail_type == CLOUDTRAIL_DETAIL or "eventSource" in detail:
                _cloudtrail(detail, record.origin, batch, known_types)
            elif detail_type == CONFIG_DETAIL or detail.get("messageType") in CONFIG_MESSAGES:
                _config(detail, data, record.origin, batch)
            else:
                batch.unknown[f"EventBridge {detail_type}"] += 1
        elif data.get("messageType") in CONFIG_MESSAGES:
            _config(data, data, record.origin, batch)
        else:
            _cloudtrail(data, record.origin, batch, known_types)
    if known_types is not None:
        kept = [c for c in batch.changes if c.resource_type in known_types]
        for change in batch.changes:
            if change.resource_type not in known_types:
                batch.skipped[f"{change.resource_type}: not collected"] += 1
        batch.changes = kept
    return batch


def resolve_files(paths: Sequence[str], known_types: set[str] | None = None) -> EventBatch:
    """:func:`resolve` over every record of the event files ``paths`` (bad input: InputError)."""
    batch = EventBatch()
    for path in paths:
        batch.add(resolve(load_events(path), known_types))
    return batch
