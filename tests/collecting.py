"""Test helpers for the service collectors: run one collector in one region, with moto or a Stubber."""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.stub import Stubber

from compliance.collect.base import CollectContext, Collector
from compliance.model import CollectionError, ConfigurationItem

ACCOUNT = "123456789012"


def context(
    region: str = "us-east-1", clients: dict[str, Any] | None = None, deny: dict[str, list[str]] | None = None
) -> CollectContext:
    """A context over moto (boto3's default session), or over the given pre-built clients.

    ``deny`` maps a service to API names (``{"kms": ["GetKeyPolicy"]}``) that answer AccessDenied.
    """
    session = boto3.Session(region_name=region)
    cache: dict[tuple[str, str], Any] = {}

    def factory(service: str, reg: str) -> Any:
        if clients and service in clients:
            return clients[service]
        if (service, reg) not in cache:
            client = session.client(service, region_name=reg)
            for api in (deny or {}).get(service, []):
                client.meta.events.register(f"before-call.*.{api}", _denied)
            cache[(service, reg)] = client
        return cache[(service, reg)]

    return CollectContext(
        session=session,
        account_id=ACCOUNT,
        region=region,
        capture_time="2026-11-28T00:00:00+00:00",
        client_factory=factory,
    )


class _Denied:
    status_code = 403
    headers: dict[str, str] = {}


def _denied(**_: Any) -> tuple[Any, dict[str, Any]]:
    return _Denied(), {
        "Error": {"Code": "AccessDeniedException", "Message": "denied by test"},
        "ResponseMetadata": {"HTTPStatusCode": 403},
    }


def run(
    collector: Collector,
    region: str = "us-east-1",
    clients: dict[str, Any] | None = None,
    deny: dict[str, list[str]] | None = None,
) -> tuple[list[ConfigurationItem], list[CollectionError]]:
    ctx = context(region, clients, deny)
    items = list(collector.collect(ctx))
    return items, ctx.errors


def stubbed(service: str, region: str = "us-east-1") -> tuple[Any, Stubber]:
    client = boto3.client(service, region_name=region)
    return client, Stubber(client)


def by_type(items: list[ConfigurationItem], resource_type: str) -> list[ConfigurationItem]:
    return [i for i in items if i.resourceType == resource_type]


def one(items: list[ConfigurationItem], resource_type: str, resource_id: str) -> ConfigurationItem:
    found = [i for i in items if i.resourceType == resource_type and i.resourceId == resource_id]
    assert len(found) == 1, f"{resource_type} {resource_id}: {len(found)} items"
    return found[0]


def dumped(items: list[ConfigurationItem]) -> str:
    return json.dumps([i.to_dict() for i in items], default=str)


def access_denied(stubber: Stubber, method: str) -> None:
    stubber.add_client_error(
        method, service_error_code="AccessDeniedException", service_message="denied", http_status_code=403
    )
