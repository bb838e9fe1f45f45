import boto3
from collecting import context, one
from moto import mock_aws

from compliance.collect.services.guardduty import COLLECTORS, DETECTOR

GUARDDUTY = COLLECTORS[0]


@mock_aws
def test_detector_per_region_with_config_names_and_regional_setting():
    detector_id = boto3.client("guardduty", region_name="us-east-1").create_detector(
        Enable=True, DataSources={"S3Logs": {"Enable": True}}, FindingPublishingFrequency="ONE_HOUR"
    )["DetectorId"]

    ctx = context("us-east-1")
    items = list(GUARDDUTY.collect(ctx))
    assert ctx.errors == []
    detector = one(items, DETECTOR, detector_id)
    assert detector.configuration["Enable"] is True
    assert detector.configuration["DataSources"]["S3Logs"]["Enable"] is True
    assert detector.configuration["DataSources"]["Kubernetes"]["AuditLogs"]["Enable"] is False
    assert detector.configuration["FindingPublishingFrequency"] == "ONE_HOUR"
    assert detector.arn.endswith(f":detector/{detector_id}")
    assert ctx.account_settings["us-east-1"] == {"guardDutyEnabled": True}

    other = context("eu-west-1")
    assert list(GUARDDUTY.collect(other)) == []
    assert other.account_settings["eu-west-1"] == {"guardDutyEnabled": False}


@mock_aws
def test_suspended_detector_is_not_enabled():
    gd = boto3.client("guardduty", region_name="us-east-1")
    detector_id = gd.create_detector(Enable=False)["DetectorId"]
    ctx = context("us-east-1")
    assert one(list(GUARDDUTY.collect(ctx)), DETECTOR, detector_id).configuration["Enable"] is False
    assert ctx.account_settings["us-east-1"] == {"guardDutyEnabled": False}


@mock_aws
def test_unreadable_detector_leaves_enabled_unknown():
    boto3.client("guardduty", region_name="us-east-1").create_detector(Enable=True)
    ctx = context("us-east-1", deny={"guardduty": ["GetDetector"]})
    assert list(GUARDDUTY.collect(ctx)) == []
    assert "guardDutyEnabled" not in ctx.account_settings.get("us-east-1", {})
    assert [e.api for e in ctx.errors] == ["GetDetector"] and ctx.errors[0].resourceId
