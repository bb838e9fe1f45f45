"""The collector contract: what one collector declares and what it is given to work with.

A collector reads one AWS service in one region (or once, when ``is_global``) and yields
configuration items shaped as AWS Config records them. It declares the resource types it
produces and every IAM action it calls (``permissions``), so ``compliance permissions`` can
print the least-privilege policy and a test can check that nothing undeclared is called.

Failures are never swallowed: wrap each call's failure with :meth:`CollectContext.record_error`
(or let it raise: the runner records it against the collector's resource types), so rules over
those types report INSUFFICIENT_DATA instead of COMPLIANT.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from compliance.model import CollectionError, ConfigurationItem, Relationship


@dataclass(slots=True)
class Collector:
    name: str  # the service, as in ``--services``: "s3", "iam", "ec2", ...
    resource_types: tuple[str, ...]
    permissions: tuple[str, ...]  # IAM actions, e.g. "s3:GetBucketVersioning"
    collect: Callable[[CollectContext], Iterable[ConfigurationItem]]
    is_global: bool = False  # collected once per account (IAM, S3's bucket list, ...)
    description: str = ""
    source: str = ""


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
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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


def error_code_and_message(exc: BaseException) -> tuple[str, str]:
    """botocore's error code and message, or the exception's type and text."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error") or {}
        code = str(error.get("Code") or type(exc).__name__)
        message = str(error.get("Message") or exc)
        return code, message.splitlines()[0] if message else code
    text = str(exc).splitlines()[0] if str(exc) else ""
    return type(exc).__name__, text
