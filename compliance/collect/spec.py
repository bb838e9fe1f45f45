"""Declarative resource specs: a collector as data, served by one generic reader.

Most AWS resource types are read the same way: one list or describe call (paginated when
botocore can), a list of entries under one key, an id, an ARN, tags, and sometimes a
per-resource call for a setting the list leaves out. A :class:`ResourceSpec` says exactly that;
:func:`spec_collector` turns specs into a :class:`~compliance.collect.base.Collector` whose calls
are declared for the planner (:mod:`compliance.collect.plan`), whose detail calls run only when
a selected rule reads what they fill, and whose ``read_one`` reads one resource by id or ARN
with only that resource's calls. Irregular APIs keep a small function of their own.

Example (EC2 subnets, as AWS Config records them)::

    ResourceSpec("AWS::EC2::Subnet", "DescribeSubnets", "Subnets", "SubnetId",
                 arn="SubnetArn", one=lambda id: {"SubnetIds": [id]})
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from botocore import xform_name

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, config_case, error_code, jsonable, paginate, tag_dict
from compliance.collect.permissions import iam_action
from compliance.collect.plan import Call
from compliance.model import ConfigurationItem

Casing = Literal["config", "api"]  # Config's camelCase (first letter lowered) or the API's own keys


@dataclass(frozen=True, slots=True)
class Detail:
    """A per-resource call that fills one path of the item."""

    api: str  # "DescribeLaunchTemplateVersions"
    into: str  # "configuration.LaunchTemplateData" or "supplementaryConfiguration.Policy"
    params: Callable[[dict[str, Any]], dict[str, Any]]  # the call's parameters, from the listed entry
    shape: Callable[[dict[str, Any]], Any] = lambda response: response  # the value written, from the response
    not_configured: tuple[str, ...] = ()  # error codes meaning "not configured": ``empty`` is written
    empty: Any = None


@dataclass(frozen=True, slots=True)
class ResourceSpec:
    """One resource type read the common way: a list call, its entries, their ids."""

    resource_type: str
    list_api: str  # "DescribeSubnets"
    result_key: str  # "Subnets"; an object instead of a list gives one item (a regional setting)
    id_key: str | None  # "SubnetId"; None: the item's id is the account id (one per region)
    arn: str | Callable[[CollectContext, dict[str, Any]], str | None] | None = None  # the ARN's key, or a function
    name_key: str | None = None
    list_params: Mapping[str, Any] = field(default_factory=dict)
    casing: Casing = "config"
    drop: tuple[str, ...] = ()  # keys left out of the item (volatile values, secrets)
    tags_key: str | None = "Tags"
    details: tuple[Detail, ...] = ()
    one: Callable[[str], dict[str, Any]] | None = None  # list parameters that select one resource by id
    # list parameters that select one resource by its whole ARN, where the ARN does not end in the id (DMS)
    one_arn: Callable[[str], dict[str, Any]] | None = None
    needs: str | None = None  # list only when an item of this type (same collector) was found
    clean: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # the entry without secrets

    def calls(self, service: str) -> tuple[Call, ...]:
        filled = ("configuration", "tags") if self.tags_key else ("configuration",)
        listing = Call(
            self.list_api, iam_action(service, self.list_api), {self.resource_type: filled}, lists=(self.resource_type,)
        )
        details = tuple(
            Call(
                d.api,
                iam_action(service, d.api),
                {self.resource_type: (d.into,)},
                per="resource",
                not_configured=d.not_configured,
            )
            for d in self.details
        )
        return (listing, *details)


def _cased(value: Any, casing: Casing) -> Any:
    return config_case(value) if casing == "config" else jsonable(value)


def _entries(ctx: CollectContext, client: Any, service: str, spec: ResourceSpec, **params: Any) -> list[Any] | None:
    operation = xform_name(spec.list_api)
    if client.can_paginate(operation):
        return paginate(
            ctx,
            client,
            operation,
            spec.result_key,
            (spec.resource_type,),
            service=service,
            api=spec.list_api,
            **{**spec.list_params, **params},
        )
    try:
        found = getattr(client, operation)(**{**spec.list_params, **params}).get(spec.result_key)
    except AWS_ERRORS as exc:
        ctx.record_error(service, spec.list_api, exc, (spec.resource_type,))
        return None
    if isinstance(found, dict):
        return [found]
    return list(found or [])


def _item(
    ctx: CollectContext, client: Any, service: str, spec: ResourceSpec, entry: dict[str, Any]
) -> ConfigurationItem:
    resource_id = str(entry.get(spec.id_key) if spec.id_key else ctx.account_id)
    if spec.clean is not None:
        entry = spec.clean(entry)
    skip = {*spec.drop, *((spec.tags_key,) if spec.tags_key else ())}
    configuration = _cased({k: v for k, v in entry.items() if k not in skip}, spec.casing)
    supplementary: dict[str, Any] = {}
    for detail in spec.details:
        if not ctx.wants(detail.api):
            continue
        try:
            value = detail.shape(getattr(client, xform_name(detail.api))(**detail.params(entry)))
        except AWS_ERRORS as exc:
            if error_code(exc) in detail.not_configured:
                value = detail.empty
            else:
                ctx.record_error(service, detail.api, exc, (spec.resource_type,), resource_id=resource_id)
                continue
        root, _, key = detail.into.partition(".")
        if not key:  # the call details the whole configuration
            configuration.update(_cased(value, spec.casing) or {})
            continue
        (configuration if root == "configuration" else supplementary)[key] = _cased(value, spec.casing)
    arn = spec.arn(ctx, entry) if callable(spec.arn) else (entry.get(spec.arn) if spec.arn else None)
    return ctx.item(
        spec.resource_type,
        resource_id,
        configuration,
        arn=arn,
        name=str(entry[spec.name_key]) if spec.name_key and entry.get(spec.name_key) else None,
        tags=tag_dict(entry.get(spec.tags_key)) if spec.tags_key else {},
        supplementary=supplementary,
    )


def read_specs(ctx: CollectContext, service: str, specs: tuple[ResourceSpec, ...]) -> Iterator[ConfigurationItem]:
    """Every item of ``specs`` the plan asks for, in this context's region."""
    client = ctx.client(service)
    found: set[str] = set()
    for spec in specs:
        if not ctx.wants(spec.list_api) or (spec.needs is not None and spec.needs not in found):
            continue
        entries = _entries(ctx, client, service, spec)
        if not entries:
            continue
        found.add(spec.resource_type)
        yield from ctx.map(lambda e, s=spec: _item(ctx, client, service, s, e), entries)


