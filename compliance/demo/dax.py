"""Demo DAX: a cluster encrypted at rest with TLS to its endpoint, and one with neither (DynamoDB.3, DynamoDB.7)."""

from __future__ import annotations

from typing import Any

ROLE = "arn:aws:iam::123456789012:role/demo-dax-access"


def seed(session: Any, regions: list[str]) -> None:
    dax = session.client("dax", region_name=regions[0])
    dax.create_cluster(
        ClusterName="catalog-reads", NodeType="dax.t3.small", ReplicationFactor=3, IamRoleArn=ROLE,
        SSESpecification={"Enabled": True}, ClusterEndpointEncryptionType="TLS",
    )  # fmt: skip
    dax.create_cluster(ClusterName="legacy-reads", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE)
