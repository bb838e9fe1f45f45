"""Demo DMS: a private Multi-AZ replication instance and a public single-zone one (DMS.1, DMS.13)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    dms = session.client("dms", region_name=regions[0])
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="orders-migration",
        ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=False,
        AutoMinorVersionUpgrade=True,
        MultiAZ=True,
    )
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="legacy-migration",
        ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=True,
        AutoMinorVersionUpgrade=False,
        MultiAZ=False,
    )
