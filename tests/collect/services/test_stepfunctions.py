import json

import boto3
from collecting import one, run
from moto import mock_aws

from compliance.collect.services.stepfunctions import COLLECTORS, STATE_MACHINE

STEP_FUNCTIONS = COLLECTORS[0]
ROLE = "arn:aws:iam::123456789012:role/states"
DEFINITION = json.dumps({"StartAt": "a", "States": {"a": {"Type": "Pass", "End": True}}})
GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/states/orders:*"
ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:{}"


def _machines() -> None:
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    logging = {"level": "ERROR", "includeExecutionData": False,
               "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": GROUP}}]}  # fmt: skip
    sfn.create_state_machine(name="orders", definition=DEFINITION, roleArn=ROLE, loggingConfiguration=logging)
    sfn.create_state_machine(name="silent", definition=DEFINITION, roleArn=ROLE)


@mock_aws
def test_state_machines_with_logging_in_config_spelling():
    _machines()
    items, errors = run(STEP_FUNCTIONS)
    assert errors == []
    orders = one(items, STATE_MACHINE, ARN.format("orders"))
    assert (orders.arn, orders.resourceName) == (ARN.format("orders"), "orders")
    assert orders.get("configuration.LoggingConfiguration.Level") == "ERROR"
    assert orders.get("configuration.LoggingConfiguration.Destinations")[0]["CloudWatchLogsLogGroup"] == {
        "LogGroupArn": GROUP
    }
    assert orders.get("configuration.StateMachineType") == "STANDARD"
    assert "Definition" not in orders.configuration
    silent = one(items, STATE_MACHINE, ARN.format("silent"))
    assert silent.get("configuration.LoggingConfiguration.Level") in (None, "OFF")


@mock_aws
def test_denied_describe_is_a_collection_error():
    _machines()
    items, errors = run(STEP_FUNCTIONS, deny={"stepfunctions": ["DescribeStateMachine"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("DescribeStateMachine", ARN.format("orders")),
        ("DescribeStateMachine", ARN.format("silent")),
    ]
    assert all("LoggingConfiguration" not in i.configuration for i in items)
