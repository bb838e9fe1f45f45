"""Data Firehose delivery streams in AWS Config's spelling (``AWS::KinesisFirehose::DeliveryStream``,
resource id the stream name): ListDeliveryStreams names the streams, DescribeDeliveryStream per stream
gives ``DeliveryStreamType``, the source, the destinations and the server-side encryption, and
ListTagsForDeliveryStream the tags.

Encryption is recorded as Config's ``DeliveryStreamEncryptionConfigurationInput`` (``KeyType``,
``KeyARN``) only while it is on (status ENABLED, ENABLING or DISABLING_FAILED); a stream whose
encryption is off has no such key, as in Config, and a stream whose description could not be read
is a collection error. Destination descriptions become Config's ``...DestinationConfiguration`` keys;
the Splunk HEC token and any access key are left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, call, jsonable, tag_dict
from compliance.model import ConfigurationItem

STREAM = "AWS::KinesisFirehose::DeliveryStream"
TYPES = (STREAM,)
ABSENT = ("ResourceNotFoundException",)
OFF = {"DISABLED", "DISABLING", "ENABLING_FAILED"}
SECRETS = {"HECToken", "AccessKey"}
# DescribeDeliveryStream's destination keys -> AWS Config's configuration keys
DESTINATIONS = {
    "ExtendedS3DestinationDescription": "ExtendedS3DestinationConfiguration",
    "RedshiftDestinationDescription": "RedshiftDestinationConfiguration",
    "ElasticsearchDestinationDescription": "ElasticsearchDestinationConfiguration",
    "AmazonopensearchserviceDestinationDescription": "AmazonopensearchserviceDestinationConfiguration",
    "AmazonOpenSearchServerlessDestinationDescription": "AmazonOpenSearchServerlessDestinationConfiguration",
    "SplunkDestinationDescription": "SplunkDestinationConfiguration",
    "HttpEndpointDestinationDescription": "HttpEndpointDestinationConfiguration",
}
NESTED = {"S3DestinationDescription": "S3Configuration", "S3BackupDescription": "S3BackupConfiguration"}
CALLS = (
    Call("ListDeliveryStreams", "firehose:ListDeliveryStreams", {STREAM: ()}, lists=TYPES),
    Call("DescribeDeliveryStream", "firehose:DescribeDeliveryStream", {STREAM: ("configuration",)}, per="resource"),
    Call("ListTagsForDeliveryStream", "firehose:ListTagsForDeliveryStream", {STREAM: ("tags",)}, per="resource"),
)


def _names(ctx: CollectContext, firehose: Any) -> list[str] | None:
    names: list[str] = []
    params: dict[str, Any] = {}
    while True:
        try:
            page = firehose.list_delivery_streams(Limit=100, **params)
        except AWS_ERRORS as exc:
            ctx.record_error("firehose", "ListDeliveryStreams", exc, TYPES)
            return None
        names.extend(page.get("DeliveryStreamNames") or [])
        if not page.get("HasMoreDeliveryStreams") or not names:
            return names
        params = {"ExclusiveStartDeliveryStreamName": names[-1]}


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    firehose = ctx.client("firehose")
    found = ctx.map(lambda name: _stream(ctx, firehose, name), _names(ctx, firehose) or [])
    yield from (item for item in found if item is not None)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    name = id_or_arn.rsplit("/", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    return _stream(ctx, ctx.client("firehose"), name, absent_ok=True)


def _renamed(value: Any) -> Any:
    if isinstance(value, dict):
        return {NESTED.get(k, k): _renamed(v) for k, v in value.items() if k not in SECRETS}
    if isinstance(value, list):
        return [_renamed(v) for v in value]
    return value


def configuration(description: dict[str, Any]) -> dict[str, Any]:
    """DescribeDeliveryStream's description as AWS Config records the stream."""
    shaped: dict[str, Any] = {
        "Arn": description.get("DeliveryStreamARN"),
        "DeliveryStreamName": description.get("DeliveryStreamName"),
    }
    if description.get("DeliveryStreamType"):
        shaped["DeliveryStreamType"] = description["DeliveryStreamType"]
    encryption = description.get("DeliveryStreamEncryptionConfiguration") or {}
    if encryption.get("KeyType") and encryption.get("Status") not in OFF:
        shaped["DeliveryStreamEncryptionConfigurationInput"] = {
            k: encryption[k] for k in ("KeyType", "KeyARN") if encryption.get(k)
        }
    source = (description.get("Source") or {}).get("KinesisStreamSourceDescription")
    if source:
        shaped["KinesisStreamSourceConfiguration"] = {
            k: source[k] for k in ("KinesisStreamARN", "RoleARN") if source.get(k)
        }
    for destination in description.get("Destinations") or []:
        for key, config_key in DESTINATIONS.items():
            if key in destination:
                shaped[config_key] = _renamed(destination[key])
        if "S3DestinationDescription" in destination and not any(k in destination for k in DESTINATIONS):
            shaped["S3DestinationConfiguration"] = _renamed(destination["S3DestinationDescription"])
    return jsonable(shaped)


def _stream(ctx: CollectContext, firehose: Any, name: str, *, absent_ok: bool = False) -> ConfigurationItem | None:
    shaped: dict[str, Any] = {"DeliveryStreamName": name}
    arn = f"arn:{ctx.partition}:firehose:{ctx.region}:{ctx.account_id}:deliverystream/{name}"
    created = None
    if ctx.wants("DescribeDeliveryStream"):
        found = call(ctx, "firehose", "DescribeDeliveryStream", firehose.describe_delivery_stream, TYPES,
                     resource_id=name, absent=ABSENT if absent_ok else (), DeliveryStreamName=name)  # fmt: skip
        if absent_ok and found == {}:
            return None
        description = (found or {}).get("DeliveryStreamDescription")
        if description:
            shaped = configuration(description)
            arn = shaped.get("Arn") or arn
            created = jsonable(description.get("CreateTimestamp"))
    tags: dict[str, str] = {}
    if ctx.wants("ListTagsForDeliveryStream"):
        listed = call(ctx, "firehose", "ListTagsForDeliveryStream", firehose.list_tags_for_delivery_stream, TYPES,
                      resource_id=name, DeliveryStreamName=name)  # fmt: skip
        tags = tag_dict((listed or {}).get("Tags"))
    return ctx.item(STREAM, name, shaped, arn=arn, name=name, tags=tags, created=created)


COLLECTORS = [
    Collector(
        name="firehose",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="Data Firehose delivery streams: server-side encryption",
    )
]
