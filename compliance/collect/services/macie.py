"""Amazon Macie, per region, on the regional account item: ``macieStatus`` (GetMacieSession's ``status``:
ENABLED or PAUSED; DISABLED when Macie was never enabled there) and ``macieAutomatedDiscoveryStatus``
(GetAutomatedDiscoveryConfiguration's ``status``; DISABLED too while Macie itself is off).

Macie answers both calls with AccessDeniedException "Macie is not enabled" in a region where it is off:
that refusal is the answer (and the second call is not made), any other is a collection error."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, error_code
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

SETTINGS = {  # API -> (client method, account setting)
    "GetMacieSession": ("get_macie_session", "macieStatus"),
    "GetAutomatedDiscoveryConfiguration": ("get_automated_discovery_configuration", "macieAutomatedDiscoveryStatus"),
}


def macie_is_off(exc: BaseException) -> bool:
    return error_code(exc) == "AccessDeniedException" and "not enabled" in str(exc).lower()


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    macie = ctx.client("macie2")
    off = False
    for api, (method, key) in SETTINGS.items():
        if not ctx.wants(api):
            continue
        if off:  # known from GetMacieSession: a region where Macie is off costs one call
            ctx.account_setting(key, "DISABLED", regional=True)
            continue
        try:
            status = getattr(macie, method)().get("status")
        except AWS_ERRORS as exc:
            if not macie_is_off(exc):
                ctx.record_error("macie2", api, exc, (ACCOUNT_RESOURCE_TYPE,), resource_id=ctx.account_id)
                continue
            status, off = "DISABLED", True
        ctx.account_setting(key, status, regional=True)
    return iter(())


COLLECTORS = [
    Collector(
        name="macie",
        resource_types=(ACCOUNT_RESOURCE_TYPE,),
        calls=tuple(
            Call(api, f"macie2:{api}", {ACCOUNT_RESOURCE_TYPE: (f"configuration.{key}",)})
            for api, (_, key) in SETTINGS.items()
        ),
        collect=collect,
        description="Amazon Macie status and automated sensitive data discovery (per region, on the account item)",
    )
]
