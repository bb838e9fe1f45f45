import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.firehose import COLLECTORS, STREAM, configuration

FIREHOSE = COLLECTORS[0]
ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/{}"
ROLE = "arn:aws:iam::123456789012:role/firehose"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _streams() -> None:
    firehose = boto3.client("firehose", region_name="us-east-1")
    s3 = {"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::landing"}
    firehose.create_delivery_stream(
        DeliveryStreamName="orders", ExtendedS3DestinationConfiguration=s3, Tags=[{"Key": "team", "Value": "data"}]
    )
    firehose.start_delivery_stream_encryption(
        DeliveryStreamName="orders",
        DeliveryStreamEncryptionConfigurationInput={"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": KEY},
    )
    firehose.create_delivery_stream(DeliveryStreamName="raw", S3DestinationConfiguration=s3)


@mock_aws
def test_streams_in_config_spelling():
    _streams()
    items, errors = run(FIREHOSE)
    assert errors == []
    orders = one(items, STREAM, "orders")
    assert (orders.arn, orders.resourceName, orders.tags) == (ARN.format("orders"), "orders", {"team": "data"})
    assert orders.get("configuration.Arn") == ARN.format("orders")
    assert orders.get("configuration.DeliveryStreamType") == "DirectPut"
    assert orders.get("configuration.DeliveryStreamEncryptionConfigurationInput") == {
        "KeyType": "CUSTOMER_MANAGED_CMK",
        "KeyARN": KEY,
    }
    assert orders.get("configuration.ExtendedS3DestinationConfiguration.BucketARN") == "arn:aws:s3:::landing"
    assert "S3DestinationConfiguration" not in orders.configuration  # the extended destination's own copy
    raw = one(items, STREAM, "raw")
    assert "DeliveryStreamEncryptionConfigurationInput" not in raw.configuration
    assert raw.get("configuration.S3DestinationConfiguration.RoleARN") == ROLE


def test_encryption_switched_off_or_failed_is_not_recorded_and_secrets_are_left_out():
    description = {
        "DeliveryStreamName": "s",
        "DeliveryStreamARN": ARN.format("s"),
        "DeliveryStreamEncryptionConfiguration": {"KeyType": "AWS_OWNED_CMK", "Status": "DISABLED"},
        "Source": {"KinesisStreamSourceDescription": {"KinesisStreamARN": "arn:k", "RoleARN": ROLE}},
        "Destinations": [
            {
                "DestinationId": "d-1",
                "SplunkDestinationDescription": {
                    "HECEndpoint": "https://splunk.example.com",
                    "HECToken": "00000000-secret",
                    "S3DestinationDescription": {"BucketARN": "arn:aws:s3:::backup"},
                },
            }
        ],
    }
    shaped = configuration(description)
    assert "DeliveryStreamEncryptionConfigurationInput" not in shaped
    assert shaped["KinesisStreamSourceConfiguration"] == {"KinesisStreamARN": "arn:k", "RoleARN": ROLE}
    assert shaped["SplunkDestinationConfiguration"] == {
        "HECEndpoint": "https://splunk.example.com",
        "S3Configuration": {"BucketARN": "arn:aws:s3:::backup"},
    }
    for status in ("ENABLING_FAILED", "DISABLING"):
        description["DeliveryStreamEncryptionConfiguration"]["Status"] = status
        assert "DeliveryStreamEncryptionConfigurationInput" not in configuration(description)
    description["DeliveryStreamEncryptionConfiguration"]["Status"] = "ENABLED"
    assert configuration(description)["DeliveryStreamEncryptionConfigurationInput"] == {"KeyType": "AWS_OWNED_CMK"}


@mock_aws
def test_a_denied_description_is_an_error_and_leaves_the_settings_unknown():
    _streams()
    items, errors = run(FIREHOSE, deny={"firehose": ["DescribeDeliveryStream"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("DescribeDeliveryStream", "orders"),
        ("DescribeDeliveryStream", "raw"),
    ]
    assert [i.configuration for i in items] == [{"DeliveryStreamName": "orders"}, {"DeliveryStreamName": "raw"}]


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("firehose", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(FIREHOSE.collect(ctx)) == []
    assert calls == ["ListDeliveryStreams"]


@mock_aws
def test_one_stream_by_name_or_arn():
    _streams()
    ctx = context()
    assert FIREHOSE.read_one(ctx, "orders").arn == ARN.format("orders")
    assert FIREHOSE.read_one(ctx, ARN.format("raw")).resourceId == "raw"
    assert FIREHOSE.read_one(ctx, "gone") is None
