"""SageMaker rules FSBP added: endpoint variants with several instances, model network isolation, supported
notebook platforms."""

from __future__ import annotations

from compliance.rule import Param

from ._checks import setting
from ._util import as_list
from .sagemaker import NOTEBOOK

sagemaker_endpoint_config_prod_instance_count = setting(
    id="sagemaker-endpoint-config-prod-instance-count",
    title="SageMaker endpoint production variants have more than one instance",
    resource_types=["AWS::SageMaker::EndpointConfig"],
    path="configuration.ProductionVariants",
    passes=lambda value, params: all(
        v.get("ServerlessConfig") or int(v.get("InitialInstanceCount") or 0) > 1 for v in as_list(value)
    ),
    failing="a production variant has a single instance",
    passing="every production variant has several instances",
    severity="medium",
    trigger="periodic",
    rationale="With one instance, the endpoint is down whenever that instance is replaced or fails.",
    remediation="Create an endpoint config with InitialInstanceCount of 2 or more and update the endpoint to it.",
)
sagemaker_model_isolation_enabled = setting(
    id="sagemaker-model-isolation-enabled",
    title="SageMaker models have network isolation",
    resource_types=["AWS::SageMaker::Model"],
    path="configuration.EnableNetworkIsolation",
    what="network isolation",
    severity="medium",
    rationale="An isolated model container cannot make outbound calls, so it cannot leak data or fetch code.",
    remediation="Create the model again with --enable-network-isolation and point the endpoint config at it.",
)
_PLATFORMS = ["notebook-al2023-v1"]
sagemaker_notebook_instance_platform_version = setting(
    id="sagemaker-notebook-instance-platform-version",
    title="SageMaker notebook instances run on a supported platform",
    resource_types=[NOTEBOOK],
    path="configuration.PlatformIdentifier",
    passes=lambda value, params: str(value) in params["supportedPlatformIdentifierVersions"],
    failing="platform {value} is not supported",
    passing="on a supported platform",
    parameters={"supportedPlatformIdentifierVersions": Param(list, _PLATFORMS, "Supported platform identifiers")},
    severity="medium",
    trigger="periodic",
    rationale="Platforms out of support get no operating system or Jupyter security updates.",
    remediation="aws sagemaker update-notebook-instance --notebook-instance-name N --platform-identifier "
    "notebook-al2023-v1 (stop the instance first)",
)
