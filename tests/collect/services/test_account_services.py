"""Collectors that only contribute account settings: Inspector2, Shield."""

import boto3
from collecting import context, stubbed
from moto import mock_aws

from compliance.collect.services import inspector2, shield

INSPECTOR2, SHIELD = inspector2.COLLECTORS[0], shield.COLLECTORS[0]


@mock_aws
def test_inspector2_status_per_region():
    boto3.client("inspector2", region_name="us-east-1").enable(resourceTypes=["EC2"], accountIds=["123456789012"])
    ctx = context("us-east-1")
    assert list(INSPECTOR2.collect(ctx)) == []
    status = ctx.account_settings["us-east-1"]["inspector2Status"]
    assert status["state"]["status"] == "ENABLED"
    assert status["resourceState"]["ec2"]["status"] == "ENABLED"

    other = context("eu-west-1")
    list(INSPECTOR2.collect(other))
    assert other.account_settings["eu-west-1"]["inspector2Status"]["state"]["status"] == "DISABLED"
    assert ctx.errors == [] and other.errors == []


def test_inspector2_failed_account_is_an_error_not_a_status():
    client, stub = stubbed("inspector2")
    stub.add_response(
        "batch_get_account_status",
        {
            "accounts": [],
            "failedAccounts": [{"accountId": "123456789012", "errorCode": "ACCESS_DENIED", "errorMessage": "no"}],
        },
    )
    with stub:
        ctx = context(clients={"inspector2": client})
        list(INSPECTOR2.collect(ctx))
    assert ctx.account_settings == {}
    assert [(e.api, e.errorCode, e.resourceTypes) for e in ctx.errors] == [
        ("BatchGetAccountStatus", "ACCESS_DENIED", ["AWS::::Account"])
    ]


@mock_aws
def test_shield_subscription_global_setting():
    ctx = context("us-east-1")
    list(SHIELD.collect(ctx))
    assert ctx.account_settings["global"] == {"shieldAdvancedSubscription": {"subscribed": False}}

    boto3.client("shield", region_name="us-east-1").create_subscription()
    ctx = context("us-east-1")
    list(SHIELD.collect(ctx))
    setting = ctx.account_settings["global"]["shieldAdvancedSubscription"]
    assert setting["subscribed"] is True and setting["autoRenew"] == "ENABLED"
    assert ctx.errors == []


@mock_aws
def test_shield_denied_is_unknown():
    ctx = context("us-east-1", deny={"shield": ["DescribeSubscription"]})
    list(SHIELD.collect(ctx))
    assert ctx.account_settings == {}
    assert ctx.errors[0].api == "DescribeSubscription"
