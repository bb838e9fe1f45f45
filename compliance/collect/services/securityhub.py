"""Security Hub: the hub (if subscribed) and its enabled standards, per region.

AWS Config does not record the hub; it uses CloudFormation's type name ``AWS::SecurityHub::Hub``
with ``describe_hub``'s fields and ``supplementaryConfiguration.EnabledStandards``. The regional
account item gets ``securityHubEnabled``.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

HUB = "AWS::SecurityHub::Hub"
TYPES = (HUB, ACCOUNT_RESOURCE_TYPE)
NOT_SUBSCRIBED = "InvalidAccessException"  # "Account is not subscribed to AWS Security Hub"


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    securityhub = ctx.client("securityhub")
    hub = call(ctx, "securityhub", "DescribeHub", securityhub.describe_hub, TYPES, absent=(NOT_SUBSCRIBED,))
    if hub is None:
        return
    ctx.account_setting("securityHubEnabled", bool(hub), regional=True)
    if not hub:
        return
    standards = paginate(ctx, securityhub, "get_enabled_standards", "StandardsSubscriptions", (HUB,))
    supplementary = {} if standards is None else {"EnabledStandards": jsonable(standards)}
    arn = hub["HubArn"]
    yield ctx.item(HUB, arn, jsonable(hub), arn=arn, name="default", supplementary=supplementary)


COLLECTORS = [
    Collector(
        name="securityhub",
        resource_types=TYPES,
        permissions=("securityhub:DescribeHub", "securityhub:GetEnabledStandards"),
        collect=collect,
        description="Security Hub subscription and enabled standards, per region",
    )
]
