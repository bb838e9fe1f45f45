"""Demo Redshift: a private encrypted cluster and a public unencrypted one (Redshift.1 and friends)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    common = {"NodeType": "dc2.large", "MasterUsername": "analyst", "MasterUserPassword": "DemoPassw0rd1"}
    session.client("redshift", region_name=regions[0]).create_cluster(
        ClusterIdentifier="analytics", PubliclyAccessible=False, Encrypted=True, AllowVersionUpgrade=True, **common
    )
    session.client("redshift", region_name=regions[-1]).create_cluster(
        ClusterIdentifier="legacy-warehouse",
        PubliclyAccessible=True,
        Encrypted=False,
        AllowVersionUpgrade=False,
        **common,
    )
