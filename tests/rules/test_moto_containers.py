"""Container and application service rules of issue 13's collectors round (ECR, ...), on resources created
in a simulated account (moto) and read by the real collectors (one collection per service)."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

# --- ECR ---------------------------------------------------------------------------------------------

REPOSITORY = "AWS::ECR::Repository"
LIFECYCLE = (
    '{"rules":[{"rulePriority":1,"description":"expire untagged","selection":{"tagStatus":"untagged",'
    '"countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}'
)


def _ecr(session: boto3.Session) -> None:
    ecr = session.client("ecr", region_name=REGION)
    ecr.create_repository(
        repositoryName="locked", imageTagMutability="IMMUTABLE", imageScanningConfiguration={"scanOnPush": True}
    )
    ecr.put_lifecycle_policy(repositoryName="locked", lifecyclePolicyText=LIFECYCLE)
    ecr.create_repository(repositoryName="loose")


@pytest.fixture(scope="module")
def ecr_snapshot() -> Snapshot:
    return collected(_ecr, ["ecr"])


@pytest.mark.parametrize(
    "rule_id",
    ["ecr-private-image-scanning-enabled", "ecr-private-tag-immutability-enabled",
     "ecr-private-lifecycle-policy-configured"],
)  # fmt: skip
def test_ecr_rules(ecr_snapshot, rule_id):
    assert verdicts(rule_id, ecr_snapshot, REPOSITORY) == {"locked": COMPLIANT, "loose": NON_COMPLIANT}
