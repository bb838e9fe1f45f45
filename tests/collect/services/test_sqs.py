import json

import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.sqs import COLLECTORS, QUEUE

SQS = COLLECTORS[0]
URL = "https://sqs.us-east-1.amazonaws.com/123456789012/{}"
ARN = "arn:aws:sqs:us-east-1:123456789012:{}"


def _queues() -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    sqs.create_queue(QueueName="orders", Attributes={"KmsMasterKeyId": "alias/aws/sqs", "VisibilityTimeout": "45"},
                     tags={"team": "orders"})  # fmt: skip
    policy = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": ARN.format("open")}]}
    sqs.create_queue(QueueName="open", Attributes={"Policy": json.dumps(policy)})


@mock_aws
def test_queues_in_config_spelling():
    _queues()
    items, errors = run(SQS)
    assert errors == []
    orders = one(items, QUEUE, URL.format("orders"))
    assert (orders.arn, orders.resourceName, orders.tags) == (ARN.format("orders"), "orders", {"team": "orders"})
    assert orders.get("configuration.KmsMasterKeyId") == "alias/aws/sqs"
    assert orders.get("configuration.VisibilityTimeout") == 45
    assert orders.get("configuration.QueueArn") == ARN.format("orders")
    assert orders.get("configuration.CreatedTimestamp").endswith("+00:00")
    assert "ApproximateNumberOfMessages" not in orders.configuration
    opened = one(items, QUEUE, URL.format("open"))
    assert json.loads(opened.get("configuration.Policy"))["Statement"][0]["Principal"] == "*"


@mock_aws
def test_denied_attributes_are_a_collection_error_and_leave_the_settings_unknown():
    _queues()
    items, errors = run(SQS, deny={"sqs": ["GetQueueAttributes"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("GetQueueAttributes", URL.format("open")),
        ("GetQueueAttributes", URL.format("orders")),
    ]
    assert sorted(i.resourceName for i in items) == ["open", "orders"]
    assert all(i.configuration == {} for i in items)


@mock_aws
def test_one_queue_by_url_or_arn():
    _queues()
    ctx = context()
    assert SQS.read_one(ctx, URL.format("orders")).arn == ARN.format("orders")
    assert SQS.read_one(ctx, ARN.format("open")).resourceId == URL.format("open")
    assert SQS.read_one(ctx, URL.format("gone")) is None
