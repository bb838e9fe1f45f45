"""Container and machine learning service rules of issue 13's collectors round (ECR, SageMaker endpoints, EKS), on
resources created in a simulated account (moto) and read by the real collectors (one collection per service)."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, ROLE_ARN, collected, verdicts

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


# --- SageMaker endpoint configurations -----------------------------------------------------------------

ENDPOINT_CONFIG = "AWS::SageMaker::EndpointConfig"


def _endpoint_configs(session: boto3.Session) -> None:
    sagemaker = session.client("sagemaker", region_name=REGION)
    sagemaker.create_model(ModelName="scorer", ExecutionRoleArn=ROLE_ARN, PrimaryContainer={"Image": "scorer:1"})
    variant = {"VariantName": "main", "ModelName": "scorer", "InstanceType": "ml.m5.large"}
    sagemaker.create_endpoint_config(
        EndpointConfigName="ha", ProductionVariants=[{**variant, "InitialInstanceCount": 2}]
    )
    sagemaker.create_endpoint_config(
        EndpointConfigName="single", ProductionVariants=[{**variant, "InitialInstanceCount": 1}]
    )


def test_sagemaker_endpoint_config_prod_instance_count():
    snapshot = collected(_endpoint_configs, ["sagemaker"])
    assert verdicts("sagemaker-endpoint-config-prod-instance-count", snapshot, ENDPOINT_CONFIG) == {
        "ha": COMPLIANT,
        "single": NON_COMPLIANT,
    }


# --- EKS ---------------------------------------------------------------------------------------------

EKS_CLUSTER = "AWS::EKS::Cluster"


def _eks(session: boto3.Session) -> None:
    eks = session.client("eks", region_name=REGION)
    eks.create_cluster(
        name="private", version="1.32", roleArn=ROLE_ARN,
        resourcesVpcConfig={"subnetIds": ["subnet-1"], "endpointPublicAccess": False},
        logging={"clusterLogging": [{"types": ["audit"], "enabled": True}]},
    )  # fmt: skip
    eks.create_cluster(name="public", version="1.27", roleArn=ROLE_ARN,
                       resourcesVpcConfig={"subnetIds": ["subnet-1"], "endpointPublicAccess": True})  # fmt: skip


@pytest.fixture(scope="module")
def eks_snapshot() -> Snapshot:
    return collected(_eks, ["eks"])


@pytest.mark.parametrize(
    "rule_id", ["eks-endpoint-no-public-access", "eks-cluster-supported-version", "eks-cluster-log-enabled"]
)
def test_eks_rules(eks_snapshot, rule_id):
    assert verdicts(rule_id, eks_snapshot, EKS_CLUSTER) == {"private": COMPLIANT, "public": NON_COMPLIANT}
