"""Demo SageMaker: a locked-down notebook and one with direct internet and root access (SageMaker.1); a model
(moto 5.2.5 drops EnableNetworkIsolation, so it reads as not isolated: SageMaker.5), and endpoint configurations
with two instances and with one (SageMaker.4). The simulator leaves PlatformIdentifier out of
DescribeNotebookInstance; the demo adds it: Amazon Linux 2023 for the locked-down notebook, the retired
Amazon Linux 1 platform for the other (SageMaker.9 pattern)."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import amend

PLATFORMS = {"fraud-model": "notebook-al2023-v1", "scratch-notebook": "notebook-al1-v1"}


def _platform(parsed: dict[str, Any]) -> None:
    if parsed.get("NotebookInstanceName") in PLATFORMS:
        parsed.setdefault("PlatformIdentifier", PLATFORMS[parsed["NotebookInstanceName"]])


def seed(session: Any, regions: list[str]) -> None:
    amend(session, "sagemaker", "DescribeNotebookInstance", _platform)
    client = session.client("sagemaker", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/service-role/demo-sagemaker"
    client.create_notebook_instance(
        NotebookInstanceName="fraud-model",
        InstanceType="ml.t3.medium",
        RoleArn=role,
        DirectInternetAccess="Disabled",
        RootAccess="Disabled",
    )
    client.create_notebook_instance(NotebookInstanceName="scratch-notebook", InstanceType="ml.t3.medium", RoleArn=role)
    client.create_model(
        ModelName="fraud-scorer",
        ExecutionRoleArn=role,
        PrimaryContainer={"Image": f"{account}.dkr.ecr.{regions[0]}.amazonaws.com/fraud-scorer:3"},
    )
    variant = {"VariantName": "primary", "ModelName": "fraud-scorer", "InstanceType": "ml.m5.large"}
    client.create_endpoint_config(
        EndpointConfigName="fraud-scorer-prod", ProductionVariants=[{**variant, "InitialInstanceCount": 2}]
    )
    client.create_endpoint_config(
        EndpointConfigName="fraud-scorer-canary", ProductionVariants=[{**variant, "InitialInstanceCount": 1}]
    )
