"""Secrets Manager secrets, as data (:mod:`compliance.collect.spec`): ListSecrets gives every setting the
rules read (rotation, rotation rules, last rotated/accessed dates), in AWS Config's spelling
(``AWS::SecretsManager::Secret``, resource id the ARN, ``KMSKeyId``). Secret values are never read: the
collector calls no GetSecretValue and its IAM actions do not include it.

``RotationOccurringAsScheduled`` is derived as AWS Config records it: a secret with rotation on is late
once its scheduled rotation (``NextRotationDate``, else the last rotation or creation plus
``AutomaticallyAfterDays``) and the rotation window after it have passed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from compliance.collect.spec import ResourceSpec, spec_collector

SECRET = "AWS::SecretsManager::Secret"
# the version ids and their stages change with every rotation: state, not configuration
DROPPED = ("SecretVersionsToStages",)


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    shaped = {k: v for k, v in entry.items() if k not in DROPPED}
    if "KmsKeyId" in shaped:
        shaped["KMSKeyId"] = shaped.pop("KmsKeyId")
    shaped.setdefault("RotationEnabled", False)  # ListSecrets leaves the key out of never-rotated secrets
    if shaped["RotationEnabled"]:
        on_time = rotation_on_schedule(shaped, datetime.now(UTC))
        if on_time is not None:
            shaped["RotationOccurringAsScheduled"] = on_time
    return shaped


def rotation_on_schedule(secret: dict[str, Any], now: datetime) -> bool | None:
    """Whether the secret's scheduled rotation has not been missed; None when nothing says when it was due."""
    rules = secret.get("RotationRules") or {}
    due = _moment(secret.get("NextRotationDate"))
    if due is None:
        last = _moment(secret.get("LastRotatedDate")) or _moment(secret.get("CreatedDate"))
        days = rules.get("AutomaticallyAfterDays")
        if last is None or not isinstance(days, int):
            return None
        due = last + timedelta(days=days)
    return now <= due + _window(rules.get("RotationDuration"))


def _window(duration: Any) -> timedelta:
    """The rotation window ("3h"); Secrets Manager's default for a days-based schedule is the whole day."""
    found = re.fullmatch(r"(\d+)h", str(duration or ""))
    return timedelta(hours=int(found.group(1))) if found else timedelta(days=1)


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return _moment(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


COLLECTORS = [
    spec_collector(
        "secretsmanager",
        "secretsmanager",
        (
            ResourceSpec(
                SECRET, "ListSecrets", "SecretList", "ARN", arn="ARN", name_key="Name", casing="api", clean=_clean,
            ),  # fmt: skip
        ),
        description="Secrets Manager secrets: rotation and last use (never the secret values)",
    )
]
