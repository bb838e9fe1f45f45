"""ECR private repositories, as data (:mod:`compliance.collect.spec`): DescribeRepositories, then
GetLifecyclePolicy per repository. AWS Config spells the type's properties the CloudFormation way
(``ImageScanningConfiguration.ScanOnPush``, ``LifecyclePolicy.LifecyclePolicyText``); a repository
without a lifecycle policy has no ``LifecyclePolicy``."""

from __future__ import annotations

from typing import Any

from compliance.collect.helpers import pascal_case
from compliance.collect.spec import Detail, ResourceSpec, spec_collector

REPOSITORY = "AWS::ECR::Repository"


def _lifecycle(response: dict[str, Any]) -> dict[str, Any]:
    return {"LifecyclePolicyText": response.get("lifecyclePolicyText"), "RegistryId": response.get("registryId")}


COLLECTORS = [
    spec_collector(
        "ecr",
        "ecr",
        (
            ResourceSpec(
                REPOSITORY,
                "DescribeRepositories",
                "repositories",
                "repositoryName",
                arn=lambda ctx, entry: entry.get("Arn"),
                name_key="RepositoryName",
                casing="api",
                tags_key=None,
                clean=lambda entry: {"Arn": entry.get("repositoryArn"), **pascal_case(entry)},
                details=(
                    Detail(
                        "GetLifecyclePolicy",
                        "configuration.LifecyclePolicy",
                        lambda e: {"repositoryName": e["RepositoryName"], "registryId": e["RegistryId"]},
                        _lifecycle,
                        not_configured=("LifecyclePolicyNotFoundException",),
                    ),
                ),
                one=lambda name: {"repositoryNames": [name]},
            ),
        ),
        description="ECR private repositories: scan on push, tag mutability, lifecycle policy",
    )
]
