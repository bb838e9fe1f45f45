"""Container and machine learning service rules of issue 13's collectors round (ECR, SageMaker endpoints, EKS, ECS), on
resources created in a simulated account (moto) and read by the real collectors (one collection per service)."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, ROLE_ARN, collected, make_subnets, states, verdicts

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


# --- ECS ---------------------------------------------------------------------------------------------

ECS_CLUSTER, ECS_SERVICE, ECS_TASK_SET = "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskSet"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"


def _ecs(session: boto3.Session) -> None:
    ecs = session.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName="insights", settings=[{"name": "containerInsights", "value": "enabled"}])
    ecs.create_cluster(clusterName="plain")
    base = {"name": "app", "image": "app:1", "memory": 512}
    logs = {"logDriver": "awslogs", "options": {"awslogs-group": "/app"}}
    ecs.register_task_definition(family="hardened", networkMode="host", containerDefinitions=[
        {**base, "user": "1000", "readonlyRootFilesystem": True, "logConfiguration": logs}])  # fmt: skip
    ecs.register_task_definition(family="risky", networkMode="host", pidMode="host", containerDefinitions=[
        {**base, "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": "not-a-real-secret"}]}])  # fmt: skip
    ecs.register_task_definition(family="privileged", containerDefinitions=[{**base, "privileged": True}])
    _, subnets = make_subnets(session, "10.7")

    def network(ip: str) -> dict:
        return {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [], "assignPublicIp": ip}}

    common = {"cluster": "insights", "taskDefinition": "hardened", "desiredCount": 1, "launchType": "FARGATE"}
    ecs.create_service(serviceName="private", platformVersion="1.4.0", networkConfiguration=network("DISABLED"),
                       **common)  # fmt: skip
    ecs.create_service(serviceName="public", platformVersion="1.3.0", networkConfiguration=network("ENABLED"),
                       **common)  # fmt: skip
    for name, ip in (("blue", "DISABLED"), ("green", "ENABLED")):
        ecs.create_service(cluster="insights", serviceName=name, taskDefinition="hardened", desiredCount=1,
                           deploymentController={"type": "EXTERNAL"})  # fmt: skip
        ecs.create_task_set(cluster="insights", service=name, taskDefinition="hardened", launchType="FARGATE",
                            networkConfiguration=network(ip))  # fmt: skip


@pytest.fixture(scope="module")
def ecs_snapshot() -> Snapshot:
    return collected(_ecs, ["ecs"])


@pytest.mark.parametrize(
    ("rule_id", "resource_type", "expected"),
    [
        ("ecs-container-insights-enabled", ECS_CLUSTER, {"insights": COMPLIANT, "plain": NON_COMPLIANT}),
        ("ecs-service-assign-public-ip-disabled", ECS_SERVICE, {"private": COMPLIANT, "public": NON_COMPLIANT}),
        ("ecs-fargate-latest-platform-version", ECS_SERVICE, {"private": COMPLIANT, "public": NON_COMPLIANT}),
        ("ecs-task-definition-user-for-host-mode-check", TASK_DEFINITION, {"hardened": COMPLIANT,
                                                                           "risky": NON_COMPLIANT}),
        ("ecs-task-definition-pid-mode-check", TASK_DEFINITION, {"hardened": COMPLIANT, "risky": NON_COMPLIANT}),
        ("ecs-containers-readonly-access", TASK_DEFINITION, {"hardened": COMPLIANT, "risky": NON_COMPLIANT}),
        ("ecs-no-environment-secrets", TASK_DEFINITION, {"hardened": COMPLIANT, "risky": NON_COMPLIANT}),
        ("ecs-task-definition-log-configuration", TASK_DEFINITION, {"hardened": COMPLIANT, "risky": NON_COMPLIANT}),
        ("ecs-containers-nonprivileged", TASK_DEFINITION, {"hardened": COMPLIANT, "privileged": NON_COMPLIANT}),
    ],
)  # fmt: skip
def test_ecs_rules(ecs_snapshot, rule_id, resource_type, expected):
    found = verdicts(rule_id, ecs_snapshot, resource_type)
    assert {name: found.get(name) for name in expected} == expected


def test_ecs_taskset_assign_public_ip_disabled(ecs_snapshot):
    by_id = states("ecs-taskset-assign-public-ip-disabled", ecs_snapshot)
    by_service = {i.configuration["Service"].rsplit("/", 1)[-1]: by_id[i.resourceId] for i in ecs_snapshot
                  if i.resourceType == ECS_TASK_SET}  # fmt: skip
    assert by_service == {"blue": COMPLIANT, "green": NON_COMPLIANT}
