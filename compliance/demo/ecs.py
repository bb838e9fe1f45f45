"""Demo ECS: a cluster with Container Insights and one without (ECS.12); a private Fargate service on 1.4.0 and a
public one on 1.3.0 (ECS.2, ECS.10); a hardened task definition and a risky one (host PID mode, root in host network
mode, writable root, no logging, a credential in the environment that must never reach a snapshot: ECS.1, ECS.3,
ECS.5, ECS.8, ECS.9)."""

from __future__ import annotations

from typing import Any

SECRETS = ("demo-ecs-secret-key-3b7d1f",)


def seed(session: Any, regions: list[str]) -> None:
    ecs = session.client("ecs", region_name=regions[0])
    ecs.create_cluster(clusterName="payments", settings=[{"name": "containerInsights", "value": "enabled"}])
    ecs.create_cluster(clusterName="batch-legacy")
    base = {"name": "app", "image": "app:1", "memory": 512}
    logs = {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/payments"}}
    ecs.register_task_definition(family="payments-api", networkMode="awsvpc", containerDefinitions=[
        {**base, "user": "1000", "readonlyRootFilesystem": True, "logConfiguration": logs}])  # fmt: skip
    ecs.register_task_definition(family="batch-worker", networkMode="host", pidMode="host", containerDefinitions=[
        {**base, "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": SECRETS[0]}]}])  # fmt: skip
    ec2 = session.client("ec2", region_name=regions[0])
    vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.60.1.0/24")["Subnet"]["SubnetId"]
    for name, ip, version in (("payments-api", "DISABLED", "1.4.0"), ("status-page", "ENABLED", "1.3.0")):
        ecs.create_service(
            cluster="payments", serviceName=name, taskDefinition="payments-api", desiredCount=1, launchType="FARGATE",
            platformVersion=version,
            networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [],
                                                          "assignPublicIp": ip}},
        )  # fmt: skip
