"""Step Functions state machines, as data (:mod:`compliance.collect.spec`): ListStateMachines, then
DescribeStateMachine per machine (logging, tracing), in AWS Config's CloudFormation spelling
(``LoggingConfiguration.Level``). The definition is left out (it can embed parameters and is large)."""

from __future__ import annotations

from typing import Any

from compliance.collect.helpers import pascal_case
from compliance.collect.spec import Detail, ResourceSpec, spec_collector

STATE_MACHINE = "AWS::StepFunctions::StateMachine"


def _described(response: dict[str, Any]) -> dict[str, Any]:
    found = pascal_case({k: v for k, v in response.items() if k not in ("definition", "ResponseMetadata")})
    found["StateMachineName"] = found.pop("Name", None)
    found["StateMachineType"] = found.pop("Type", None)
    found["Arn"] = found.pop("StateMachineArn", None)
    return found


COLLECTORS = [
    spec_collector(
        "stepfunctions",
        "stepfunctions",
        (
            ResourceSpec(
                STATE_MACHINE,
                "ListStateMachines",
                "stateMachines",
                "stateMachineArn",
                arn=lambda ctx, entry: entry.get("Arn"),
                name_key="StateMachineName",
                casing="api",
                tags_key=None,
                clean=lambda entry: {
                    "Arn": entry.get("stateMachineArn"),
                    "StateMachineName": entry.get("name"),
                    "StateMachineType": entry.get("type"),
                },
                details=(
                    Detail(
                        "DescribeStateMachine", "configuration", lambda e: {"stateMachineArn": e["Arn"]}, _described
                    ),
                ),
            ),
        ),
        description="Step Functions state machines: logging and tracing configuration",
    )
]
