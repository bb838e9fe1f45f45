import boto3
from collecting import one, run
from moto import mock_aws

from compliance.collect.services.sagemaker import COLLECTORS, NOTEBOOK

SAGEMAKER = COLLECTORS[0]
ROLE = "arn:aws:iam::123456789012:role/sagemaker"


@mock_aws
def test_notebooks_internet_root_access_and_kms():
    client = boto3.client("sagemaker", region_name="us-east-1")
    client.create_notebook_instance(
        NotebookInstanceName="locked",
        InstanceType="ml.t3.medium",
        RoleArn=ROLE,
        DirectInternetAccess="Disabled",
        RootAccess="Disabled",
        KmsKeyId="key-1",
    )
    client.create_notebook_instance(NotebookInstanceName="open", InstanceType="ml.t3.medium", RoleArn=ROLE)

    items, errors = run(SAGEMAKER)

    assert errors == []
    locked = one(items, NOTEBOOK, "locked").configuration
    assert (locked["DirectInternetAccess"], locked["RootAccess"], locked["KmsKeyId"]) == (
        "Disabled",
        "Disabled",
        "key-1",
    )
    opened = one(items, NOTEBOOK, "open").configuration
    assert (opened["DirectInternetAccess"], opened["RootAccess"]) == ("Enabled", "Enabled")  # AWS's defaults
    assert "KmsKeyId" not in opened


@mock_aws
def test_denied_describe_recorded_per_notebook():
    boto3.client("sagemaker", region_name="us-east-1").create_notebook_instance(
        NotebookInstanceName="nb", InstanceType="ml.t3.medium", RoleArn=ROLE
    )
    items, errors = run(SAGEMAKER, deny={"sagemaker": ["DescribeNotebookInstance"]})
    assert items == []
    assert [(e.api, e.resourceId, e.resourceTypes) for e in errors] == [("DescribeNotebookInstance", "nb", [NOTEBOOK])]
