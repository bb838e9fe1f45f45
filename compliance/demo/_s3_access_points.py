"""Demo S3 access points, seeded by :mod:`compliance.demo.s3` (so ``--services s3`` seeds them too): an
access point on the uploads bucket with every public access block on and a partner one with them off (S3.19),
and Multi-Region Access Points in the same two states over the EU analytics bucket (S3.24)."""

from __future__ import annotations

from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID

OPEN = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}


def seed_access_points(session: Any, regions: list[str], uploads: str, replicated: str) -> None:
    s3control = session.client("s3control", region_name=regions[0])
    s3control.create_access_point(AccountId=DEMO_ACCOUNT_ID, Name="uploads-internal", Bucket=uploads)
    s3control.create_access_point(
        AccountId=DEMO_ACCOUNT_ID, Name="uploads-partner", Bucket=uploads, PublicAccessBlockConfiguration=OPEN
    )
    oregon = session.client("s3control", region_name="us-west-2")  # where Multi-Region Access Points are managed
    for name, token, blocks in (("analytics-global", "demo-mrap-1", {}), ("analytics-open", "demo-mrap-2", OPEN)):
        details: dict[str, Any] = {"Name": name, "Regions": [{"Bucket": replicated}]}
        if blocks:
            details["PublicAccessBlock"] = blocks
        oregon.create_multi_region_access_point(AccountId=DEMO_ACCOUNT_ID, ClientToken=token, Details=details)
