"""Athena workgroups in AWS Config's spelling (``AWS::Athena::WorkGroup``, resource id the workgroup name, ``Name``,
``State``, ``Description``, ``CreationTime``, ``WorkGroupConfiguration``). ListWorkGroups names the workgroups (it
pages with NextToken and botocore has no paginator for it; the ``primary`` workgroup exists in every region);
GetWorkGroup per workgroup gives its configuration (result location and encryption, CloudWatch metrics
publishing, engine version), which Config records as ``WorkGroupConfiguration``. A workgroup whose configuration
could not be read has none recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, jsonable
from compliance.model import ConfigurationItem

WORKGROUP = "AWS::Athena::WorkGroup"
TYPES = (WORKGROUP,)
LISTED = ("Name", "State", "Description", "CreationTime")
CALLS = (
    Call("ListWorkGroups", "athena:ListWorkGroups", {WORKGROUP: ("configuration",)}, lists=TYPES),
    Call("GetWorkGroup", "athena:GetWorkGroup", {WORKGROUP: ("configuration.WorkGroupConfiguration",)},
         per="resource"),
)  # fmt: skip


def _listed(ctx: CollectContext, athena: Any) -> list[dict[str, Any]] | None:
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = call(ctx, "athena", "ListWorkGroups", athena.list_work_groups, TYPES,
                    **({"NextToken": token} if token else {}))  # fmt: skip
        if page is None:
            return None
        found.extend(page.get("WorkGroups") or [])
        token = page.get("NextToken")
        if not token:
            return found


def _item(ctx: CollectContext, athena: Any, entry: dict[str, Any], read: dict[str, Any] | None) -> ConfigurationItem:
    name = entry["Name"]
    configuration: dict[str, Any] = {k: entry[k] for k in LISTED if k in entry}
    if read is None and ctx.wants("GetWorkGroup"):
        read = call(ctx, "athena", "GetWorkGroup", athena.get_work_group, TYPES, resource_id=name, WorkGroup=name)
    settings = ((read or {}).get("WorkGroup") or {}).get("Configuration")
    if isinstance(settings, dict):
        configuration["WorkGroupConfiguration"] = settings
    arn = f"arn:{ctx.partition}:athena:{ctx.region}:{ctx.account_id}:workgroup/{name}"
    return ctx.item(WORKGROUP, name, jsonable(configuration), arn=arn, name=name)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    athena = ctx.client("athena")
    yield from ctx.map(lambda entry: _item(ctx, athena, entry, None), _listed(ctx, athena) or [])


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    name = id_or_arn.rsplit(":workgroup/", 1)[-1]
    athena = ctx.client("athena")
    read = call(ctx, "athena", "GetWorkGroup", athena.get_work_group, TYPES, resource_id=name,
                absent=("InvalidRequestException",), WorkGroup=name)  # fmt: skip
    group = (read or {}).get("WorkGroup")
    return _item(ctx, athena, group, read) if group and group.get("Name") else None


COLLECTORS = [
    Collector(
        name="athena",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="Athena workgroups: result encryption and CloudWatch metrics publishing",
    )
]
