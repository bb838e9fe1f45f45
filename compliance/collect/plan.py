"""Collection planned from what the selected rules read.

Every collector declares its calls (:class:`Call`): the API operation, its IAM action, the
resource types whose items it finds (a list or describe call), the property paths it fills per
resource type, whether it runs once per region or once per resource, and the error codes that
mean "not configured". :func:`plan` turns the selected rules' read declarations
(:mod:`compliance.reads`) into the calls to make: a collector none of whose types is read is not
run, a detail call none of whose paths is read is not made. With no rule selection, everything
is read.

A path a call would have filled but the plan left out is listed in the snapshot's
``propertiesNotRecorded``, so a rule evaluated later on that snapshot reports INSUFFICIENT_DATA
instead of reading the absence as "off".

The same declarations give the least-privilege policy of a scan (:func:`Plan.actions`) and the
request estimate :func:`estimate` prints for ``--plan``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from compliance.model import ACCOUNT_RESOURCE_TYPE
from compliance.reads import Reads, overlaps

if TYPE_CHECKING:
    from compliance.collect.base import Collector

WHOLE = ("configuration", "supplementaryConfiguration", "tags", "relationships")


@dataclass(frozen=True, slots=True)
class Call:
    """One API operation a collector makes, and what it produces."""

    api: str  # the operation as AWS names it: "GetBucketVersioning"
    action: str | None  # the IAM action that authorises it; None when none is needed
    fills: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # resource type -> paths
    lists: tuple[str, ...] = ()  # resource types whose items this call finds
    per: Literal["region", "resource"] = "region"  # "resource": one request per item found
    not_configured: tuple[str, ...] = ()  # error codes meaning "nothing configured" (data, not failure)

    def needed(self, reads: Reads) -> bool:
        if any(t in reads for t in self.lists):
            return True
        return any(
            overlaps(declared, filled)
            for resource_type, paths in self.fills.items()
            for declared in reads.get(resource_type, ())
            for filled in paths
        )


def calls_from_permissions(collector: Collector) -> tuple[Call, ...]:
    """The declaration of a collector that only lists its IAM actions: each action may produce
    anything of every type it collects (so any read of them runs the whole collector)."""
    types = tuple(t for t in collector.resource_types if t != ACCOUNT_RESOURCE_TYPE)
    fills = {t: WHOLE for t in types}
    if ACCOUNT_RESOURCE_TYPE in collector.resource_types:
        fills[ACCOUNT_RESOURCE_TYPE] = tuple(f"configuration.{k}" for k in collector.account_settings) or (
            "configuration",
        )
    return tuple(Call(a.split(":", 1)[-1], a, fills, lists=types) for a in collector.permissions)


@dataclass(slots=True)
class Plan:
    """The calls a collection makes: per collector, the API operations (None: all of them)."""

    calls: dict[str, frozenset[str] | None]
    collectors: dict[str, Collector]
    # resource type -> paths some collector would fill but the plan does not read
    not_recorded: dict[str, list[str]] = field(default_factory=dict)

    def selected(self) -> list[Collector]:
        return [self.collectors[name] for name in self.calls]

    def planned_calls(self, collector: Collector) -> list[Call]:
        wanted = self.calls.get(collector.name)
        return [c for c in collector.calls if wanted is None or c.api in wanted]

    def actions(self, lookups: Iterable[Lookup] = ()) -> list[str]:
        """Every IAM action the planned calls need, and the one-resource reads of ``lookups``."""
        found = {c.action for col in self.selected() for c in self.planned_calls(col) if c.action}
        for lookup in lookups:
            for reader in [c for c in self.selected() if lookup.resource_type in c.resource_types and c.read_one]:
                detail = plan([reader], {lookup.resource_type: lookup.paths})
                found |= {c.action for c in detail.planned_calls(reader) if c.action}
                found |= {c.action for c in reader.calls if c.action and not c.fills}  # its locating call
        return sorted(found)


def plan(collectors: Iterable[Collector], reads: Reads | None) -> Plan:
    """The calls that give ``reads`` (None: everything every collector reads)."""
    collectors = {c.name: c for c in collectors}
    if reads is None:
        return Plan({name: None for name in sorted(collectors)}, collectors)
    calls: dict[str, frozenset[str] | None] = {}
    not_recorded: dict[str, dict[str, None]] = {}
    for name, collector in sorted(collectors.items()):
        chosen = [c for c in collector.calls if c.needed(reads)]
        if not chosen:
            continue
        # a detail call needs the calls that find the items it details
        for call in list(chosen):
            for other in collector.calls:
                if other not in chosen and set(other.lists) & set(call.fills):
                    chosen.append(other)
        apis = frozenset(c.api for c in chosen)
        calls[name] = None if len(apis) == len({c.api for c in collector.calls}) else apis
        filled = {(t, p) for c in chosen for t, ps in c.fills.items() for p in ps}
        for call in collector.calls:
            if call.api in apis:
                continue
            for resource_type, paths in call.fills.items():
                for path in paths:
                    if (resource_type, path) not in filled and path not in WHOLE:
                        not_recorded.setdefault(resource_type, {})[path] = None
    return Plan(calls, collectors, {t: sorted(p) for t, p in sorted(not_recorded.items())})


@dataclass(frozen=True, slots=True)
class Lookup:
    """Paths of ``resource_type`` read only on the items named at ``via_path`` of ``via_types`` items."""

    resource_type: str
    paths: tuple[str, ...]
    via_types: tuple[str, ...]
    via_path: str


class Needs(dict):
    """What rules read (``{type: paths}``), plus the paths read only on looked-up items."""

    lookups: tuple[Lookup, ...] = ()


def rule_reads(rules: Iterable[object]) -> Needs:
    """The union of the read declarations of rules (or configured rules); a rule that declares
    nothing reads its resource types whole. Paths a rule reads only on the items it looks up
    (``looks_up``) go to ``lookups``, unless another rule reads them on every item."""
    from compliance.reads import merge

    direct: list[Reads] = []
    looked: list[tuple[Any, str, tuple[str, ...]]] = []
    for configured in rules:
        rule: Any = getattr(configured, "rule", configured)
        if rule.reads is None:
            direct.append({t: WHOLE for t in rule.resource_types})
            continue
        own = {t: p for t, p in rule.reads.items() if t not in rule.looks_up}
        own.update({t: () for t in rule.looks_up})  # the looked-up items themselves are listed
        direct.append(own)
        looked.extend((rule, t, rule.reads[t]) for t in rule.looks_up)
    needs = Needs(merge(direct) or {})
    lookups = []
    for rule, resource_type, paths in looked:
        rest = tuple(p for p in paths if not any(overlaps(p, d) for d in needs.get(resource_type, ())))
        if rest:
            types = tuple(t for t in rule.resource_types if t != ACCOUNT_RESOURCE_TYPE)
            lookups.append(Lookup(resource_type, rest, types, rule.looks_up[resource_type]))
    needs.lookups = tuple(dict.fromkeys(lookups))
    return needs


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
        calls["(one-resource lookup)"] = len(names)  # the read's own locating call (GetBucketLocation)
        out.append(PlannedUnit(f"{readers[0].name} (looked up)", "-", calls, {lookup.resource_type: len(names)}))
    return out
