"""SQS queues: ListQueues (queue URLs), then GetQueueAttributes (all) and ListQueueTags per queue, in AWS
Config's spelling (``AWS::SQS::Queue``, resource id the queue URL, attribute names as the API gives them).
Counts and integer settings become numbers and the epoch timestamps ISO 8601, as Config records them; the
message counts are state, not configuration, and are left out. The access policy is kept as ``Policy``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, paginate
from compliance.model import ConfigurationItem

QUEUE = "AWS::SQS::Queue"
TYPES = (QUEUE,)
ABSENT = ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
INTEGERS = (
    "DelaySeconds", "KmsDataKeyReusePeriodSeconds", "MaximumMessageSize", "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout",
)  # fmt: skip
TIMESTAMPS = ("CreatedTimestamp", "LastModifiedTimestamp")
STATE = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed")
CALLS = (
    Call("ListQueues", "sqs:ListQueues", {QUEUE: ()}, lists=TYPES),
    Call("GetQueueAttributes", "sqs:GetQueueAttributes", {QUEUE: ("configuration",)}, per="resource"),
    Call("ListQueueTags", "sqs:ListQueueTags", {QUEUE: ("tags",)}, per="resource"),
    Call("GetQueueUrl", "sqs:GetQueueUrl", {}, per="resource"),  # one queue read by ARN
)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    sqs = ctx.client("sqs")
    urls = paginate(ctx, sqs, "list_queues", "QueueUrls", TYPES) or []
    found = ctx.map(lambda url: _queue(ctx, sqs, url), urls)
    yield from (item for item in found if item is not None)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    sqs = ctx.client("sqs")
    if id_or_arn.startswith("arn:"):
        name = id_or_arn.rsplit(":", 1)[-1]
        found = call(ctx, "sqs", "GetQueueUrl", sqs.get_queue_url, TYPES, resource_id=id_or_arn, absent=ABSENT,
                     QueueName=name)  # fmt: skip
        id_or_arn = (found or {}).get("QueueUrl") or ""
    return _queue(ctx, sqs, id_or_arn, absent_ok=True) if id_or_arn else None


def configuration(url: str, attributes: dict[str, str]) -> dict[str, Any]:
    """GetQueueAttributes' attributes as AWS Config records them."""
    shaped: dict[str, Any] = {k: v for k, v in attributes.items() if k not in STATE}
    for key in INTEGERS:
        if str(shaped.get(key, "")).isdigit():
            shaped[key] = int(shaped[key])
    for key in TIMESTAMPS:
        if str(shaped.get(key, "")).replace(".", "", 1).isdigit():
            shaped[key] = datetime.fromtimestamp(int(float(shaped[key])), UTC).isoformat()
    shaped["QueueUrl"] = url
    shaped["QueueName"] = url.rstrip("/").rsplit("/", 1)[-1]
    return shaped


def _queue(ctx: CollectContext, sqs: Any, url: str, *, absent_ok: bool = False) -> ConfigurationItem | None:
    absent = ABSENT if absent_ok else ()
    attributes: dict[str, str] = {}
    if ctx.wants("GetQueueAttributes"):
        found = call(ctx, "sqs", "GetQueueAttributes", sqs.get_queue_attributes, TYPES, resource_id=url,
                     absent=absent, QueueUrl=url, AttributeNames=["All"])  # fmt: skip
        if absent_ok and found == {}:
            return None
        attributes = (found or {}).get("Attributes") or {}  # a failed read: the queue, its settings unknown
    tags: dict[str, str] = {}
    if ctx.wants("ListQueueTags"):
        listed = call(ctx, "sqs", "ListQueueTags", sqs.list_queue_tags, TYPES, resource_id=url, QueueUrl=url)
        tags = (listed or {}).get("Tags") or {}
    shaped = configuration(url, attributes) if attributes else {}
    name = url.rstrip("/").rsplit("/", 1)[-1]
    return ctx.item(
        QUEUE, url, shaped, arn=attributes.get("QueueArn") or _arn(ctx, name), name=name, tags=tags,
        created=shaped.get("CreatedTimestamp"),
    )  # fmt: skip


def _arn(ctx: CollectContext, name: str) -> str:
    return f"arn:{ctx.partition}:sqs:{ctx.region}:{ctx.account_id}:{name}"


COLLECTORS = [
    Collector(
        name="sqs",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="SQS queues: encryption at rest and access policies",
    )
]
