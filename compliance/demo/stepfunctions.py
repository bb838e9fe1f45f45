"""Demo Step Functions: a state machine logging errors to CloudWatch Logs and one without logging
(StepFunctions.1)."""

from __future__ import annotations

import json
from typing import Any

DEFINITION = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}})


def seed(session: Any, regions: list[str]) -> None:
    sfn = session.client("stepfunctions", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/service-role/demo-states"
    group = f"arn:aws:logs:{regions[0]}:{account}:log-group:/aws/states/order-fulfilment:*"
    sfn.create_state_machine(
        name="order-fulfilment", definition=DEFINITION, roleArn=role,
        loggingConfiguration={"level": "ERROR", "includeExecutionData": False,
                              "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": group}}]},
    )  # fmt: skip
    sfn.create_state_machine(name="report-builder", definition=DEFINITION, roleArn=role)
