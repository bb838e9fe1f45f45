"""A change-triggered scan: from the changes events name to the items to record and evaluate.

:func:`read_changes` coalesces the changes (one read per resource, the latest event deciding
whether it was deleted), finds each resource in the latest recorded state (an event names a
user or a DB instance by name, Config keys them by id), re-reads the live ones with only their
own calls, and returns:

* ``snapshot``: the re-read items alone, what the history store records (``only`` the keys
  it speaks for: a key absent from it is recorded ``ResourceDeleted``);
* ``state``: the recorded state with those items replaced or removed, what the rules of the
  changed types (and the account rules those types feed) are evaluated over;
* ``causes``: per event, its id, principal, call and time and the resources it changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from compliance.collect.base import Collector
from compliance.collect.one import read_resources
from compliance.events import Change
from compliance.events.table import ACCOUNT
from compliance.model import ConfigurationItem, Snapshot
from compliance.snapshot import new_snapshot

ItemKey = tuple[str, str, str, str]


@dataclass(slots=True)
class ChangeRead:
    snapshot: Snapshot
    state: Snapshot
    only: set[ItemKey]
    causes: list[dict[str, Any]]
    types: set[str]
    reads: int = 0  # resources re-read
    deleted: list[ItemKey] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # named by an event, found neither live nor recorded
    not_reread: list[str] = field(default_factory=list)  # account settings: left to the periodic scan


def _key(item: ConfigurationItem) -> ItemKey:
    return (item.accountId, item.awsRegion, item.resourceType, item.resourceId)


def coalesce(changes: Iterable[Change]) -> dict[tuple[str, str, str], list[Change]]:
    """The changes per resource (account, type, ref), oldest event first: the last one decides."""
    grouped: dict[tuple[str, str, str], list[Change]] = defaultdict(list)
    for change in sorted(changes, key=lambda c: c.cause.eventTime or ""):  # stable: file order within a second
        grouped[(change.account, change.resource_type, change.ref)].append(change)
    return grouped


def _recorded(state: Snapshot) -> dict[tuple[str, str], ConfigurationItem]:
    """(type, id | ARN | name) -> recorded item."""
    found: dict[tuple[str, str], ConfigurationItem] = {}
    for item in state.configurationItems:
        for ref in (item.resourceName, item.arn, item.resourceId):  # the id wins over a shared name
            if ref:
                found[(item.resourceType, ref)] = item
    return found


def read_changes(
    session: Any,
    changes: Sequence[Change],
    collectors: Sequence[Collector],
    state: Snapshot | None,
    reads: Any = None,
) -> ChangeRead:
    recorded = _recorded(state) if state is not None else {}
    grouped = coalesce(changes)
    out = ChangeRead(Snapshot(), Snapshot(), set(), [], set())
    wanted: dict[tuple[str, str], list[tuple[str, list[Change], ConfigurationItem | None]]] = defaultdict(list)
    resolved: dict[tuple[str, str, str], ItemKey | None] = {}
    for (account, resource_type, ref), events in grouped.items():
        if resource_type == ACCOUNT:
            out.not_reread.append(f"{ACCOUNT} {ref} ({events[-1].cause.eventName})")
            continue
        before = recorded.get((resource_type, ref))
        resolved[(account, resource_type, ref)] = _key(before) if before is not None else None
        if events[-1].deleted:
            if before is not None:
                out.only.add(_key(before))
                out.deleted.append(_key(before))
                out.types.add(resource_type)
            else:
                out.missing.append(f"{resource_type} {ref} (deleted, never recorded)")
            continue
        read_as = (before.arn or before.resourceId) if before is not None else ref
        region = before.awsRegion if before is not None else events[-1].region
        wanted[(resource_type, region)].append((read_as, events, before))
    items: list[ConfigurationItem] = []
    errors: list[Any] = []
    for (resource_type, region), targets in sorted(wanted.items()):
        where = None if region in ("", "global") else region
        found = read_resources(
            session, [t[0] for t in targets], collectors, region=where, resource_type=resource_type, reads=reads
        )
        out.reads += len(targets)
        errors.extend(found.snapshot.collectionErrors)
        by_ref = {ref: item for item in found.snapshot.configurationItems for ref in (item.resourceId, item.arn)}
        for read_as, events, before in targets:
            item = by_ref.get(read_as) or next(
                (i for i in found.snapshot.configurationItems if read_as in (i.resourceName, i.resourceId, i.arn)), None
            )
            out.types.add(resource_type)
            if item is not None:
                items.append(item)
                out.only.add(_key(item))
                for change in events:
                    resolved[(change.account, change.resource_type, change.ref)] = _key(item)
            elif before is not None and not any(
                e.resourceId in (None, before.resourceId) for e in found.snapshot.collectionErrors
            ):
                out.only.add(_key(before))  # gone without a delete event we saw: recorded deleted
                out.deleted.append(_key(before))
            else:
                out.missing.append(f"{resource_type} {read_as}")
    out.causes = _causes(grouped, resolved)
    captured = next((i.configurationItemCaptureTime for i in items if i.configurationItemCaptureTime), None)
    meta: dict[str, Any] = {"captureTime": captured} if captured else {}
    out.snapshot = new_snapshot(
        items,
        accountIds=sorted({k[0] for k in out.only} | ({session.account_id} if session is not None else set())),
        regions=sorted({k[1] for k in out.only if k[1] not in ("", "global")}),
        resourceTypesCollected=sorted(out.types),
        collectionErrors=errors,
        source="change events",
        **meta,
    )
    out.state = _merged(state, items, out.only, errors, out.snapshot)
    return out


def _causes(
    grouped: dict[tuple[str, str, str], list[Change]], resolved: dict[tuple[str, str, str], ItemKey | None]
) -> list[dict[str, Any]]:
    by_event: dict[str, dict[str, Any]] = {}
    for key, events in grouped.items():
        where = resolved.get(key)
        if where is None:
            continue
        for change in events:
            cause = by_event.setdefault(
                change.cause.eventId or change.cause.origin, change.cause.to_dict() | {"resources": []}
            )
            resource = [*where, "deleted" if change.deleted else "changed"]
            if resource not in cause["resources"]:
                cause["resources"].append(resource)
    return list(by_event.values())


def _merged(
    state: Snapshot | None, items: list[ConfigurationItem], only: set[ItemKey], errors: list[Any], fresh: Snapshot
) -> Snapshot:
    if state is None:
        return replace(fresh)
    kept = [i for i in state.configurationItems if _key(i) not in only]
    return replace(
        state,
        configurationItems=kept + items,
        collectionErrors=[*state.collectionErrors, *errors],
        captureTime=fresh.captureTime,
        source="recorded state with the changed resources re-read",
    )


def scoped(evaluations: Iterable[Any], only: set[ItemKey], account_rules: set[str]) -> list[Any]:
    """The evaluations an incremental scan speaks for: those of the changed resources, and the
    account and region rules' (re-evaluated over the merged state)."""
    return [
        e
        for e in evaluations
        if e.configRuleName in account_rules or (e.accountId, e.awsRegion, e.resourceType, e.resourceId) in only
    ]
