"""Amazon Inspector (v2): the account's activation status per region, as the regional account
item's ``inspector2Status`` (``{"state": {"status": ...}, "resourceState": {"ec2": ..., "ecr":
..., "lambda": ...}}``)."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, jsonable
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

TYPES = (ACCOUNT_RESOURCE_TYPE,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("inspector2")
    found = call(
        ctx, "inspector2", "BatchGetAccountStatus", client.batch_get_account_status, TYPES, accountIds=[ctx.account_id]
    )
    if found is None:
        return
    failed = [f for f in found.get("failedAccounts") or [] if f.get("accountId") == ctx.account_id]
    if failed:
        ctx.record_error("inspector2", "BatchGetAccountStatus", _Failed(failed[0]), TYPES)
        return
    mine = [a for a in found.get("accounts") or [] if a.get("accountId") == ctx.account_id]
    # an account Inspector has never seen is not activated (the simulator omits it entirely)
    status = jsonable(mine[0]) if mine else {"accountId": ctx.account_id, "state": {"status": "DISABLED"}}
    status.pop("accountId", None)
    ctx.account_setting("inspector2Status", status, regional=True)
    yield from ()


class _Failed(Exception):
    def __init__(self, failure: dict) -> None:
        super().__init__(failure.get("errorMessage") or "account status not returned")
        self.response = {"Error": {"Code": failure.get("errorCode", "Failed"), "Message": str(self)}}


COLLECTORS = [
    Collector(
        name="inspector2",
        resource_types=TYPES,
        permissions=("inspector2:BatchGetAccountStatus",),
        collect=collect,
        description="Amazon Inspector activation status (EC2, ECR, Lambda scanning), per region",
    )
]
