"""The collector contract: what one collector declares and what it is given to work with.

A collector reads one AWS service in one region (or once, when ``is_global``) and yields
configuration items shaped as AWS Config records them. It declares the resource types it
produces and its calls (``calls``: each :class:`~compliance.collect.plan.Call` with its IAM
action, the types it lists and the paths it fills), so a scan makes only the calls its rules
need (:mod:`compliance.collect.plan`), ``compliance permissions`` prints the least-privilege
policy and a test checks that nothing undeclared is called. A collector that declares only
``permissions`` (IAM actions) is run whole whenever one of its types is read. Inside
``collect``, :meth:`CollectContext.wants` says whether the plan includes a call.

Failures are never swallowed: wrap each call's failure with :meth:`CollectContext.record_error`
(or let it raise: the runner records it against the collector's resource types), so rules over
those types report INSUFFICIENT_DATA instead of COMPLIANT.

Account-wide settings (password policy, EBS default encryption, ...) are not items of their own:
a collector contributes them with :meth:`CollectContext.account_setting` and the runner merges
every contribution into the ``AWS::::Account`` items (one with ``awsRegion`` "global", one per
region that received a regional setting). A collector that contributes lists
``AWS::::Account`` in its ``resource_types``. See docs/collectors.md.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from compliance.errors import error_code_and_message
from compliance.model import ACCOUNT_RESOURCE_TYPE, CollectionError, ConfigurationItem, Relationship
from compliance.reads import Reads, overlaps

GLOBAL_REGION = "global"  # awsRegion of global resources (IAM) and of the global account item


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


@dataclass(slots=True)
class Collector:
    """One AWS service's reader, registered with ``compliance_register_collectors``.

    ``name`` is what ``--services`` selects (``s3``; ``s3-account`` is selected with ``s3``);
    ``resource_types`` the CI types it produces; ``permissions`` every IAM action it calls;
    ``collect(ctx)`` yields :class:`compliance.model.ConfigurationItem` s built with
    :meth:`CollectContext.item` for one region (or once, when ``is_global``) and records each
    failed call with :meth:`CollectContext.record_error` instead of skipping it.
    """

    name: str  # the service, as in ``--services``: "s3", "iam", "ec2", ...
    resource_types: tuple[str, ...]
    permissions: tuple[str, ...] = ()  # IAM actions; derived from ``calls`` when those are given
    collect: Callable[[CollectContext], Iterable[ConfigurationItem]] = lambda ctx: ()
    is_global: bool = False  # collected once per account (IAM, S3's bucket list, ...)
    # Properties of its resource types it deliberately does not read (resource type -> paths),
    # so rules that need them say INSUFFICIENT_DATA instead of taking the absence for "off".
    not_recorded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""
    source: str = ""
    calls: tuple[Call, ...] = ()  # what each call produces; from ``permissions`` when not given
    account_settings: tuple[str, ...] = ()  # AWS::::Account keys it contributes (undeclared calls)
    # Reads one resource by id or ARN with only that resource's calls: (ctx, id) -> item or None
    read_one: Callable[[CollectContext, str], ConfigurationItem | None] | None = None
    declared: bool = True  # False: ``calls`` were derived from ``permissions`` (the collector runs whole)

    def __post_init__(self) -> None:
        if self.calls and not self.permissions:
            self.permissions = tuple(dict.fromkeys(c.action for c in self.calls if c.action))
        elif not self.calls:
            self.calls = calls_from_permissions(self)
            self.declared = False


@dataclass
class CollectContext:
    """What a collector gets for one (account, region) unit of work."""

    session: Any  # boto3.Session
    account_id: str
    region: str  # the region to read; "global" items are still read through a regional endpoint
    capture_time: str
    partition: str = "aws"
    client_factory: Callable[[str, str], Any] | None = None
    errors: list[CollectionError] = field(default_factory=list)
    # {"global" or region: {configuration key: value}}; merged into AWS::::Account items by the runner
    account_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Runs per-resource calls concurrently (set by the runner); None: one after the other.
    mapper: Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]] | None = None
    # The API operations the plan includes for this collector; None: every one
    plan: frozenset[str] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wants(self, api: str) -> bool:
        """Whether the plan includes the call ``api`` (a collector skips a call it is not asked for)."""
        return self.plan is None or api in self.plan

    def map(self, fn: Callable[[Any], Any], values: Iterable[Any]) -> list[Any]:
        """``[fn(v) for v in values]``, run on the runner's fan-out pool when there is one.

        For per-resource calls that no batch API covers (S3's per-bucket settings). ``fn``
        must record its own failures (it runs in another thread; ``record_error`` is
        thread-safe) and should not raise.
        """
        if self.mapper is None:
            return [fn(v) for v in values]
        return list(self.mapper(fn, values))

    def account_setting(self, key: str, value: Any, *, regional: bool = False) -> None:
        """Contribute ``configuration[key] = value`` to the account item.

        ``regional=False`` (default): the global account item (``awsRegion`` "global").
        ``regional=True``: the account item of this context's region. Contribute a key only
        when it was read: a key left out means "not collected" to the rules, and the failed
        call must be recorded with :meth:`record_error` for ``AWS::::Account``. A key given
        twice for the same item is a bug and raises ValueError.
        """
        scope = self.region if regional else GLOBAL_REGION
        with self._lock:
            settings = self.account_settings.setdefault(scope, {})
            if key in settings:
                raise ValueError(f"account setting {key!r} ({scope}) contributed twice")
            settings[key] = value

    def client(self, service: str, region: str | None = None) -> Any:
        """A client for ``service`` (reused per service and region by the runner's factory)."""
        region = region or self.region
        if self.client_factory is not None:
            return self.client_factory(service, region)
        return self.session.client(service, region_name=region)

    def record_error(
        self,
        service: str,
        api: str,
        exc: BaseException,
        resource_types: Iterable[str],
        resource_id: str | None = None,
        region: str | None = None,
    ) -> None:
        code, message = error_code_and_message(exc)
        error = CollectionError(
            service=service,
            api=api,
            errorCode=code,
            message=message,
            region=region if region is not None else self.region,
            accountId=self.account_id,
            resourceTypes=list(resource_types),
            resourceId=resource_id,
        )
        with self._lock:
            self.errors.append(error)

    def item(
        self,
        resource_type: str,
        resource_id: str,
        configuration: dict[str, Any],
        *,
        arn: str | None = None,
        name: str | None = None,
        region: str | None = None,
        tags: dict[str, str] | None = None,
        relationships: Iterable[Relationship] = (),
        supplementary: dict[str, Any] | None = None,
        created: str | None = None,
        availability_zone: str | None = None,
    ) -> ConfigurationItem:
        """A configuration item stamped with this unit's account, region and capture time."""
        item = ConfigurationItem(
            resourceType=resource_type,
            resourceId=resource_id,
            accountId=self.account_id,
            awsRegion=region or self.region,
            arn=arn,
            resourceName=name,
            configurationItemCaptureTime=self.capture_time,
            configurationItemStatus="OK",
            availabilityZone=availability_zone,
            resourceCreationTime=created,
            tags=dict(tags or {}),
            relationships=list(relationships),
            configuration=configuration,
            supplementaryConfiguration=dict(supplementary or {}),
        )
        item.configurationItemMD5Hash = item.compute_hash()
        item.configurationStateId = item.configurationItemMD5Hash[:16]
        return item


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
