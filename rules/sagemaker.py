"""SageMaker rules: notebook instances."""

from __future__ import annotations

from ._util import property_rule

NOTEBOOK = "AWS::SageMaker::NotebookInstance"

sagemaker_notebook_no_direct_internet_access = property_rule(
    id="sagemaker-notebook-no-direct-internet-access",
    title="SageMaker notebook instances have no direct internet access",
    resource_types=[NOTEBOOK],
    path="configuration.DirectInternetAccess",
    passes=lambda value, params: str(value) == "Disabled",
    failing="direct internet access is {value}",
    passing="direct internet access is disabled",
    severity="high",
    trigger="periodic",
    rationale="A notebook with its own internet path bypasses the VPC's egress controls.",
    remediation="Recreate the notebook in a VPC subnet with DirectInternetAccess=Disabled.",
)
sagemaker_notebook_instance_root_access_check = property_rule(
    id="sagemaker-notebook-instance-root-access-check",
    title="SageMaker notebook users do not have root access",
    resource_types=[NOTEBOOK],
    path="configuration.RootAccess",
    passes=lambda value, params: str(value) == "Disabled",
    failing="root access is {value}",
    passing="root access is disabled",
    severity="high",
    rationale="Root on the notebook lets a user change its software, credentials handling and network setup.",
    remediation="aws sagemaker update-notebook-instance --notebook-instance-name N --root-access Disabled",
)
sagemaker_notebook_instance_inside_vpc = property_rule(
    id="sagemaker-notebook-instance-inside-vpc",
    title="SageMaker notebook instances run in a VPC",
    resource_types=[NOTEBOOK],
    path="configuration.SubnetId",
    passes=lambda value, params: bool(value),
    failing="the notebook is not in a VPC",
    passing="the notebook is in a VPC",
    absent="fail",
    severity="high",
    rationale="In a VPC the notebook's traffic is subject to security groups, endpoints and flow logs.",
    remediation="Recreate the notebook instance with a SubnetId and security groups.",
)
