import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.ecr import COLLECTORS, REPOSITORY

ECR = COLLECTORS[0]
POLICY = (
    '{"rules":[{"rulePriority":1,"description":"expire untagged","selection":{"tagStatus":"untagged",'
    '"countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}'
)


def _repositories() -> None:
    ecr = boto3.client("ecr", region_name="us-east-1")
    ecr.create_repository(
        repositoryName="locked", imageTagMutability="IMMUTABLE", imageScanningConfiguration={"scanOnPush": True}
    )
    ecr.put_lifecycle_policy(repositoryName="locked", lifecyclePolicyText=POLICY)
    ecr.create_repository(repositoryName="loose")


@mock_aws
def test_repositories_in_config_spelling():
    _repositories()
    items, errors = run(ECR)
    assert errors == []
    locked = one(items, REPOSITORY, "locked")
    assert locked.arn == "arn:aws:ecr:us-east-1:123456789012:repository/locked"
    assert locked.resourceName == "locked"
    assert locked.get("configuration.ImageScanningConfiguration.ScanOnPush") is True
    assert locked.get("configuration.ImageTagMutability") == "IMMUTABLE"
    assert locked.get("configuration.LifecyclePolicy.LifecyclePolicyText") == POLICY
    loose = one(items, REPOSITORY, "loose")
    assert loose.get("configuration.ImageScanningConfiguration.ScanOnPush") is False
    assert loose.get("configuration.ImageTagMutability") == "MUTABLE"
    assert loose.get("configuration.LifecyclePolicy.LifecyclePolicyText") is None  # no policy: not an error


@mock_aws
def test_denied_lifecycle_read_is_a_collection_error():
    _repositories()
    items, errors = run(ECR, deny={"ecr": ["GetLifecyclePolicy"]})
    assert sorted((e.api, e.resourceId, tuple(e.resourceTypes)) for e in errors) == [
        ("GetLifecyclePolicy", "locked", (REPOSITORY,)),
        ("GetLifecyclePolicy", "loose", (REPOSITORY,)),
    ]
    assert all("LifecyclePolicy" not in i.configuration for i in items)  # unknown, not "none"


@mock_aws
def test_denied_list_is_a_collection_error():
    _repositories()
    items, errors = run(ECR, deny={"ecr": ["DescribeRepositories"]})
    assert items == []
    assert [(e.api, e.resourceTypes) for e in errors] == [("DescribeRepositories", [REPOSITORY])]


@mock_aws
def test_read_one_by_name_and_arn():
    _repositories()
    ctx = context()
    by_name = ECR.read_one(ctx, "locked")
    by_arn = ECR.read_one(ctx, "arn:aws:ecr:us-east-1:123456789012:repository/loose")
    assert (by_name.resourceId, by_arn.resourceId) == ("locked", "loose")
    assert ECR.read_one(ctx, "missing") is None
    assert ctx.errors == []
