"""CloudFormation rules: stacks."""

from __future__ import annotations

from compliance.rule import Param

from ._util import is_true, property_rule

STACK = "AWS::CloudFormation::Stack"

cloudformation_termination_protection_check = property_rule(
    id="cloudformation-termination-protection-check",
    title="CloudFormation stacks have termination protection",
    resource_types=[STACK],
    path="configuration.enableTerminationProtection",
    passes=is_true,
    failing="termination protection is off",
    passing="termination protection is on",
    severity="medium",
    rationale="Deleting a stack deletes every resource it created.",
    remediation="aws cloudformation update-termination-protection --stack-name S --enable-termination-protection",
)

cloudformation_stack_notification_check = property_rule(
    id="cloudformation-stack-notification-check",
    title="CloudFormation stacks send events to an SNS topic",
    resource_types=[STACK],
    path="configuration.notificationARNs",
    passes=lambda value, params: bool(value) and (
        not params["snsTopic1"] or params["snsTopic1"] in value
    ),
    parameters={"snsTopic1": Param(str, None, "Require this topic ARN")},
    failing="the stack notifies no SNS topic",
    passing="stack events go to SNS",
    absent="fail",
    severity="low",
    rationale="Stack event notifications show who changed infrastructure and when, as it happens.",
    remediation="aws cloudformation update-stack --stack-name S --use-previous-template --notification-arns TOPIC",
)
