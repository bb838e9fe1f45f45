"""KMS rules: customer managed keys' rotation and pending deletion."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_bool

KEY = "AWS::KMS::Key"


def _not_customer_symmetric(ci) -> str | None:
    config = ci.configuration
    if config.get("keyManager") == "AWS":
        return "an AWS managed key"
    if config.get("keySpec", config.get("customerMasterKeySpec", "SYMMETRIC_DEFAULT")) != "SYMMETRIC_DEFAULT":
        return "asymmetric and HMAC keys cannot be rotated automatically"
    if config.get("origin") == "EXTERNAL":
        return "imported key material cannot be rotated automatically"
    return None


@rule(
    id="cmk-backing-key-rotation-enabled",
    title="Automatic rotation is enabled for customer managed KMS keys",
    resource_types=[KEY],
    severity="medium",
    trigger="periodic",
    rationale="Rotation limits how much data one key version protects and how long a leaked version is useful.",
    remediation="aws kms enable-key-rotation --key-id KEY",
    reads=[
        "configuration.customerMasterKeySpec",
        "configuration.keyManager",
        "configuration.keySpec",
        "configuration.keyState",
        "configuration.origin",
        "supplementaryConfiguration.KeyRotationStatus",
    ],
)
def cmk_backing_key_rotation_enabled(ci):
    """Reads supplementaryConfiguration.KeyRotationStatus; NOT_APPLICABLE to keys that cannot rotate."""
    if reason := _not_customer_symmetric(ci):
        return not_applicable(reason)
    if ci.configuration.get("keyState") in ("PendingDeletion", "PendingReplicaDeletion"):
        return not_applicable("the key is pending deletion")
    status = as_bool(ci.supplementaryConfiguration.get("KeyRotationStatus"))
    if status is None:
        return insufficient_data("the key's rotation status was not recorded")
    return compliant("rotation is enabled") if status else non_compliant("automatic rotation is off")


@rule(
    id="kms-cmk-not-scheduled-for-deletion-2",
    title="Customer managed KMS keys are not scheduled for deletion",
    resource_types=[KEY],
    severity="critical",
    parameters={},
    rationale="Once the key is deleted, everything encrypted under it is unrecoverable.",
    remediation="aws kms cancel-key-deletion --key-id KEY (then enable it again if needed).",
    reads=["configuration.deletionDate", "configuration.keyState"],
)
def kms_cmk_not_scheduled_for_deletion_2(ci):
    """Reads configuration.keyState."""
    state = ci.configuration.get("keyState")
    if state is None:
        return insufficient_data("the key state was not recorded")
    if state in ("PendingDeletion", "PendingReplicaDeletion"):
        return non_compliant(f"scheduled for deletion ({ci.configuration.get('deletionDate') or 'date unknown'})")
    return compliant(f"key state {state}")
