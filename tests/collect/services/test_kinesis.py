import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.kinesis import COLLECTORS, STREAM

KINESIS = COLLECTORS[0]
ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/{}"


def _streams() -> None:
    kinesis = boto3.client("kinesis", region_name="us-east-1")
    kinesis.create_stream(StreamName="clicks", ShardCount=2)
    kinesis.start_stream_encryption(StreamName="clicks", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    kinesis.increase_stream_retention_period(StreamName="clicks", RetentionPeriodHours=168)
    kinesis.create_stream(StreamName="raw", ShardCount=1)


@mock_aws
def test_streams_in_config_spelling():
    _streams()
    items, errors = run(KINESIS)
    assert errors == []
    clicks = one(items, STREAM, "clicks")
    assert (clicks.arn, clicks.resourceName) == (ARN.format("clicks"), "clicks")
    assert clicks.get("configuration.Arn") == ARN.format("clicks")
    assert clicks.get("configuration.Name") == "clicks"
    assert clicks.get("configuration.RetentionPeriodHours") == 168
    assert clicks.get("configuration.ShardCount") == 2
    assert clicks.get("configuration.StreamEncryption") == {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}
    raw = one(items, STREAM, "raw")
    assert raw.get("configuration.RetentionPeriodHours") == 24
    assert raw.get("configuration.StreamEncryption.EncryptionType") == "NONE"


@mock_aws
def test_a_denied_summary_is_an_error_and_leaves_the_settings_unknown():
    _streams()
    items, errors = run(KINESIS, deny={"kinesis": ["DescribeStreamSummary"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("DescribeStreamSummary", "clicks"),
        ("DescribeStreamSummary", "raw"),
    ]
    assert all("RetentionPeriodHours" not in i.configuration for i in items)
    assert all("StreamEncryption" not in i.configuration for i in items)


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("kinesis", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(KINESIS.collect(ctx)) == []
    assert calls == ["ListStreams"]


@mock_aws
def test_one_stream_by_name_or_arn():
    _streams()
    ctx = context()
    assert KINESIS.read_one(ctx, "clicks").arn == ARN.format("clicks")
    assert KINESIS.read_one(ctx, ARN.format("raw")).resourceId == "raw"
    assert KINESIS.read_one(ctx, "gone") is None
