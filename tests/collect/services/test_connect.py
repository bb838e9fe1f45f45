"""Connect instances on moto; moto 5.2.5 lacks DescribeInstanceAttribute, answered with a Stubber."""

import boto3
from collecting import access_denied, context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.connect import COLLECTORS, INSTANCE

CONNECT = COLLECTORS[0]
ARN = "arn:aws:connect:us-east-1:123456789012:instance/{}"
ROLE = "arn:aws:iam::123456789012:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect"


def _summary(instance_id: str, alias: str) -> dict:
    return {
        "Id": instance_id, "Arn": ARN.format(instance_id), "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": alias, "ServiceRole": ROLE, "InstanceStatus": "ACTIVE", "InboundCallsEnabled": True,
        "OutboundCallsEnabled": False, "InstanceAccessUrl": f"https://{alias}.my.connect.aws",
    }  # fmt: skip


def _attribute(stubber, instance_id: str, value: str) -> None:
    stubber.add_response(
        "describe_instance_attribute",
        {"Attribute": {"AttributeType": "CONTACTFLOW_LOGS", "Value": value}},
        {"InstanceId": instance_id, "AttributeType": "CONTACTFLOW_LOGS"},
    )


def test_instances_in_config_spelling():
    client, stubber = stubbed("connect")
    stubber.add_response(
        "list_instances", {"InstanceSummaryList": [_summary("i-logged", "support"), _summary("i-quiet", "sales")]}, {}
    )
    _attribute(stubber, "i-logged", "true")
    _attribute(stubber, "i-quiet", "false")
    with stubber:
        items, errors = run(CONNECT, clients={"connect": client})
    assert errors == []
    logged = one(items, INSTANCE, "i-logged")
    assert (logged.arn, logged.resourceName) == (ARN.format("i-logged"), "support")
    assert logged.configuration == {
        "Id": "i-logged", "Arn": ARN.format("i-logged"), "InstanceAlias": "support",
        "IdentityManagementType": "CONNECT_MANAGED", "InstanceStatus": "ACTIVE", "ServiceRole": ROLE,
        "Attributes": {"ContactflowLogs": True},
    }  # fmt: skip
    assert one(items, INSTANCE, "i-quiet").get("configuration.Attributes.ContactflowLogs") is False


def test_a_denied_attribute_is_an_error_and_leaves_logging_unknown():
    client, stubber = stubbed("connect")
    stubber.add_response("list_instances", {"InstanceSummaryList": [_summary("i-1", "support")]}, {})
    access_denied(stubber, "describe_instance_attribute")
    with stubber:
        items, errors = run(CONNECT, clients={"connect": client})
    assert [(e.api, e.resourceId) for e in errors] == [("DescribeInstanceAttribute", "i-1")]
    assert "Attributes" not in items[0].configuration


@mock_aws
def test_instances_listed_on_moto_and_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("connect", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(CONNECT.collect(ctx)) == []
    assert calls == ["ListInstances"]
    boto3.client("connect", region_name="us-east-1").create_instance(
        IdentityManagementType="CONNECT_MANAGED", InstanceAlias="support", InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )  # fmt: skip
    items, errors = run(CONNECT, deny={"connect": ["DescribeInstanceAttribute"]})
    assert [i.resourceName for i in items] == ["support"]
    assert items[0].get("configuration.CreatedTime") and "InstanceAccessUrl" not in items[0].configuration
    assert [e.api for e in errors] == ["DescribeInstanceAttribute"]


def test_one_instance_by_id_or_arn():
    client, stubber = stubbed("connect")
    for _ in range(2):
        stubber.add_response("list_instances", {"InstanceSummaryList": [_summary("i-1", "support")]}, {})
        _attribute(stubber, "i-1", "true")
    stubber.add_response("list_instances", {"InstanceSummaryList": [_summary("i-1", "support")]}, {})
    ctx = context(clients={"connect": client})
    with stubber:
        assert CONNECT.read_one(ctx, "i-1").get("configuration.Attributes.ContactflowLogs") is True
        assert CONNECT.read_one(ctx, ARN.format("i-1")).resourceId == "i-1"
        assert CONNECT.read_one(ctx, "i-gone") is None
    stubber.assert_no_pending_responses()


@mock_aws
def test_a_region_without_connect_costs_no_request():
    calls: list[str] = []
    ctx = context("eu-west-1")  # Connect is not offered in Ireland
    ctx.client("connect", "eu-west-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert (list(CONNECT.collect(ctx)), calls, ctx.errors) == ([], [], [])
