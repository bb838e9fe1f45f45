"""Re-collecting resources before and after a change, with the collectors a scan uses.

The engine needs one thing: given an account, a region and resource types (optionally the
services to read), the current configuration items and what could not be read.
:class:`Recollector` is that interface; :class:`CollectorRecollector` serves it with the
registered collectors (``plugins.collectors``) through the scan's own runner, running only the
collectors that produce the asked types (or the named services) in that one region.
``recollect_resource`` reads one resource with only its own calls
(:func:`compliance.collect.one.read_resources`): pre-checks and verification of a rule that
reads only its own resource use it instead of re-reading the service.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from compliance.collect.base import GLOBAL_REGION, Collector
from compliance.model import CollectionError, ConfigurationItem

GLOBAL_REGIONS = ("", GLOBAL_REGION)


@dataclass(slots=True)
class Recollected:
    """Fresh items of ``types`` in one account and region (``global_types`` are account-wide)."""

    items: list[ConfigurationItem] = field(default_factory=list)
    errors: list[CollectionError] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    global_types: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)  # asked for, but no collector produces them
    region: str = ""  # the region actually read ("global" asks resolve to the partition's global region)


class Recollector(Protocol):
    def recollect(
        self, account_id: str, region: str, resource_types: Sequence[str], services: Sequence[str] = ()
    ) -> Recollected: ...


class ResourceRecollector(Protocol):
    def recollect_resource(
        self, region: str, resource_type: str, resource_id: str, reads: Any = None
    ) -> Recollected | None: ...


class CollectorRecollector:
    """Re-collects with ``collectors`` through :func:`compliance.collect.runner.run_collectors`."""

    def __init__(self, collectors: Iterable[Collector], session: Any, *, workers: int = 4) -> None:
        from compliance.collect.session import AwsSession

        self.collectors = list(collectors)
        self.session = session if isinstance(session, AwsSession) else AwsSession(boto_session=session)
        self.workers = workers

    def recollect(
        self, account_id: str, region: str, resource_types: Sequence[str], services: Sequence[str] = ()
    ) -> Recollected:
        from compliance.collect.runner import run_collectors

        wanted = set(resource_types)
        chosen = [c for c in self.collectors if c.name in set(services)]
        if not chosen:  # no hint, or the hinted collectors are not installed: choose by type
            chosen = [c for c in self.collectors if wanted & set(c.resource_types)]
        out = Recollected()
        for collector in chosen:
            out.types |= set(collector.resource_types)
            if collector.is_global:
                out.global_types |= set(collector.resource_types)
        hinted = bool(chosen) and chosen[0].name in set(services)
        out.missing = set() if hinted else wanted - out.types
        if not chosen:
            return out
        if region in GLOBAL_REGIONS:
            region = self.session.global_region
        out.region = region
        snapshot = run_collectors(self.session, chosen, regions=[region], workers=self.workers)
        out.items = [i for i in snapshot.configurationItems if i.accountId == account_id]
        out.errors = list(snapshot.collectionErrors)
        return out

    def recollect_resource(
        self, region: str, resource_type: str, resource_id: str, reads: Any = None
    ) -> Recollected | None:
        """The one resource (empty ``items`` when it no longer exists), read with only its own
        calls; None when no collector of ``resource_type`` can read one resource."""
        from compliance.collect.one import read_resources

        chosen = [c for c in self.collectors if resource_type in c.resource_types and c.read_one is not None]
        if not chosen:
            return None
        if region in GLOBAL_REGIONS:
            region = self.session.global_region
        read = read_resources(
            self.session, [resource_id], chosen, region=region, resource_type=resource_type, reads=reads
        )
        return Recollected(
            items=list(read.snapshot.configurationItems),
            errors=list(read.snapshot.collectionErrors),
            types={resource_type},
            region=region,
        )
