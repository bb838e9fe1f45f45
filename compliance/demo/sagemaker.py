"""Demo SageMaker: a locked-down notebook and one with direct internet and root access (SageMaker.1)."""

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
