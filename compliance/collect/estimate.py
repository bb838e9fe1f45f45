"""``--plan``: the planned calls per (collector, region) and the requests they would make,
estimated from what the list calls find (those list calls are made; nothing else is)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from compliance.collect.base import Collector
from compliance.collect.plan import plan
from compliance.reads import Reads


@dataclass(slots=True)
class PlannedUnit:
    """One (collector, region) of a plan, with what its list calls found."""

    collector: str
    region: str
    calls: dict[str, int]  # API -> requests (per-resource calls: one per item found)
    found: dict[str, int]  # resource type -> items the list calls found
    whole: bool = False  # a collector without call declarations: run whole, each call counted once

    @property
    def requests(self) -> int:
        return sum(self.calls.values())


def estimate(
    session: Any, collectors: Iterable[Collector], reads: Reads | None, regions: Any = None
) -> list[PlannedUnit]:
    """The planned calls per (collector, region) and the requests they would make, from the
    items the list calls find (those list calls are made; nothing else is)."""
    from compliance.collect.runner import run_collectors

    planned = plan(collectors, reads)
    listing = {}
    for collector in planned.selected():
        listers = [c for c in planned.planned_calls(collector) if c.lists and c.per == "region"]
        listing[collector.name] = frozenset(c.api for c in listers) if listers else None
    units: list[Any] = []
    run_collectors(session, planned.selected(), regions=regions, unit_results=units, calls=listing)
    out = []
    for unit in sorted(units, key=lambda u: (u.collector.name, u.region)):
        found: dict[str, int] = {}
        for item in unit.items:
            found[item.resourceType] = found.get(item.resourceType, 0) + 1
        calls = {}
        listed = {t for c in unit.collector.calls for t in c.lists}
        for call in planned.planned_calls(unit.collector):
            if call.per == "resource":
                calls[call.api] = sum(found.get(t, 0) for t in call.fills)
            elif call.lists or not unit.collector.declared or not set(call.fills) <= listed:
                calls[call.api] = 1
            else:  # a regional detail call (tags of every bucket) is made only when something was found
                calls[call.api] = int(any(found.get(t) for t in call.fills))
        out.append(PlannedUnit(unit.collector.name, unit.region, calls, found, not unit.collector.declared))
    items = [i for u in units for i in u.items]
    for lookup in getattr(reads, "lookups", ()):
        from compliance.model import get_path

        names = {str(v) for i in items if i.resourceType in lookup.via_types if (v := get_path(i, lookup.via_path))}
        readers = [c for c in planned.selected() if lookup.resource_type in c.resource_types and c.read_one]
        if not readers:
            continue
        detail = plan(readers[:1], {lookup.resource_type: lookup.paths})
        calls = {api: len(names) for api in sorted(detail.calls.get(readers[0].name) or ())}
        calls = {api: n for api, n in calls.items() if api not in {c.api for c in readers[0].calls if c.lists}}
        calls["(one-resource lookup)"] = len(names)  # the read's own locating call (a bucket: ListBuckets by prefix)
        out.append(PlannedUnit(f"{readers[0].name} (looked up)", "-", calls, {lookup.resource_type: len(names)}))
    return out
