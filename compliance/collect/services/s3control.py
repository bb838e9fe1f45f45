"""S3 access points (regional, ``s3-accesspoints``) and Multi-Region Access Points (global, ``s3-mrap``), read
through S3 Control with the account id from the context, in AWS Config's spelling.

Access points (``AWS::S3::AccessPoint``, resource id the name): ListAccessPoints names them with their bucket,
network origin and VPC; GetAccessPoint per access point gives ``PublicAccessBlockConfiguration``. The listing
is kept to access points whose ARN is in the context's region (a listing is per region).

Multi-Region Access Points (``AWS::S3::MultiRegionAccessPoint``, resource id the name): ListMultiRegionAccessPoints
gives each with its public access block, which AWS Config spells ``PublicAccessBlockConfiguration``; their control
plane is in US West (Oregon) whatever the region, so the collector is global and asks there. Request status and
ARNs of the asynchronous create requests are left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import GLOBAL_REGION, Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, call, error_code, jsonable
from compliance.model import ConfigurationItem

ACCESS_POINT = "AWS::S3::AccessPoint"
MRAP = "AWS::S3::MultiRegionAccessPoint"
MRAP_REGION = {"aws": "us-west-2"}  # where the Multi-Region Access Point control plane answers
ACCESS_POINT_KEYS = ("Name", "Bucket", "BucketAccountId", "NetworkOrigin", "VpcConfiguration", "Alias")
ACCESS_POINT_CALLS = (
    Call("ListAccessPoints", "s3:ListAccessPoints", {ACCESS_POINT: ("configuration",)}, lists=(ACCESS_POINT,)),
    Call(
        "GetAccessPoint",
        "s3:GetAccessPoint",
        {ACCESS_POINT: ("configuration.PublicAccessBlockConfiguration",)},
        per="resource",
    ),
)
MRAP_CALLS = (
    Call("ListMultiRegionAccessPoints", "s3:ListMultiRegionAccessPoints", {MRAP: ("configuration",)}, lists=(MRAP,)),
)


def _pages(
    ctx: CollectContext, client: Any, operation: str, key: str, types: tuple[str, ...], **params: Any
) -> list[dict[str, Any]] | None:
    """Every ``key`` entry of a NextToken-paged S3 Control listing; None (error recorded) on failure."""
    found: list[dict[str, Any]] = []
    token: str | None = None
    api = client.meta.method_to_api_mapping.get(operation, operation)
    while True:
        try:
            page = getattr(client, operation)(**params, **({"NextToken": token} if token else {}))
        except AWS_ERRORS as exc:
            ctx.record_error("s3control", api, exc, types)
            return None
        found.extend(page.get(key) or [])
        token = page.get("NextToken")
        if not token:
            return found


def collect_access_points(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    s3control = ctx.client("s3control")
    listed = _pages(ctx, s3control, "list_access_points", "AccessPointList", (ACCESS_POINT,), AccountId=ctx.account_id)
    here = [a for a in listed or [] if _region(a.get("AccessPointArn")) in (ctx.region, None)]
    yield from ctx.map(lambda entry: _access_point(ctx, s3control, entry), here)


def _region(arn: str | None) -> str | None:
    parts = str(arn or "").split(":")
    return parts[3] if len(parts) > 5 else None


def _access_point(ctx: CollectContext, s3control: Any, entry: dict[str, Any]) -> ConfigurationItem:
    name = entry["Name"]
    configuration: dict[str, Any] = {k: entry[k] for k in ACCESS_POINT_KEYS if k in entry}
    if entry.get("AccessPointArn"):
        configuration["Arn"] = entry["AccessPointArn"]
    if ctx.wants("GetAccessPoint"):
        found = call(ctx, "s3control", "GetAccessPoint", s3control.get_access_point, (ACCESS_POINT,),
                     resource_id=name, AccountId=ctx.account_id, Name=name)  # fmt: skip
        if found is not None and "PublicAccessBlockConfiguration" in found:
            configuration["PublicAccessBlockConfiguration"] = found["PublicAccessBlockConfiguration"]
    return ctx.item(ACCESS_POINT, name, jsonable(configuration), arn=entry.get("AccessPointArn"), name=name)


def read_access_point(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """One access point by name or ARN (``...:accesspoint/NAME``): GetAccessPoint, then its listing fields."""
    name = id_or_arn.rsplit("/", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    s3control = ctx.client("s3control")
    try:
        found = s3control.get_access_point(AccountId=ctx.account_id, Name=name)
    except AWS_ERRORS as exc:
        if error_code(exc).startswith("AccessDenied"):  # an unknown name is not this one: nothing to record
            ctx.record_error("s3control", "GetAccessPoint", exc, (ACCESS_POINT,), resource_id=name)
        return None
    entry = {**found, "Name": found.get("Name", name)}
    arn = found.get("AccessPointArn")
    configuration = {k: entry[k] for k in (*ACCESS_POINT_KEYS, "PublicAccessBlockConfiguration") if k in entry}
    if arn:
        configuration["Arn"] = arn
    return ctx.item(ACCESS_POINT, name, jsonable(configuration), arn=arn, name=name)


def collect_mraps(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    region = MRAP_REGION.get(ctx.partition)
    if region is None:  # no Multi-Region Access Points outside the commercial partition
        return
    s3control = ctx.client("s3control", region)
    listed = _pages(ctx, s3control, "list_multi_region_access_points", "AccessPoints", (MRAP,),
                    AccountId=ctx.account_id)  # fmt: skip
    for entry in listed or []:
        yield _mrap(ctx, entry)


def _mrap(ctx: CollectContext, entry: dict[str, Any]) -> ConfigurationItem:
    name = entry["Name"]
    configuration: dict[str, Any] = {k: entry[k] for k in ("Name", "Alias", "CreatedAt", "Regions") if k in entry}
    if "PublicAccessBlock" in entry:
        configuration["PublicAccessBlockConfiguration"] = entry["PublicAccessBlock"]
    arn = f"arn:{ctx.partition}:s3::{ctx.account_id}:accesspoint/{entry['Alias']}" if entry.get("Alias") else None
    return ctx.item(MRAP, name, jsonable(configuration), arn=arn, name=name, region=GLOBAL_REGION,
                    created=jsonable(entry.get("CreatedAt")))  # fmt: skip


COLLECTORS = [
    Collector(
        name="s3-accesspoints",
        resource_types=(ACCESS_POINT,),
        calls=ACCESS_POINT_CALLS,
        collect=collect_access_points,
        read_one=read_access_point,
        description="S3 access points: public access blocks",
    ),
    Collector(
        name="s3-mrap",
        resource_types=(MRAP,),
        calls=MRAP_CALLS,
        collect=collect_mraps,
        is_global=True,
        description="S3 Multi-Region Access Points: public access blocks",
    ),
]
