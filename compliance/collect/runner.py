"""Run collectors over (collector, region) units on a bounded thread pool and build the snapshot.

* A regional collector runs once per selected region; a global one (``is_global``) once,
  through the partition's global region (us-east-1 in ``aws``).
* An exception escaping a collector becomes a :class:`CollectionError` for every resource type
  it declares (service, region, the last API it called, code and message): AccessDenied,
  throttling that outlasted the retries, an endpoint that does not exist in the region, a
  timeout, or a bug. The other units go on.
* A requested region the account has not enabled is not called: each regional collector gets
  a collection error for it.
* Account-wide settings contributed by collectors (:meth:`CollectContext.account_setting`) are
  merged into ``AWS::::Account`` items: one with ``awsRegion`` "global", one per region that
  received a regional setting.
* Given ``reads`` (what the selected rules read), only the planned calls are made
  (:mod:`compliance.collect.plan`); without, every collector reads everything.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from botocore.exceptions import (
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    UnknownEndpointError,
)

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.plan import Plan, plan
from compliance.collect.session import AwsSession
from compliance.errors import InputError, error_code_and_message
from compliance.model import ACCOUNT_RESOURCE_TYPE, CollectionError, ConfigurationItem, Snapshot, get_path
from compliance.reads import Reads
from compliance.snapshot import new_snapshot
from compliance.suggest import did_you_mean

DEFAULT_WORKERS = min(16, 4 * (os.cpu_count() or 1))


class ProgressListener(Protocol):
    def started(self, total_units: int) -> None: ...

    def unit_done(self, collector: str, region: str, items: int, errors: int) -> None: ...


@dataclass(slots=True)
class UnitResult:
    collector: Collector
    region: str
    items: list[ConfigurationItem] = field(default_factory=list)
    errors: list[CollectionError] = field(default_factory=list)
    account_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0


def select_collectors(collectors: Iterable[Collector], services: Sequence[str] | None) -> list[Collector]:
    """The collectors named by ``--services`` (all when empty); an unknown name is an InputError.

    A service name also selects its companion collectors named ``<service>-<part>``
    (``s3`` selects ``s3`` and ``s3-account``).
    """
    available = {c.name: c for c in collectors}
    if not services:
        return sorted(available.values(), key=lambda c: c.name)
    selected: dict[str, Collector] = {}
    for service in services:
        matches = [c for n, c in sorted(available.items()) if n == service or n.startswith(f"{service}-")]
        if not matches:
            hint = did_you_mean(service, available)
            raise InputError(f"--services: unknown service {service!r}{hint} (known: {', '.join(sorted(available))})")
        selected.update((c.name, c) for c in matches)
    return list(selected.values())


def describe_failure(exc: BaseException) -> tuple[str, str]:
    """(errorCode, message) for an exception escaping a collector, worded for the user."""
    if isinstance(exc, EndpointConnectionError | UnknownEndpointError):
        return "EndpointConnectionError", f"{error_code_and_message(exc)[1]} (is the service offered in this region?)"
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError):
        return type(exc).__name__, error_code_and_message(exc)[1]
    return error_code_and_message(exc)


def run_collectors(
    session: AwsSession,
    collectors: Iterable[Collector],
    *,
    regions: Sequence[str] | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: ProgressListener | None = None,
    unit_results: list[UnitResult] | None = None,
    reads: Reads | None = None,
    calls: dict[str, frozenset[str] | None] | None = None,
) -> Snapshot:
    """Collect the account ``session`` reads with ``collectors`` and return the snapshot.

    ``reads``: what the selected rules read (:func:`compliance.collect.plan.rule_reads`); only
    the calls that fill it are made. None: everything. ``unit_results``, when given, receives
    each unit's result (items, errors, duration). ``calls`` overrides the plan's calls per
    collector (the listing-only run of ``--plan``).
    """
    if workers < 1:
        raise InputError("--workers: must be at least 1")
    planned = plan(collectors, reads)
    if calls is not None:
        planned.calls.update((name, apis) for name, apis in calls.items() if name in planned.calls)
    collectors = planned.selected()
    account_id = session.account_id
    selection = session.select_regions(regions)
    capture_time = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    errors: list[CollectionError] = []
    units: list[tuple[Collector, str]] = []
    for collector in collectors:
        if collector.is_global:
            units.append((collector, session.global_region))
            continue
        units.extend((collector, region) for region in selection.regions)
        for region, reason in selection.skipped.items():
            errors.append(
                CollectionError(
                    service=collector.name,
                    api="DescribeRegions",
                    errorCode="RegionNotEnabled",
                    message=reason,
                    region=region,
                    accountId=account_id,
                    resourceTypes=list(collector.resource_types),
                )
            )

    fanout = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="collect-fanout")

    def run_unit(collector: Collector, region: str) -> UnitResult:
        label = collector.name

        def mapper(fn: Callable[[Any], Any], values: Iterable[Any]) -> Iterable[Any]:
            def labelled(value: Any) -> Any:
                session.recorder.begin_unit(label)
                try:
                    return fn(value)
                finally:
                    session.recorder.end_unit()

            return fanout.map(labelled, values)

        ctx = CollectContext(
            session=session.boto_session,
            account_id=account_id,
            region=region,
            capture_time=capture_time,
            partition=session.partition,
            client_factory=session.client,
            mapper=mapper,
            plan=planned.calls[collector.name],
        )
        result = UnitResult(collector, region)
        started = time.perf_counter()
        session.recorder.begin_unit(label)
        try:
            for item in collector.collect(ctx):
                result.items.append(item)
        except Exception as exc:
            code, message = describe_failure(exc)
            ctx.errors.append(
                CollectionError(
                    service=collector.name,
                    api=session.recorder.last_operation or "collect",
                    errorCode=code,
                    message=message,
                    region=GLOBAL_REGION if collector.is_global else region,
                    accountId=account_id,
                    resourceTypes=list(collector.resource_types),
                )
            )
        finally:
            session.recorder.end_unit()
        result.seconds = time.perf_counter() - started
        result.errors = list(ctx.errors)
        result.account_settings = ctx.account_settings
        return result

    results: list[UnitResult] = []
    if progress is not None:
        progress.started(len(units))
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="collect") as pool:
            pending: set[Future[UnitResult]] = {pool.submit(run_unit, c, r) for c, r in units}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    results.append(result)
                    if progress is not None:
                        where = GLOBAL_REGION if result.collector.is_global else result.region
                        progress.unit_done(result.collector.name, where, len(result.items), len(result.errors))
    finally:
        fanout.shutdown(wait=True)

    if unit_results is not None:
        unit_results.extend(results)
    items: list[ConfigurationItem] = []
    for result in results:
        items.extend(result.items)
        errors.extend(result.errors)
    lookups = getattr(reads, "lookups", ())
    if lookups:
        errors.extend(_read_looked_up(session, planned, lookups, items, capture_time))
    account_items, merge_errors = _account_items(results, account_id, capture_time)
    items.extend(account_items)
    errors.extend(merge_errors)
    items.sort(key=lambda i: (i.resourceType, i.awsRegion, i.resourceId))
    errors.sort(key=lambda e: (e.service, e.region, e.api, e.resourceId or ""))
    types = collected_types(planned)
    if account_items:
        types.add(ACCOUNT_RESOURCE_TYPE)
    not_recorded: dict[str, list[str]] = {t: list(p) for t, p in planned.not_recorded.items()}
    for collector in collectors:
        for resource_type, paths in collector.not_recorded.items():
            not_recorded.setdefault(resource_type, []).extend(paths)
    return new_snapshot(
        items,
        accountIds=[account_id],
        regions=list(selection.regions),
        captureTime=capture_time,
        resourceTypesCollected=sorted(types),
        collectionErrors=errors,
        propertiesNotRecorded={t: sorted(set(p)) for t, p in sorted(not_recorded.items())},
    )


def _read_looked_up(
    session: AwsSession, planned: Plan, lookups: Iterable[Any], items: list[ConfigurationItem], capture_time: str
) -> list[CollectionError]:
    """Second pass: the paths rules read only on looked-up items (a trail's bucket), read for
    those items alone with the collector's one-resource read and merged into them."""
    errors: list[CollectionError] = []
    for lookup in lookups:
        names = {str(v) for i in items if i.resourceType in lookup.via_types if (v := get_path(i, lookup.via_path))}
        targets = [
            i
            for i in items
            if i.resourceType == lookup.resource_type and names & {i.resourceId, i.resourceName, i.arn}
        ]
        readers = [c for c in planned.selected() if lookup.resource_type in c.resource_types and c.read_one]
        if not targets or not readers:
            continue
        collector = readers[0]
        detail = plan([collector], {lookup.resource_type: lookup.paths})
        apis = frozenset(detail.calls.get(collector.name) or ()) | (planned.calls.get(collector.name) or frozenset())
        for target in targets:
            ctx = CollectContext(
                session=session.boto_session,
                account_id=target.accountId,
                region=target.awsRegion,
                capture_time=capture_time,
                partition=session.partition,
                client_factory=session.client,
                plan=apis - {c.api for c in collector.calls if c.lists} - _already_read(target, collector),
            )
            session.recorder.begin_unit(collector.name)
            try:
                fresh = collector.read_one(ctx, target.arn or target.resourceId)
            finally:
                session.recorder.end_unit()
            errors.extend(ctx.errors)
            if fresh is not None:
                target.configuration.update(fresh.configuration)
                target.supplementaryConfiguration.update(fresh.supplementaryConfiguration)
                target.configurationItemMD5Hash = target.compute_hash()
                target.configurationStateId = target.configurationItemMD5Hash[:16]
    return errors


def _already_read(item: ConfigurationItem, collector: Collector) -> set[str]:
    """The detail calls whose paths ``item`` already holds (made in the first pass)."""
    held = {f"supplementaryConfiguration.{k}" for k in item.supplementaryConfiguration}
    held |= {f"configuration.{k}" for k in item.configuration}
    return {
        c.api
        for c in collector.calls
        if c.per == "resource" and all(p in held for paths in c.fills.values() for p in paths)
    }


def collected_types(planned: Plan) -> set[str]:
    """The types a planned collection can say "these are all of them" about: those a planned call
    lists (or fills, for types no call lists, like the account item)."""
    types: set[str] = set()
    for collector in planned.selected():
        if planned.calls[collector.name] is None:
            types.update(collector.resource_types)
            continue
        calls = planned.planned_calls(collector)
        listed = {t for c in collector.calls for t in c.lists}
        types.update(t for c in calls for t in c.lists)
        types.update(t for c in calls for t in c.fills if t not in listed and t in collector.resource_types)
    return types


def _account_items(
    results: list[UnitResult], account_id: str, capture_time: str
) -> tuple[list[ConfigurationItem], list[CollectionError]]:
    """One AWS::::Account item per scope ("global" or a region) from every unit's contributions."""
    merged: dict[str, dict[str, Any]] = {}
    errors: list[CollectionError] = []
    for result in sorted(results, key=lambda r: (r.collector.name, r.region)):
        for scope, settings in result.account_settings.items():
            target = merged.setdefault(scope, {})
            for key, value in settings.items():
                if key in target:
                    errors.append(
                        CollectionError(
                            service=result.collector.name,
                            api="account_setting",
                            errorCode="DuplicateAccountSetting",
                            message=f"account setting {key!r} contributed by two collectors; the first was kept",
                            region=scope,
                            accountId=account_id,
                            resourceTypes=[ACCOUNT_RESOURCE_TYPE],
                        )
                    )
                    continue
                target[key] = value
    items = []
    for scope in sorted(merged):
        ctx = CollectContext(session=None, account_id=account_id, region=scope, capture_time=capture_time)
        items.append(
            ctx.item(
                ACCOUNT_RESOURCE_TYPE,
                account_id,
                {"accountId": account_id, **dict(sorted(merged[scope].items()))},
                name=account_id,
            )
        )
    return items, errors
