"""CloudFormation rules: stacks."""

from __future__ import annotations

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
