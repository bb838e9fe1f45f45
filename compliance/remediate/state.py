"""The current state of what an action's rule reads: re-collected, merged into the scan's
snapshot, and the rule re-evaluated on it."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from compliance.evaluate import evaluate
from compliance.model import ACCOUNT_RESOURCE_TYPE, CollectionError, ConfigurationItem, Evaluation, Snapshot
from compliance.remediate.plan import Action, target_item
from compliance.remediate.recollect import GLOBAL_REGIONS, Recollected, Recollector
from compliance.rule import SnapshotView


def _region_of(action: Action) -> str:
    return action.evaluation.awsRegion or (action.item.awsRegion if action.item else "")


def _fresh_snapshot(snapshot: Snapshot, account_id: str, region: str, fresh: Recollected) -> Snapshot:
    """``snapshot`` with the re-collected types of this account (and region) replaced by fresh items.

    Account items are merged, not replaced: the collectors re-run contribute only their own
    settings, and the others keep their recorded values."""
    region = fresh.region or region

    def replaced(item: ConfigurationItem) -> bool:
        if item.accountId != account_id or item.resourceType not in fresh.types:
            return False
        return item.resourceType in fresh.global_types or item.awsRegion in (region, *GLOBAL_REGIONS)

    old_accounts = {i.key: i for i in snapshot.configurationItems if i.resourceType == ACCOUNT_RESOURCE_TYPE}
    items = [i for i in snapshot.configurationItems if i.resourceType == ACCOUNT_RESOURCE_TYPE or not replaced(i)]
    for item in fresh.items:
        if item.accountId != account_id:
            continue
        old = old_accounts.get(item.key)
        if old is None:
            items.append(item)
            continue
        merged = copy.deepcopy(old)
        merged.configuration.update(item.configuration)
        merged.configurationItemCaptureTime = item.configurationItemCaptureTime
        merged.configurationItemMD5Hash = merged.compute_hash()
        items[items.index(old)] = merged

    def superseded(error: CollectionError) -> bool:  # the same reads were just made again
        types = set(error.resourceTypes) & fresh.types
        if error.accountId != account_id or not types:
            return False
        return bool(types & fresh.global_types) or error.region in (region, *GLOBAL_REGIONS)

    errors = [e for e in snapshot.collectionErrors if not superseded(e)]
    return Snapshot(
        configurationItems=items,
        configSnapshotId=snapshot.configSnapshotId,
        accountIds=snapshot.accountIds,
        regions=snapshot.regions,
        captureTime=snapshot.captureTime,
        toolVersion=snapshot.toolVersion,
        source=snapshot.source,
        collectionErrors=errors + fresh.errors,
        resourceTypesCollected=snapshot.resourceTypesCollected,
    )


@dataclass(slots=True)
class Current:
    snapshot: Snapshot | None
    evaluation: Evaluation | None
    item: ConfigurationItem | None
    reason: str = ""


def _regions_to_recollect(action: Action, snapshot: Snapshot, types: set[str]) -> list[str]:
    """The evaluation's region; for an account-wide evaluation, every region holding items the
    rule reads (a trail lives in its home region), or the global one."""
    region = _region_of(action)
    if region not in GLOBAL_REGIONS:
        return [region]
    regions = {
        i.awsRegion
        for i in snapshot.configurationItems
        if i.accountId == action.evaluation.accountId
        and i.resourceType in types
        and i.resourceType != ACCOUNT_RESOURCE_TYPE
        and i.awsRegion not in GLOBAL_REGIONS
    }
    return sorted(regions) or [region]


class FreshCache:
    """The last re-collection, reused by the next action reading the same things while nothing
    was applied in between (a verification doubles as the next action's pre-check)."""

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.fresh: list[tuple[str, Recollected]] = []

    def clear(self) -> None:
        self.key, self.fresh = None, []


def _covering_error(action: Action, fresh: Recollected) -> str | None:
    """Why the resource could not be re-read, when a collection error covers it."""
    e = action.evaluation
    for error in fresh.errors:
        if e.resourceType in error.resourceTypes and error.resourceId in (None, e.resourceId, e.arn):
            return f"re-collection failed: {error.service} {error.api} {error.errorCode}: {error.message}"
    return None


def _one_resource(action: Action, snapshot: Snapshot, recollector: Any) -> Snapshot | Current | None:
    """``snapshot`` with the action's resource read again on its own, when its rule reads nothing
    but that resource (and account settings) and a collector can read one resource; None otherwise."""
    rule, evaluation = action.configured.rule, action.evaluation
    reads = rule.reads or {}
    own = evaluation.resourceType
    if (
        rule.scope != "resource"
        or own not in rule.resource_types
        or rule.reads is None
        or set(reads) - {own, ACCOUNT_RESOURCE_TYPE}
        or not hasattr(recollector, "recollect_resource")
    ):
        return None
    # the whole resource (every call of its own), so the re-planned action sees all of it
    fresh = recollector.recollect_resource(_region_of(action), own, evaluation.arn or evaluation.resourceId)
    if fresh is None:
        return None
    failed = _covering_error(action, fresh)
    if failed is not None:
        return Current(None, None, None, failed)
    key = evaluation.resource_key
    items = [i for i in snapshot.configurationItems if i.resourceType != own or _evaluation_key(i) != key]
    items += [i for i in fresh.items if i.accountId == evaluation.accountId]
    return Snapshot(
        configurationItems=items,
        configSnapshotId=snapshot.configSnapshotId,
        accountIds=snapshot.accountIds,
        regions=snapshot.regions,
        captureTime=snapshot.captureTime,
        toolVersion=snapshot.toolVersion,
        source=snapshot.source,
        collectionErrors=snapshot.collectionErrors + fresh.errors,
        resourceTypesCollected=snapshot.resourceTypesCollected,
        propertiesNotRecorded=snapshot.propertiesNotRecorded,
    )


def _evaluation_key(item: ConfigurationItem) -> Any:
    return (item.accountId, item.awsRegion, item.resourceType, item.resourceId)


def _evaluated(action: Action, new_snapshot: Snapshot) -> Current:
    result = evaluate(new_snapshot, [action.configured])
    key = action.evaluation.resource_key
    evaluation = next((e for e in result.evaluations if e.resource_key == key), None)
    view = SnapshotView(i for i in new_snapshot.configurationItems if i.accountId == action.evaluation.accountId)
    by_key = {i.key: i for i in new_snapshot.configurationItems}
    item = target_item(action.evaluation, view, by_key)
    return Current(new_snapshot, evaluation, item)


def current_state(
    action: Action, snapshot: Snapshot, recollector: Recollector | None, cache: FreshCache | None = None
) -> Current:
    """Re-collect what the action's rule reads and re-evaluate the rule on it: the one resource,
    read on its own, when the rule reads nothing else; else the rule's types in its region."""
    if recollector is None:
        return Current(None, None, None, "no collector available to re-collect the resource")
    one = _one_resource(action, snapshot, recollector)
    if isinstance(one, Current):
        return one
    if one is not None:
        if cache is not None:
            cache.clear()
        return _evaluated(action, one)
    types = set(action.configured.rule.resource_types)
    if action.evaluation.resourceType != ACCOUNT_RESOURCE_TYPE or not types:
        types.add(action.evaluation.resourceType)
    account = action.evaluation.accountId
    services = action.remediation.services if action.remediation else ()
    regions = _regions_to_recollect(action, snapshot, types)
    key = (account, tuple(regions), frozenset(types), tuple(services))
    if cache is not None and cache.key == key:
        fresh_by_region = cache.fresh
    else:
        fresh_by_region = [(r, recollector.recollect(account, r, sorted(types), services)) for r in regions]
        if cache is not None:
            cache.key, cache.fresh = key, fresh_by_region
    new_snapshot = snapshot
    for region, fresh in fresh_by_region:
        if fresh.missing:
            return Current(None, None, None, f"no collector for {sorted(fresh.missing)[0]}")
        failed = _covering_error(action, fresh)
        if failed is not None:
            return Current(None, None, None, failed)
        new_snapshot = _fresh_snapshot(new_snapshot, account, region, fresh)
    return _evaluated(action, new_snapshot)


def changed(action: Action, current: Current) -> bool:
    old = action.item
    new = current.item
    return old is None or new is None or old.compute_hash() != new.compute_hash()
