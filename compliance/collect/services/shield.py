"""Shield Advanced: the account's subscription, as the global account item's
``shieldAdvancedSubscription`` (``{"subscribed": bool, ...}`` with ``autoRenew``, ``endTime``,
``proactiveEngagementStatus`` when subscribed). Read once per account (Shield is global)."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.helpers import call, config_case
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

TYPES = (ACCOUNT_RESOURCE_TYPE,)
SHIELD_REGION = "us-east-1"  # Shield's API lives in us-east-1


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    shield = ctx.client("shield", SHIELD_REGION)
    found = call(
        ctx,
        "shield",
        "DescribeSubscription",
        shield.describe_subscription,
        TYPES,
        absent=("ResourceNotFoundException",),  # not subscribed
        error_region=GLOBAL_REGION,
    )
    if found is None:
        return
    subscription = found.get("Subscription")
    setting = {"subscribed": bool(subscription)}
    if subscription:
        kept = {k: v for k, v in subscription.items() if k not in ("SubscriptionLimits", "Limits")}
        setting.update(config_case(kept))
    ctx.account_setting("shieldAdvancedSubscription", setting)
    yield from ()


COLLECTORS = [
    Collector(
        name="shield",
        resource_types=TYPES,
        permissions=("shield:DescribeSubscription",),
        collect=collect,
        is_global=True,
        description="Shield Advanced subscription (global)",
    )
]
