"""SageMaker notebook instances: direct internet access, root access, KMS key, network placement,
in AWS Config's PascalCase spelling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate
from compliance.model import ConfigurationItem, Relationship

NOTEBOOK = "AWS::SageMaker::NotebookInstance"
TYPES = (NOTEBOOK,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    sagemaker = ctx.client("sagemaker")
    notebooks = paginate(ctx, sagemaker, "list_notebook_instances", "NotebookInstances", TYPES) or []
    found = ctx.map(lambda summary: _notebook(ctx, sagemaker, summary["NotebookInstanceName"]), notebooks)
    yield from (item for item in found if item is not None)


def _notebook(ctx: CollectContext, sagemaker: Any, name: str) -> ConfigurationItem | None:
    found = call(
        ctx,
        "sagemaker",
        "DescribeNotebookInstance",
        sagemaker.describe_notebook_instance,
        TYPES,
        resource_id=name,
        NotebookInstanceName=name,
    )
    if found is None:
        return None
    configuration = jsonable(found)
    configuration.pop("Url", None)
    # AWS's documented defaults when the field is not returned
    configuration.setdefault("DirectInternetAccess", "Enabled")
    configuration.setdefault("RootAccess", "Enabled")
    relationships = [
        Relationship("AWS::EC2::SecurityGroup", sg, relationshipName="Is associated with SecurityGroup")
        for sg in found.get("SecurityGroups") or []
    ]
    if found.get("SubnetId"):
        relationships.append(
            Relationship("AWS::EC2::Subnet", found["SubnetId"], relationshipName="Is contained in Subnet")
        )
    return ctx.item(
        NOTEBOOK,
        name,
        configuration,
        arn=found.get("NotebookInstanceArn"),
        name=name,
        relationships=relationships,
        created=configuration.get("CreationTime"),
    )


COLLECTORS = [
    Collector(
        name="sagemaker",
        resource_types=TYPES,
        permissions=("sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance"),
        collect=collect,
        description="SageMaker notebook instances: direct internet access, root access, encryption, VPC",
    )
]
