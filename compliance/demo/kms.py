"""Demo KMS keys: one rotated (compliant), one not rotated (non-compliant), per region."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    for region in regions:
        kms = session.client("kms", region_name=region)
        rotated = kms.create_key(Description="demo: application data key")["KeyMetadata"]["KeyId"]
        kms.enable_key_rotation(KeyId=rotated)
        kms.create_alias(AliasName="alias/demo-app", TargetKeyId=rotated)
        stale = kms.create_key(Description="demo: legacy key without rotation")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/demo-legacy", TargetKeyId=stale)
