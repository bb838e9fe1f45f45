import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.sagemaker import COLLECTORS, ENDPOINT_CONFIG, MODEL, NOTEBOOK

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


MODELS = COLLECTORS[1]


def _models_and_endpoint_configs() -> None:
    client = boto3.client("sagemaker", region_name="us-east-1")
    container = {"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1"}
    client.create_model(ModelName="isolated", ExecutionRoleArn=ROLE, PrimaryContainer=container,
                        EnableNetworkIsolation=True)  # fmt: skip
    client.create_model(ModelName="open", ExecutionRoleArn=ROLE, PrimaryContainer=container)
    variant = {"VariantName": "main", "ModelName": "isolated", "InstanceType": "ml.m5.large"}
    client.create_endpoint_config(EndpointConfigName="ha", ProductionVariants=[{**variant, "InitialInstanceCount": 2}])
    client.create_endpoint_config(
        EndpointConfigName="single", ProductionVariants=[{**variant, "InitialInstanceCount": 1}]
    )


@mock_aws
def test_models_and_endpoint_configs():
    _models_and_endpoint_configs()
    items, errors = run(MODELS)
    assert errors == []
    opened = one(items, MODEL, "open")
    assert opened.arn == "arn:aws:sagemaker:us-east-1:123456789012:model/open"
    # moto 5.2.5 drops EnableNetworkIsolation at CreateModel: every model reads back False (the Stubber test below)
    assert opened.get("configuration.EnableNetworkIsolation") is False
    single = one(items, ENDPOINT_CONFIG, "single")
    assert [v["InitialInstanceCount"] for v in single.get("configuration.ProductionVariants")] == [1]
    assert one(items, ENDPOINT_CONFIG, "ha").get("configuration.ProductionVariants")[0]["InitialInstanceCount"] == 2


@mock_aws
def test_denied_describe_model_is_a_collection_error():
    _models_and_endpoint_configs()
    items, errors = run(MODELS, deny={"sagemaker": ["DescribeModel"]})
    assert sorted((e.api, e.resourceId, tuple(e.resourceTypes)) for e in errors) == [
        ("DescribeModel", "isolated", (MODEL,)),
        ("DescribeModel", "open", (MODEL,)),
    ]
    assert all("EnableNetworkIsolation" not in i.configuration for i in items if i.resourceType == MODEL)


@mock_aws
def test_read_one_model_and_endpoint_config():
    _models_and_endpoint_configs()
    ctx = context()
    assert MODELS.read_one(ctx, "arn:aws:sagemaker:us-east-1:123456789012:model/open").resourceId == "open"
    assert MODELS.read_one(ctx, "single").resourceType == ENDPOINT_CONFIG
    assert MODELS.read_one(ctx, "missing") is None
    assert ctx.errors == []


def test_isolated_model_from_the_real_response_shape():
    client, stubber = stubbed("sagemaker")
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model/isolated"
    stubber.add_response("list_models", {"Models": [{"ModelName": "isolated", "ModelArn": arn,
                                                     "CreationTime": "2026-11-28T00:00:00Z"}]})  # fmt: skip
    stubber.add_response(
        "describe_model",
        {"ModelName": "isolated", "ModelArn": arn, "ExecutionRoleArn": ROLE, "EnableNetworkIsolation": True,
         "PrimaryContainer": {"Image": "model:1"}, "CreationTime": "2026-11-28T00:00:00Z"},
        {"ModelName": "isolated"},
    )  # fmt: skip
    stubber.add_response("list_endpoint_configs", {"EndpointConfigs": []})
    with stubber:
        items, errors = run(MODELS, clients={"sagemaker": client})
    assert errors == []
    assert one(items, MODEL, "isolated").get("configuration.EnableNetworkIsolation") is True
