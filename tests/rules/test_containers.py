"""ECR, ECS and EKS rules on AWS Config-shaped items."""

from __future__ import annotations

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_ci, property_cases

REPO, TASK, SERVICE, EKS = "AWS::ECR::Repository", "AWS::ECS::TaskDefinition", "AWS::ECS::Service", "AWS::EKS::Cluster"


def task(*containers, **config):
    return make_ci(TASK, "td-1", {"ContainerDefinitions": list(containers), "Status": "ACTIVE", **config})


def container(**config):
    return {"Name": "app", **config}


def service(**config):
    return make_ci(SERVICE, "svc-1", config)


def fargate(network):
    return service(LaunchType="FARGATE", NetworkConfiguration=network)


def awsvpc(assign):
    return {"AwsvpcConfiguration": {"AssignPublicIp": assign}}


LOGS = {"LogConfiguration": {"LogDriver": "awslogs"}}
SECRET_ENV = [{"Name": "AWS_SECRET_ACCESS_KEY", "Value": "x"}]
CASES = [
    *property_cases("ecr-private-image-scanning-enabled", REPO, "configuration.ImageScanningConfiguration.ScanOnPush",
                    True, False),
    *property_cases("ecr-private-tag-immutability-enabled", REPO, "configuration.ImageTagMutability", "IMMUTABLE",
                    "MUTABLE"),
    *property_cases("ecr-private-lifecycle-policy-configured", REPO,
                    "configuration.LifecyclePolicy.LifecyclePolicyText",
                    '{"rules": []}', "", absent=NC),
    Case("ecs-task-definition-user-for-host-mode-check", C, [task(container(User="1000"), NetworkMode="host")]),
    Case("ecs-task-definition-user-for-host-mode-check", NC, [task(container(), NetworkMode="host")], "root"),
    Case("ecs-task-definition-user-for-host-mode-check", NA, [task(container(), NetworkMode="awsvpc")]),
    Case("ecs-task-definition-user-for-host-mode-check", NA,
         [task(container(), NetworkMode="host", Status="INACTIVE")]),
    Case("ecs-task-definition-user-for-host-mode-check", INS, [make_ci(TASK, "td-1", {"NetworkMode": "host"})]),
    Case("ecs-containers-nonprivileged", C, [task(container(Privileged=False))]),
    Case("ecs-containers-nonprivileged", NC, [task(container(Privileged=True))]),
    Case("ecs-containers-nonprivileged", INS, [make_ci(TASK, "td-1", {})]),
    Case("ecs-containers-readonly-access", C, [task(container(ReadonlyRootFilesystem=True))]),
    Case("ecs-containers-readonly-access", NC, [task(container())]),
    Case("ecs-containers-readonly-access", INS, [make_ci(TASK, "td-1", {})]),
    Case("ecs-no-environment-secrets", C, [task(container(Environment=[{"Name": "STAGE", "Value": "prod"}]))]),
    Case("ecs-no-environment-secrets", NC, [task(container(Environment=SECRET_ENV))]),
    Case("ecs-no-environment-secrets", INS, [make_ci(TASK, "td-1", {})]),
    Case("ecs-task-definition-log-configuration", C, [task(container(**LOGS))]),
    Case("ecs-task-definition-log-configuration", NC, [task(container(**LOGS), {"Name": "sidecar"})]),
    Case("ecs-task-definition-log-configuration", INS, [make_ci(TASK, "td-1", {})]),
    Case("ecs-task-definition-pid-mode-check", C, [task(container())]),
    Case("ecs-task-definition-pid-mode-check", NC, [task(container(), PidMode="host")]),
    Case("ecs-task-definition-pid-mode-check", INS, [make_ci(TASK, "td-1", {"PidMode": "task"})]),
    Case("ecs-service-assign-public-ip-disabled", C, [fargate(awsvpc("DISABLED"))]),
    Case("ecs-service-assign-public-ip-disabled", NC, [fargate(awsvpc("ENABLED"))]),
    Case("ecs-service-assign-public-ip-disabled", NA, [service(LaunchType="EC2")]),
    Case("ecs-service-assign-public-ip-disabled", INS, [service()]),
    *property_cases("ecs-taskset-assign-public-ip-disabled", "AWS::ECS::TaskSet",
                    "configuration.NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp", "DISABLED", "ENABLED"),
    Case("ecs-fargate-latest-platform-version", C, [service(LaunchType="FARGATE", PlatformVersion="LATEST")]),
    Case("ecs-fargate-latest-platform-version", C, [service(LaunchType="FARGATE", PlatformVersion="1.4.0")]),
    Case("ecs-fargate-latest-platform-version", NC, [service(LaunchType="FARGATE", PlatformVersion="1.3.0")]),
    Case("ecs-fargate-latest-platform-version", NA, [service(LaunchType="EC2")]),
    Case("ecs-fargate-latest-platform-version", INS, [service(LaunchType="FARGATE")]),
    *property_cases("ecs-container-insights-enabled", "AWS::ECS::Cluster", "configuration.ClusterSettings",
                    [{"Name": "containerInsights", "Value": "enabled"}],
                    [{"Name": "containerInsights", "Value": "disabled"}]),
    *property_cases("eks-endpoint-no-public-access", EKS, "configuration.ResourcesVpcConfig.EndpointPublicAccess",
                    False, True),
    *property_cases("eks-cluster-supported-version", EKS, "configuration.Version", "1.33", "1.24"),
    *property_cases("eks-cluster-secrets-encrypted", EKS, "configuration.EncryptionConfig",
                    [{"Resources": ["secrets"], "Provider": {"KeyArn": "k"}}], [], absent=NC),
    *property_cases("eks-cluster-log-enabled", EKS, "configuration.Logging.ClusterLogging.EnabledTypes",
                    [{"Type": "api"}, {"Type": "audit"}], [{"Type": "api"}], absent=NC),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
