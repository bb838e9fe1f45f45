"""The organization's accounts, and the role a scan assumes in each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True, frozen=True)
class Account:
    id: str
    name: str = ""


def active_accounts(organizations: Any) -> list[Account]:
    """Every ACTIVE account of the organization (suspended and pending-closure ones are left out).

    Reads ``State`` where the API returns it and falls back to the older ``Status`` field.
    """
    accounts = []
    for page in organizations.get_paginator("list_accounts").paginate():
        for account in page.get("Accounts", []):
            state = account.get("State") or account.get("Status")
            if state == "ACTIVE":
                accounts.append(Account(account["Id"], account.get("Name", "")))
    return sorted(accounts, key=lambda a: a.id)


def member_role_arn(account_id: str, role_name: str, partition: str = "aws") -> str:
    return f"arn:{partition}:iam::{account_id}:role/{role_name}"
