import boto3
from collecting import context, one, stubbed
from moto import mock_aws

from compliance.collect.services.securityhub import COLLECTORS, HUB

SECURITYHUB = COLLECTORS[0]
HUB_ARN = "arn:aws:securityhub:us-east-1:123456789012:hub/default"
CIS = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0"


def test_hub_with_enabled_standards_stubbed():
    client, stub = stubbed("securityhub")
    stub.add_response(
        "describe_hub",
        {"HubArn": HUB_ARN, "SubscribedAt": "2026-01-01T00:00:00Z", "AutoEnableControls": True},
    )
    stub.add_response(
        "get_enabled_standards",
        {
            "StandardsSubscriptions": [
                {
                    "StandardsSubscriptionArn": "arn:aws:securityhub:us-east-1:123456789012:subscription/cis/v/3.0.0",
                    "StandardsArn": CIS,
                    "StandardsInput": {},
                    "StandardsStatus": "READY",
                }
            ],
            "NextToken": "page2",
        },
    )
    stub.add_response("get_enabled_standards", {"StandardsSubscriptions": []}, {"NextToken": "page2"})
    with stub:
        ctx = context(clients={"securityhub": client})
        items = list(SECURITYHUB.collect(ctx))
    assert ctx.errors == []
    hub = one(items, HUB, HUB_ARN)
    assert [s["StandardsArn"] for s in hub.supplementaryConfiguration["EnabledStandards"]] == [CIS]
    assert hub.configuration["AutoEnableControls"] is True
    assert ctx.account_settings["us-east-1"] == {"securityHubEnabled": True}


def test_denied_standards_recorded_hub_kept():
    client, stub = stubbed("securityhub")
    stub.add_response("describe_hub", {"HubArn": HUB_ARN, "SubscribedAt": "2026-01-01T00:00:00Z"})
    stub.add_client_error("get_enabled_standards", "AccessDeniedException", "denied", 403)
    with stub:
        ctx = context(clients={"securityhub": client})
        items = list(SECURITYHUB.collect(ctx))
    assert "EnabledStandards" not in one(items, HUB, HUB_ARN).supplementaryConfiguration
    assert [(e.api, e.resourceTypes) for e in ctx.errors] == [("GetEnabledStandards", [HUB])]


@mock_aws
def test_not_subscribed_region_is_disabled_not_an_error():
    ctx = context("eu-west-1")
    assert list(SECURITYHUB.collect(ctx)) == []
    assert ctx.errors == []
    assert ctx.account_settings["eu-west-1"] == {"securityHubEnabled": False}


@mock_aws
def test_denied_hub_is_unknown():
    boto3.client("securityhub", region_name="us-east-1").enable_security_hub(EnableDefaultStandards=False)
    ctx = context("us-east-1", deny={"securityhub": ["DescribeHub"]})
    assert list(SECURITYHUB.collect(ctx)) == []
    assert ctx.account_settings == {}
    assert ctx.errors[0].errorCode == "AccessDeniedException"
