import boto3
from collecting import context, one
from moto import mock_aws

from compliance.collect.services.config import COLLECTORS, RECORDER

CONFIG = COLLECTORS[0]
ROLE = "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"


@mock_aws
def test_recorder_with_status_and_delivery_channel_as_regional_account_settings():
    config = boto3.client("config", region_name="eu-west-1")
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": ROLE,
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "config-bucket"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")

    ctx = context("eu-west-1")
    items = list(CONFIG.collect(ctx))

    assert ctx.errors == []
    recorder = one(items, RECORDER, "default")
    assert recorder.configuration["Recording"] is True
    assert recorder.configuration["RoleARN"] == ROLE
    assert recorder.configuration["RecordingGroup"]["AllSupported"] is True
    assert recorder.configuration["RecordingGroup"]["IncludeGlobalResourceTypes"] is True
    assert recorder.supplementaryConfiguration["ConfigurationRecorderStatus"]["recording"] is True
    settings = ctx.account_settings["eu-west-1"]
    assert settings["configurationRecorders"] == ["default"]
    assert settings["configDeliveryChannels"] == [{"name": "default", "s3BucketName": "config-bucket"}]


@mock_aws
def test_stopped_recorder_and_empty_region():
    config = boto3.client("config", region_name="us-east-1")
    config.put_configuration_recorder(ConfigurationRecorder={"name": "rec", "roleARN": ROLE})
    ctx = context("us-east-1")
    items = list(CONFIG.collect(ctx))
    assert one(items, RECORDER, "rec").configuration["Recording"] is False
    assert ctx.account_settings["us-east-1"]["configDeliveryChannels"] == []

    empty = context("ap-southeast-2")
    assert list(CONFIG.collect(empty)) == []
    assert empty.account_settings["ap-southeast-2"] == {"configurationRecorders": [], "configDeliveryChannels": []}


@mock_aws
def test_denied_recorders_contributes_no_setting_and_records_error():
    ctx = context("us-east-1", deny={"config": ["DescribeConfigurationRecorders"]})
    assert list(CONFIG.collect(ctx)) == []
    assert "configurationRecorders" not in ctx.account_settings.get("us-east-1", {})
    assert [(e.api, e.resourceTypes) for e in ctx.errors] == [
        ("DescribeConfigurationRecorders", [RECORDER, "AWS::::Account"])
    ]
