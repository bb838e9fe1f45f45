"""RDS remediations: turn off public accessibility of DB instances."""

from __future__ import annotations

from compliance.remediate.base import ApiCall, remediation

from ._util import api_region, truthy


@remediation(
    id="rds-disable-public-access",
    title="Make a DB instance not publicly accessible",
    rules=["rds-instance-public-access-check"],
    resource_types=["AWS::RDS::DBInstance"],
    permissions=["rds:ModifyDBInstance"],
)
def disable_public_access(item):
    """ModifyDBInstance PubliclyAccessible=false, applied immediately (the endpoint stops resolving
    to a public address; the instance is not restarted)."""
    if not truthy(item.configuration.get("publiclyAccessible")):
        return []
    identifier = item.configuration.get("dBInstanceIdentifier") or item.resourceName or item.resourceId
    return [
        ApiCall(
            "rds",
            "modify_db_instance",
            api_region(item.awsRegion),
            {"DBInstanceIdentifier": identifier, "PubliclyAccessible": False, "ApplyImmediately": True},
            "stop resolving the endpoint to a public address",
        )
    ]
