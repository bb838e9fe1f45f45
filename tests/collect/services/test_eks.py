import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.eks import CLUSTER, COLLECTORS

EKS = COLLECTORS[0]
ROLE = "arn:aws:iam::123456789012:role/eks"


def _clusters() -> None:
    eks = boto3.client("eks", region_name="us-east-1")
    eks.create_cluster(
        name="private", version="1.32", roleArn=ROLE,
        resourcesVpcConfig={"subnetIds": ["subnet-1"], "endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": True},
                                    {"types": ["scheduler"], "enabled": False}]},
    )  # fmt: skip
    eks.create_cluster(name="public", version="1.27", roleArn=ROLE,
                       resourcesVpcConfig={"subnetIds": ["subnet-1"], "endpointPublicAccess": True})  # fmt: skip


@mock_aws
def test_clusters_in_config_spelling():
    _clusters()
    items, errors = run(EKS)
    assert errors == []
    private = one(items, CLUSTER, "private")
    assert private.arn == "arn:aws:eks:us-east-1:123456789012:cluster/private"
    assert private.get("configuration.Version") == "1.32"
    assert private.get("configuration.ResourcesVpcConfig.EndpointPublicAccess") is False
    assert private.get("configuration.Logging.ClusterLogging.EnabledTypes") == [{"Type": "api"}, {"Type": "audit"}]
    assert "CertificateAuthority" not in private.configuration and "ClientRequestToken" not in private.configuration
    public = one(items, CLUSTER, "public")
    assert public.get("configuration.ResourcesVpcConfig.EndpointPublicAccess") is True
    assert public.get("configuration.Logging.ClusterLogging.EnabledTypes") is None  # every log type off
    assert not public.get("configuration.EncryptionConfig")


def test_encryption_config_from_the_real_response_shape():
    # moto 5.2.5 drops encryptionConfig at CreateCluster
    client, stubber = stubbed("eks")
    key = "arn:aws:kms:us-east-1:123456789012:key/k"
    stubber.add_response("list_clusters", {"clusters": ["sealed"]})
    stubber.add_response(
        "describe_cluster",
        {"cluster": {"name": "sealed", "arn": "arn:aws:eks:us-east-1:123456789012:cluster/sealed", "version": "1.32",
                     "encryptionConfig": [{"resources": ["secrets"], "provider": {"keyArn": key}}],
                     "resourcesVpcConfig": {"endpointPublicAccess": False}}},
        {"name": "sealed"},
    )  # fmt: skip
    with stubber:
        items, errors = run(EKS, clients={"eks": client})
    assert errors == []
    assert one(items, CLUSTER, "sealed").get("configuration.EncryptionConfig") == [
        {"Resources": ["secrets"], "Provider": {"KeyArn": key}}
    ]


@mock_aws
def test_denied_describe_is_a_collection_error():
    _clusters()
    items, errors = run(EKS, deny={"eks": ["DescribeCluster"]})
    assert items == []
    assert sorted((e.api, e.resourceId, tuple(e.resourceTypes)) for e in errors) == [
        ("DescribeCluster", "private", (CLUSTER,)),
        ("DescribeCluster", "public", (CLUSTER,)),
    ]


@mock_aws
def test_read_one_by_name_and_arn():
    _clusters()
    ctx = context()
    assert EKS.read_one(ctx, "private").resourceId == "private"
    assert EKS.read_one(ctx, "arn:aws:eks:us-east-1:123456789012:cluster/public").resourceId == "public"
    assert EKS.read_one(ctx, "missing") is None
    assert ctx.errors == []
