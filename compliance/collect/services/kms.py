"""KMS: customer-managed keys with rotation status (as AWS Config's KeyRotationStatus) and key policy.

AWS-managed keys are left out. ``KeyManager`` alone is not enough to tell them apart (the
simulator reports keys behind ``alias/aws/*`` as CUSTOMER), so a key targeted by an
``alias/aws/`` alias is treated as AWS-managed whatever ``KeyManager`` says.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, tag_dict
from compliance.model import ConfigurationItem

KEY = "AWS::KMS::Key"
TYPES = (KEY,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    kms = ctx.client("kms")
    keys = paginate(ctx, kms, "list_keys", "Keys", TYPES)
    if not keys:  # failed (recorded), or no key at all: nothing to name
        return
    aliases = paginate(ctx, kms, "list_aliases", "Aliases", TYPES)
    if aliases is None:
        return  # without aliases AWS-managed keys cannot be told apart reliably
    names: dict[str, list[str]] = {}
    for alias in aliases:
        if alias.get("TargetKeyId"):
            names.setdefault(alias["TargetKeyId"], []).append(alias["AliasName"])
    customer = [k["KeyId"] for k in keys if not any(a.startswith("alias/aws/") for a in names.get(k["KeyId"], []))]
    found = ctx.map(lambda key_id: _key(ctx, kms, key_id, names.get(key_id, [])), customer)
    yield from (item for item in found if item is not None)


def _key(ctx: CollectContext, kms: Any, key_id: str, aliases: list[str]) -> ConfigurationItem | None:
    described = call(ctx, "kms", "DescribeKey", kms.describe_key, TYPES, resource_id=key_id, KeyId=key_id)
    if described is None:
        return None
    meta = described["KeyMetadata"]
    if meta.get("KeyManager") != "CUSTOMER":
        return None
    configuration = config_case(meta)
    configuration["awsaccountId"] = configuration.pop("aWSAccountId", ctx.account_id)
    supplementary: dict[str, Any] = {"Aliases": aliases}
    state = meta.get("KeyState")
    rotatable = meta.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT" and meta.get("Origin") != "EXTERNAL"
    if rotatable and state not in ("PendingDeletion", "PendingReplicaDeletion"):
        rotation = call(
            ctx, "kms", "GetKeyRotationStatus", kms.get_key_rotation_status, TYPES, resource_id=key_id, KeyId=key_id
        )
        if rotation is not None:
            supplementary["KeyRotationStatus"] = bool(rotation.get("KeyRotationEnabled"))
            if rotation.get("RotationPeriodInDays") is not None:
                supplementary["RotationPeriodInDays"] = rotation["RotationPeriodInDays"]
    policy = call(
        ctx, "kms", "GetKeyPolicy", kms.get_key_policy, TYPES, resource_id=key_id, KeyId=key_id, PolicyName="default"
    )
    if policy is not None and policy.get("Policy"):
        supplementary["KeyPolicy"] = _parsed(policy["Policy"])
    tags = paginate(ctx, kms, "list_resource_tags", "Tags", TYPES, resource_id=key_id, KeyId=key_id)
    return ctx.item(
        KEY,
        key_id,
        configuration,
        arn=meta.get("Arn"),
        name=aliases[0] if aliases else None,
        tags=tag_dict([{"Key": t["TagKey"], "Value": t["TagValue"]} for t in tags or []]),
        supplementary=supplementary,
        created=configuration.get("creationDate"),
    )


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


COLLECTORS = [
    Collector(
        name="kms",
        resource_types=TYPES,
        permissions=(
            "kms:ListKeys",
            "kms:ListAliases",
            "kms:DescribeKey",
            "kms:GetKeyRotationStatus",
            "kms:GetKeyPolicy",
            "kms:ListResourceTags",
        ),
        collect=collect,
        description="Customer-managed KMS keys: rotation status, key policy, aliases",
    )
]
