"""Secrets Manager secrets, as data (:mod:`compliance.collect.spec`): ListSecrets gives every setting the
rules read (rotation, rotation rules, last rotated/accessed dates), in AWS Config's spelling
(``AWS::SecretsManager::Secret``, resource id the ARN, ``KMSKeyId``). Secret values are never read: the
collector calls no GetSecretValue and its IAM actions do not include it."""

from __future__ import annotations

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
    return shaped


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
