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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compliance.collect.base import WHOLE, Call, calls_from_permissions
from compliance.model import ACCOUNT_RESOURCE_TYPE
from compliance.reads import Reads, overlaps

if TYPE_CHECKING:
    from compliance.collect.base import Collector

__all__ = ["WHOLE", "Call", "Lookup", "Needs", "Plan", "calls_from_permissions", "plan", "rule_reads"]


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
