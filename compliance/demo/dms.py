"""Demo DMS: a private replication instance and a public one (DMS.1)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    dms = session.client("dms", region_name=regions[0])
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="orders-migration",
        ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=False,
        AutoMinorVersionUpgrade=True,
    )
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="legacy-migration",
        ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=True,
        AutoMinorVersionUpgrade=False,
    )
