"""CloudFormation stacks: termination protection, last drift status, service role, notifications.

One paginated ``DescribeStacks``; drift *detection* is never started (it is an action, not a
read): ``driftInformation.stackDriftStatus`` reports the last detection's result.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import config_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

STACK = "AWS::CloudFormation::Stack"
TYPES = (STACK,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    cloudformation = ctx.client("cloudformation")
    for stack in paginate(ctx, cloudformation, "describe_stacks", "Stacks", TYPES) or []:
        configuration = config_case({k: v for k, v in stack.items() if k != "Tags"})
        configuration.setdefault("enableTerminationProtection", False)
        relationships = []
        if stack.get("RoleARN"):
            relationships.append(
                Relationship(
                    "AWS::IAM::Role",
                    resourceName=stack["RoleARN"].rsplit("/", 1)[-1],
                    relationshipName="Is associated with Role",
                )
            )
        relationships += [
            Relationship("AWS::SNS::Topic", arn, relationshipName="Is associated with Topic")
            for arn in stack.get("NotificationARNs") or []
        ]
        yield ctx.item(
            STACK,
            stack["StackId"],
            configuration,
            arn=stack["StackId"],
            name=stack["StackName"],
            tags=tag_dict(stack.get("Tags")),
            supplementary={
                "EnableTerminationProtection": configuration["enableTerminationProtection"],
                **({"ParentStackId": stack["ParentId"]} if stack.get("ParentId") else {}),
            },
            relationships=relationships,
            created=configuration.get("creationTime"),
        )


COLLECTORS = [
    Collector(
        name="cloudformation",
        resource_types=TYPES,
        permissions=("cloudformation:DescribeStacks",),
        collect=collect,
        description="CloudFormation stacks: termination protection, drift status, service role, notifications",
    )
]
