"""SageMaker notebook instances (direct internet access, root access, KMS key, network placement,
platform), models (network isolation) and endpoint configurations (production variants), in AWS
Config's PascalCase spelling. Models and endpoint configurations are data (:mod:`compliance.collect.spec`):
the list, then the describe call per resource."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate
from compliance.collect.spec import Detail, ResourceSpec, spec_collector
from compliance.model import ConfigurationItem, Relationship

NOTEBOOK = "AWS::SageMaker::NotebookInstance"
MODEL = "AWS::SageMaker::Model"
ENDPOINT_CONFIG = "AWS::SageMaker::EndpointConfig"
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
    ),
    spec_collector(
        "sagemaker-models",
        "sagemaker",
        (
            ResourceSpec(
                MODEL,
                "ListModels",
                "Models",
                "ModelName",
                arn="ModelArn",
                name_key="ModelName",
                casing="api",
                tags_key=None,
                details=(Detail("DescribeModel", "configuration", lambda e: {"ModelName": e["ModelName"]}),),
                one=lambda name: {"NameContains": name},
            ),
            ResourceSpec(
                ENDPOINT_CONFIG,
                "ListEndpointConfigs",
                "EndpointConfigs",
                "EndpointConfigName",
                arn="EndpointConfigArn",
                name_key="EndpointConfigName",
                casing="api",
                tags_key=None,
                details=(
                    Detail(
                        "DescribeEndpointConfig",
                        "configuration",
                        lambda e: {"EndpointConfigName": e["EndpointConfigName"]},
                    ),
                ),
                one=lambda name: {"NameContains": name},
            ),
        ),
        description="SageMaker models (network isolation) and endpoint configurations (production variants)",
    ),
]
