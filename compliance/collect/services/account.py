"""The account's security contact (``account:GetAlternateContact``, type SECURITY), on the global
account item as ``alternateContacts`` = ``{"SECURITY": {...} or None}``; None means AWS answered
that no security contact is set (what CIS 1.2 / Account.1 checks)."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.helpers import call, jsonable
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

TYPES = (ACCOUNT_RESOURCE_TYPE,)
ACCOUNT_REGION = "us-east-1"  # the Account Management API's endpoint


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("account", ACCOUNT_REGION)
    found = call(
        ctx,
        "account",
        "GetAlternateContact",
        client.get_alternate_contact,
        TYPES,
        absent=("ResourceNotFoundException",),  # no contact of that type
        error_region=GLOBAL_REGION,
        AlternateContactType="SECURITY",
    )
    if found is None:
        return
    contact = found.get("AlternateContact")
    ctx.account_setting("alternateContacts", {"SECURITY": jsonable(contact) if contact else None})
    yield from ()


COLLECTORS = [
    Collector(
        name="account",
        resource_types=TYPES,
        permissions=("account:GetAlternateContact",),
        collect=collect,
        is_global=True,
        description="The account's security alternate contact",
    )
]