def _resource_id(id_or_arn: str) -> str:
    """The id at the end of an ARN (``...:subnet/subnet-1`` -> ``subnet-1``), or the id itself."""
    if not id_or_arn.startswith("arn:"):
        return id_or_arn
    resource = id_or_arn.split(":", 5)[-1]
    return resource.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def read_one_spec(
    ctx: CollectContext, service: str, specs: tuple[ResourceSpec, ...], id_or_arn: str
) -> ConfigurationItem | None:
    """The one resource ``id_or_arn`` names: a filtered list call per spec until one finds it,
    then its detail calls. None when no spec finds it."""
    client = ctx.client(service)
    resource_id = _resource_id(id_or_arn)
    for spec in specs:
        by_arn = spec.one_arn is not None and id_or_arn.startswith("arn:")
        if spec.one is None and not by_arn:
            continue
        selected = spec.one_arn(id_or_arn) if by_arn and spec.one_arn else spec.one(resource_id) if spec.one else {}
        try:
            response = getattr(client, xform_name(spec.list_api))(**{**spec.list_params, **selected})
        except AWS_ERRORS as exc:
            # a malformed or unknown id of this type: not this one. Only a refusal is worth recording.
            if error_code(exc).startswith(("AccessDenied", "UnauthorizedOperation")):
                ctx.record_error(service, spec.list_api, exc, (spec.resource_type,), resource_id=resource_id)
                return None
            continue
        entries = response.get(spec.result_key) or []
        entries = [entries] if isinstance(entries, dict) else entries
        for entry in entries:
            arn = str(entry.get(spec.arn) if isinstance(spec.arn, str) else "")
            if resource_id in (str(entry.get(spec.id_key)), arn) or id_or_arn == arn:
                return _item(ctx, client, service, spec, entry)
    return None


def spec_collector(
    name: str, service: str, specs: tuple[ResourceSpec, ...], *, description: str = "", is_global: bool = False
) -> Collector:
    """A collector reading ``specs`` of botocore service ``service``."""
    calls = tuple(c for spec in specs for c in spec.calls(service))
    return Collector(
        name=name,
        resource_types=tuple(dict.fromkeys(s.resource_type for s in specs)),
        calls=calls,
        collect=lambda ctx: read_specs(ctx, service, specs),
        read_one=lambda ctx, id_or_arn: read_one_spec(ctx, service, specs, id_or_arn),
        is_global=is_global,
        description=description,
    )


__all__ = ["GLOBAL_REGION", "Detail", "ResourceSpec", "read_specs", "spec_collector"]
