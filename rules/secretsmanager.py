"""Secrets Manager rules: rotation configured, succeeding and recent; unused secrets removed."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare
from ._util import as_bool, days_since

SECRET = "AWS::SecretsManager::Secret"


@declare(
    id="secretsmanager-rotation-enabled-check",
    title="Secrets Manager secrets rotate automatically",
    resource_types=[SECRET],
    reads=["configuration.RotationEnabled", "configuration.RotationRules"],
    severity="medium",
    parameters={"maximumAllowedRotationFrequency": Param(int, None, "Longest rotation interval allowed, in days")},
    rationale="Rotation limits how long a leaked secret stays useful.",
    remediation="aws secretsmanager rotate-secret --secret-id S --rotation-lambda-arn FN "
    "--rotation-rules AutomaticallyAfterDays=30",
)
def secretsmanager_rotation_enabled_check(ci, params):
    """Reads configuration.RotationEnabled and RotationRules.AutomaticallyAfterDays."""
    enabled = as_bool(ci.configuration.get("RotationEnabled"))
    if enabled is None:
        return insufficient_data("configuration.RotationEnabled was not recorded")
    if not enabled:
        return non_compliant("automatic rotation is off")
    limit = params["maximumAllowedRotationFrequency"]
    every = ci.get("configuration.RotationRules.AutomaticallyAfterDays")
    if limit and every is not None and int(every) > limit:
        return non_compliant(f"rotates every {every} days, more than {limit}")
    return compliant("rotates automatically" + (f" every {every} days" if every else ""))


@declare(
    id="secretsmanager-scheduled-rotation-success-check",
    title="Secrets Manager secrets rotate successfully on schedule",
    resource_types=[SECRET],
    reads=["configuration.RotationEnabled", "configuration.RotationOccurringAsScheduled"],
    severity="medium",
    rationale="A rotation that keeps failing leaves the old secret in use while everyone believes it rotates.",
    remediation="Fix the rotation function (see its logs), then aws secretsmanager rotate-secret --secret-id S",
)
def secretsmanager_scheduled_rotation_success_check(ci):
    """Reads configuration.RotationOccurringAsScheduled of secrets with rotation on."""
    enabled = as_bool(ci.configuration.get("RotationEnabled"))
    if enabled is None:
        return insufficient_data("configuration.RotationEnabled was not recorded")
    if not enabled:
        return not_applicable("rotation is off")
    on_time = as_bool(ci.configuration.get("RotationOccurringAsScheduled"))
    if on_time is None:
        return insufficient_data("configuration.RotationOccurringAsScheduled was not recorded")
    return compliant("rotation runs on schedule") if on_time else non_compliant("scheduled rotation failed")


def _age(id, title, field, param, default, verb, rationale, remediation):
    def check(ci, params):
        age = days_since(ci.configuration.get(field))
        if age is None:
            age = days_since(ci.configuration.get("CreatedDate"))
            if age is None:
                return insufficient_data(f"configuration.{field} and CreatedDate were not recorded")
        if age > params[param]:
            return non_compliant(f"not {verb} for {int(age)} days (limit {params[param]})")
        return compliant(f"{verb} {int(age)} days ago")

    check.__doc__ = f"Reads configuration.{field} (CreatedDate when it never happened)."
    return declare(
        id=id, title=title, resource_types=[SECRET], reads=[f"configuration.{field}", "configuration.CreatedDate"],
        severity="medium", trigger="periodic", parameters={param: Param(int, default, f"Days allowed without: {verb}")},
        rationale=rationale, remediation=remediation,
    )(check)  # fmt: skip


secretsmanager_secret_unused = _age(
    "secretsmanager-secret-unused", "Unused Secrets Manager secrets are removed", "LastAccessedDate", "unusedForDays",
    90, "accessed", "A secret nobody reads is a credential nobody watches, still valid wherever it works.",
    "aws secretsmanager delete-secret --secret-id S --recovery-window-in-days 30",
)  # fmt: skip
secretsmanager_secret_periodic_rotation = _age(
    "secretsmanager-secret-periodic-rotation", "Secrets Manager secrets were rotated recently", "LastRotatedDate",
    "maxDaysSinceRotation", 90, "rotated", "The older a secret, the more places it may have leaked to.",
    "aws secretsmanager rotate-secret --secret-id S",
)  # fmt: skip
