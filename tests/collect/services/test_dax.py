import boto3
from collecting import access_denied, context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.dax import CLUSTER, COLLECTORS

DAX = COLLECTORS[0]
ARN = "arn:aws:dax:us-east-1:123456789012:cache/{}"
ROLE = "arn:aws:iam::123456789012:role/dax"


def _clusters() -> None:
    dax = boto3.client("dax", region_name="us-east-1")
    dax.create_cluster(
        ClusterName="sealed", NodeType="dax.t3.small", ReplicationFactor=3, IamRoleArn=ROLE,
        SSESpecification={"Enabled": True}, ClusterEndpointEncryptionType="TLS",
    )  # fmt: skip
    dax.create_cluster(ClusterName="open", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE)


@mock_aws
def test_clusters_as_the_api_spells_them():
    _clusters()
    items, errors = run(DAX)
    assert errors == []
    sealed = one(items, CLUSTER, "sealed")
    assert (sealed.arn, sealed.resourceName) == (ARN.format("sealed"), "sealed")
    assert sealed.get("configuration.SSEDescription.Status") == "ENABLED"
    assert sealed.get("configuration.ClusterEndpointEncryptionType") == "TLS"
    assert sealed.get("configuration.TotalNodes") == 3
    assert sealed.get("configuration.IamRoleArn") == ROLE
    opened = one(items, CLUSTER, "open")
    assert opened.get("configuration.SSEDescription.Status") == "DISABLED"
    assert opened.get("configuration.ClusterEndpointEncryptionType") == "NONE"


def test_a_denied_list_is_an_error_and_yields_nothing():
    dax, stub = stubbed("dax")
    access_denied(stub, "describe_clusters")
    with stub:
        items, errors = run(DAX, clients={"dax": dax})
    assert items == [] and [(e.api, e.resourceTypes) for e in errors] == [("DescribeClusters", [CLUSTER])]


def test_a_cluster_without_endpoint_encryption_type_stays_unknown():
    """Clusters created before endpoint encryption existed may answer without the field: it is not made up."""
    dax, stub = stubbed("dax")
    old = {"ClusterName": "old", "ClusterArn": ARN.format("old"), "SSEDescription": {"Status": "DISABLED"}}
    stub.add_response("describe_clusters", {"Clusters": [old]})
    with stub:
        items, errors = run(DAX, clients={"dax": dax})
    assert errors == []
    assert "ClusterEndpointEncryptionType" not in one(items, CLUSTER, "old").configuration


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("dax", "us-east-1").meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    assert list(DAX.collect(ctx)) == []
    assert calls == ["DescribeClusters"]


@mock_aws
def test_one_cluster_by_name_or_arn():
    _clusters()
    ctx = context()
    assert DAX.read_one(ctx, "sealed").arn == ARN.format("sealed")
    assert DAX.read_one(ctx, ARN.format("open")).resourceId == "open"
    assert DAX.read_one(ctx, "gone") is None
