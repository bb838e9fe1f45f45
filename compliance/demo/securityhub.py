"""Demo Security Hub: subscribed in the first region only, with the CIS v3.0.0 standard enabled
(GetEnabledStandards is answered by ``_simulated``: the simulator lacks it)."""

from __future__ import annotations

from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID
from compliance.demo._simulated import answer


def seed(session: Any, regions: list[str]) -> None:
    session.client("securityhub", region_name=regions[0]).enable_security_hub(EnableDefaultStandards=False)
    answer(session, "securityhub", "GetEnabledStandards", _standards)


def _standards(region: str, _params: dict[str, Any]) -> dict[str, Any]:
    arn = f"arn:aws:securityhub:{region}::standards/cis-aws-foundations-benchmark/v/3.0.0"
    return {
        "StandardsSubscriptions": [
            {
                "StandardsSubscriptionArn": arn.replace("::standards/", f":{DEMO_ACCOUNT_ID}:subscription/"),
                "StandardsArn": arn,
                "StandardsInput": {},
                "StandardsStatus": "READY",
            }
        ]
    }
