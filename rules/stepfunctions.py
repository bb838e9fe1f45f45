"""Step Functions rules: state machine logging."""

from __future__ import annotations

from compliance.rule import Param

from ._checks import setting

_LEVELS = ["OFF", "FATAL", "ERROR", "ALL"]

step_functions_state_machine_logging_enabled = setting(
    id="step-functions-state-machine-logging-enabled",
    title="Step Functions state machines have logging turned on",
    resource_types=["AWS::StepFunctions::StateMachine"],
    path="configuration.LoggingConfiguration.Level",
    passes=lambda value, params: str(value).upper() in _LEVELS[1:]
    and _LEVELS.index(str(value).upper()) >= _LEVELS.index(str(params["logLevel"] or "FATAL").upper()),
    failing="logging level is {value}",
    passing="execution history is logged",
    parameters={"logLevel": Param(str, None, "Minimum level required: ALL, ERROR or FATAL (default: any)")},
    severity="medium",
    rationale="Execution logs show which step failed and with what input, for debugging and for investigations.",
    remediation="aws stepfunctions update-state-machine --state-machine-arn SM --logging-configuration "
    "level=ERROR,includeExecutionData=false,destinations=[{cloudWatchLogsLogGroup={logGroupArn=...}}]",
)
