"""Planned infrastructure as a source: CloudFormation templates and ``terraform show -json`` plans
become configuration items in AWS Config's shape, so the same rules run before anything exists.

A value known only at apply time (Terraform's ``after_unknown``, ``!GetAtt``, ``!Ref`` to a
parameter without a default) is never guessed: the item lists its path in the snapshot's
``unknownProperties`` and a rule reading that path reports INSUFFICIENT_DATA.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from compliance.errors import InputError
from compliance.model import Snapshot
from compliance.planned.cloudformation import load_template
from compliance.planned.items import PlannedItem
from compliance.planned.terraform import load_plan
from compliance.yamlio import parse_json, read_text

__all__ = ["PlannedItem", "load_planned", "parse_parameters"]


def parse_parameters(values: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` pairs (``--parameter``)."""
    out: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise InputError(f"--parameter {value!r}: expected KEY=VALUE")
        out[key] = rest
    return out


def load_planned(paths: Sequence[str], parameters: Mapping[str, str] | None = None) -> Snapshot:
    """One snapshot of every planned item in ``paths`` (templates and plans may be mixed)."""
    items: list[PlannedItem] = []
    for path in paths:
        text = read_text(path)
        stripped = text.lstrip()
        if stripped.startswith("{"):
            data = parse_json(text.encode(), str(path))
            if isinstance(data, dict) and ("planned_values" in data or "resource_changes" in data):
                items += load_plan(data, str(path))
                continue
            items += load_template(text, str(path), dict(parameters or {}), is_json=True)
        else:
            items += load_template(text, str(path), dict(parameters or {}), is_json=False)
    snapshot = Snapshot(
        configurationItems=[p.item for p in items],
        source="planned",
        resourceTypesCollected=sorted({p.item.resourceType for p in items}),
    )
    snapshot.unknownProperties = {p.item.resourceId: sorted(p.unknown) for p in items if p.unknown}
    snapshot.locations = {p.item.resourceId: p.location for p in items}
    return snapshot


def display_name(path: str) -> str:
    return Path(path).name
