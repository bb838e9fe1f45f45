"""SQS rules: encryption at rest and queue access policies."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant

from ._checks import declare, public_policy
from ._util import as_bool

QUEUE = "AWS::SQS::Queue"


@declare(
    id="sqs-queue-encrypted",
    title="SQS queues are encrypted at rest",
    resource_types=[QUEUE],
    reads=["configuration.KmsMasterKeyId", "configuration.SqsManagedSseEnabled", "configuration.QueueArn"],
    severity="medium",
    rationale="Messages may hold sensitive data for days; encryption protects them while they wait.",
    remediation="aws sqs set-queue-attributes --queue-url Q --attributes SqsManagedSseEnabled=true "
    "(or KmsMasterKeyId=alias/aws/sqs)",
)
def sqs_queue_encrypted(ci):
    """Reads configuration.KmsMasterKeyId (SSE-KMS) and SqsManagedSseEnabled (SSE-SQS)."""
    if not ci.configuration:
        return insufficient_data("the queue's attributes were not recorded")
    if ci.configuration.get("KmsMasterKeyId"):
        return compliant("encrypted with KMS")
    if as_bool(ci.configuration.get("SqsManagedSseEnabled")):
        return compliant("encrypted with SQS-managed keys")
    return non_compliant("the queue is not encrypted at rest")


sqs_queue_no_public_access = public_policy(
    id="sqs-queue-no-public-access",
    title="SQS queue policies do not allow public access",
    resource_types=[QUEUE],
    path="configuration.Policy",
    what="queue",
    severity="medium",
    rationale="A public queue lets anyone send messages into it, or read and delete them.",
    remediation="aws sqs set-queue-attributes --queue-url Q --attributes Policy=file://p.json (limit principals, or "
    "add an aws:SourceAccount / aws:SourceArn condition)",
)
