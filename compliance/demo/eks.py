"""Demo EKS: a private cluster on a supported version with audit logs on, and a public cluster on an old
version with every control plane log off (EKS.1, EKS.2, EKS.8). Secrets encryption shows off on both:
moto 5.2.5 drops encryptionConfig (EKS.3)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    eks = session.client("eks", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/service-role/demo-eks"
    eks.create_cluster(
        name="payments-prod", version="1.32", roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-0demo0eks0a"], "endpointPublicAccess": False,
                            "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": True}]},
    )  # fmt: skip
    eks.create_cluster(
        name="sandbox", version="1.27", roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-0demo0eks0b"], "endpointPublicAccess": True},
    )  # fmt: skip
