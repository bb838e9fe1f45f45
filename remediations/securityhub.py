"""Security Hub remediations: subscribe the region to Security Hub."""

from __future__ import annotations

from compliance.remediate.base import ApiCall, remediation
from compliance.rule import Param

from ._util import api_region, truthy


@remediation(
    id="securityhub-enable",
    title="Turn on Security Hub in the region",
    rules=["securityhub-enabled"],
    resource_types=["AWS::::Account"],
    permissions=["securityhub:EnableSecurityHub", "iam:CreateServiceLinkedRole"],
    parameters={"EnableDefaultStandards": Param(bool, True, "Also turn on the default standards")},
    services=["securityhub"],
)
def enable_security_hub(item, params, region):
    """EnableSecurityHub in the evaluated region."""
    enabled = item.configuration.get("securityHubEnabled", item.configuration.get("securityHub"))
    if (truthy(enabled) or isinstance(enabled, dict) and enabled) and item.awsRegion == region:
        return []
    return [
        ApiCall(
            "securityhub",
            "enable_security_hub",
            api_region(region or item.awsRegion),
            {"EnableDefaultStandards": params["EnableDefaultStandards"]},
            "subscribe to Security Hub",
        )
    ]
