"""ECR rules: private repositories scan images, keep tags immutable and expire old images."""

from __future__ import annotations

from ._checks import non_empty, setting

REPOSITORY = "AWS::ECR::Repository"

ecr_private_image_scanning_enabled = setting(
    id="ecr-private-image-scanning-enabled",
    title="ECR private repositories scan images on push",
    resource_types=[REPOSITORY],
    path="configuration.ImageScanningConfiguration.ScanOnPush",
    what="scan on push",
    severity="high",
    trigger="periodic",
    rationale="Scanning on push finds known vulnerabilities in an image before it is deployed.",
    remediation="aws ecr put-image-scanning-configuration --repository-name R --image-scanning-configuration "
    "scanOnPush=true (or turn on enhanced scanning for the registry)",
)
ecr_private_tag_immutability_enabled = setting(
    id="ecr-private-tag-immutability-enabled",
    title="ECR private repositories have immutable image tags",
    resource_types=[REPOSITORY],
    path="configuration.ImageTagMutability",
    passes=lambda value, params: str(value).upper().startswith("IMMUTABLE"),
    failing="image tags are {value}",
    passing="image tags are immutable",
    severity="medium",
    rationale="A mutable tag can be pointed at another image, so what is deployed under it may change unseen.",
    remediation="aws ecr put-image-tag-mutability --repository-name R --image-tag-mutability IMMUTABLE",
)
ecr_private_lifecycle_policy_configured = setting(
    id="ecr-private-lifecycle-policy-configured",
    title="ECR private repositories have a lifecycle policy",
    resource_types=[REPOSITORY],
    path="configuration.LifecyclePolicy.LifecyclePolicyText",
    passes=non_empty,
    failing="no lifecycle policy",
    passing="a lifecycle policy expires old images",
    absent="fail",  # AWS Config leaves LifecyclePolicy out when there is none
    severity="medium",
    rationale="Without expiry, old and vulnerable images pile up and stay deployable.",
    remediation="aws ecr put-lifecycle-policy --repository-name R --lifecycle-policy-text file://policy.json",
)
