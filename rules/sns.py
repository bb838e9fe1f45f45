"""SNS rules: topic access policies."""

from __future__ import annotations

from ._checks import public_policy

sns_topic_no_public_access = public_policy(
    id="sns-topic-no-public-access",
    title="SNS topic policies do not allow public access",
    resource_types=["AWS::SNS::Topic"],
    path="configuration.Policy",
    what="topic",
    severity="critical",
    rationale="A public topic lets anyone publish to its subscribers or subscribe to its messages.",
    remediation="aws sns set-topic-attributes --topic-arn T --attribute-name Policy --attribute-value file://p.json "
    "(limit principals, or add an aws:SourceAccount / aws:SourceArn condition)",
)
