"""KMS remediations: automatic rotation of customer-managed keys."""

from __future__ import annotations

from compliance.remediate.base import ApiCall, CannotRemediate, remediation

from ._util import api_region, truthy


@remediation(
    id="kms-enable-key-rotation",
    title="Turn on automatic rotation of a customer-managed KMS key",
    rules=["cmk-backing-key-rotation-enabled"],
    resource_types=["AWS::KMS::Key"],
    permissions=["kms:EnableKeyRotation"],
)
def enable_key_rotation(item):
    """Only symmetric keys with key material from KMS rotate; a disabled key must be enabled first."""
    config = item.configuration
    if truthy(item.supplementaryConfiguration.get("KeyRotationStatus")):
        return []
    if config.get("keySpec", "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT" or config.get("origin") == "EXTERNAL":
        raise CannotRemediate("only symmetric keys with KMS-generated key material can rotate")
    if config.get("keyState", "Enabled") != "Enabled":
        raise CannotRemediate(f"the key is {config.get('keyState')}; enable it before turning on rotation")
    return [
        ApiCall(
            "kms",
            "enable_key_rotation",
            api_region(item.awsRegion),
            {"KeyId": item.resourceId},
            "rotate the key material every year",
        )
    ]
