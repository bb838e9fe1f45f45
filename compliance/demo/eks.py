"""Demo EKS: a private cluster on a supported version with audit logs on, and a public cluster on an old
version with every control plane log off (EKS.1, EKS.2, EKS.8). Secrets encryption shows off on both:
moto 5.2.5 drops encryptionConfig (EKS.3).

moto draws the endpoint and OIDC issuer names once, when its EKS module is imported (before the demo seeds its
random source), so the seed fixes them: the demo is the same account on every run."""

from __future__ import annotations

from typing import Any


def _steady_names() -> None:
    from moto.eks import models

    models.ENDPOINT_TEMPLATE = "https://D3M0EKSENDPOINT0000000.gr7.{region}.eks.amazonaws.com/"
    models.ISSUER_TEMPLATE = "https://oidc.eks.{region}.amazonaws.com/id/D3M0EKS0ID"


def seed(session: Any, regions: list[str]) -> None:
    _steady_names()
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
