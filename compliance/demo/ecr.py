"""Demo ECR: a repository that scans on push, keeps tags immutable and expires untagged images, and a
mutable, unscanned one without a lifecycle policy (ECR.1, ECR.2, ECR.3)."""

from __future__ import annotations

import json
from typing import Any

LIFECYCLE = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "expire untagged images after 14 days",
            "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                          "countNumber": 14},
            "action": {"type": "expire"},
        }
    ]
}  # fmt: skip


def seed(session: Any, regions: list[str]) -> None:
    ecr = session.client("ecr", region_name=regions[0])
    ecr.create_repository(
        repositoryName="payments-api", imageTagMutability="IMMUTABLE", imageScanningConfiguration={"scanOnPush": True}
    )
    ecr.put_lifecycle_policy(repositoryName="payments-api", lifecyclePolicyText=json.dumps(LIFECYCLE))
    ecr.create_repository(repositoryName="legacy-images")
