"""One resource at a time: read a resource by id or ARN with only that resource's calls.

:func:`read_resources` is what ``compliance collect --resource`` and remediation verification
call. A collector that declares ``read_one`` (S3 buckets, every :mod:`compliance.collect.spec`
type) reads exactly the resource: for a bucket ListBuckets by prefix plus the bucket's own detail
calls; for a spec type one filtered list call plus its detail calls. A collector without
``read_one`` is run for the resource's region and its item picked out (a whole-service read,
said so in the result's ``fallbacks``). The region comes from the ARN (or ``region``); an id
without an ARN is tried with each collector that can read one resource.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.plan import plan
from compliance.collect.session import AwsSession
from compliance.errors import InputError
from compliance.model import CollectionError, ConfigurationItem, Snapshot
from compliance.reads import Reads
from compliance.snapshot import new_snapshot

# ARN service -> collector name prefix, where they differ
ARN_SERVICES: dict[str, str | tuple[str, ...]] = {
    "elasticloadbalancing": ("elbv2", "elb"),  # v2 and Classic Load Balancers share the ARN service
    "elasticfilesystem": "efs",
    "es": "opensearch",
    "cognito-idp": "cognito",
}


@dataclass(slots=True)
class ResourceRead:
    """What :func:`read_resources` found."""

    snapshot: Snapshot
    missing: list[str] = field(default_factory=list)  # ids/ARNs no collector found
    fallbacks: list[str] = field(default_factory=list)  # collectors read whole for a resource


def parse_arn(value: str) -> tuple[str, str, str] | None:
    """(service, region, account) of an ARN; None for a plain id. A malformed ARN is an InputError."""
    if not value.startswith("arn:"):
        return None
    parts = value.split(":", 5)
    if len(parts) < 6 or not parts[2] or not parts[5]:
        raise InputError(f"--resource: {value!r} is not an ARN (arn:partition:service:region:account:resource)")
    return parts[2], parts[3], parts[4]


def candidates(collectors: Iterable[Collector], id_or_arn: str, resource_type: str | None = None) -> list[Collector]:
    """The collectors that may hold ``id_or_arn``: by resource type, else by the ARN's service."""
    collectors = sorted(collectors, key=lambda c: (c.read_one is None, c.name))
    if resource_type is not None:
        return [c for c in collectors if resource_type in c.resource_types]
    arn = parse_arn(id_or_arn)
    if arn is None:
        return [c for c in collectors if c.read_one is not None]
    prefix = ARN_SERVICES.get(arn[0], arn[0])
    prefixes = (prefix,) if isinstance(prefix, str) else prefix
    return [c for c in collectors if c.name.split("-")[0] in prefixes]


def read_resources(
    session: AwsSession,
    ids: Sequence[str],
    collectors: Iterable[Collector],
    *,
    region: str | None = None,
    resource_type: str | None = None,
    reads: Reads | None = None,
) -> ResourceRead:
    """The resources ``ids`` (ids or ARNs) as a snapshot, each read with only its own calls
    (those ``reads`` needs, when given)."""
    collectors = list(collectors)
    planned = plan(collectors, reads)
    capture_time = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    account_id = session.account_id
    items: list[ConfigurationItem] = []
    errors: list[CollectionError] = []
    out = ResourceRead(Snapshot())
    types: set[str] = set()
    regions: set[str] = set()
    for id_or_arn in ids:
        arn = parse_arn(id_or_arn)
        where = (arn[1] if arn and arn[1] else None) or region or session.default_region
        found = None
        for collector in candidates(planned.selected() if reads is not None else collectors, id_or_arn, resource_type):
            ctx = CollectContext(
                session=session.boto_session,
                account_id=account_id,
                region=session.global_region if collector.is_global else where,
                capture_time=capture_time,
                partition=session.partition,
                client_factory=session.client,
                plan=planned.calls.get(collector.name),
            )
            if collector.read_one is not None:
                found = collector.read_one(ctx, id_or_arn)
            else:
                out.fallbacks.append(collector.name)
                found = next((i for i in collector.collect(ctx) if id_or_arn in (i.resourceId, i.arn)), None)
            errors.extend(ctx.errors)
            if found is not None:
                items.append(found)
                types.add(found.resourceType)
                regions.add(found.awsRegion)
                break
        if found is None:
            out.missing.append(id_or_arn)
    out.snapshot = new_snapshot(
        items,
        accountIds=[account_id],
        regions=sorted(r for r in regions if r != GLOBAL_REGION) or [region or session.default_region],
        captureTime=capture_time,
        resourceTypesCollected=sorted(types),
        collectionErrors=errors,
    )
    return out
