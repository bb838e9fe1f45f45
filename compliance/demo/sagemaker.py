"""Demo SageMaker: a locked-down notebook and one with direct internet and root access (SageMaker.1); a model
(moto 5.2.5 drops EnableNetworkIsolation, so it reads as not isolated: SageMaker.5), and endpoint configurations
with two instances and with one (SageMaker.4)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
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
