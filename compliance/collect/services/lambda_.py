"""Lambda: functions with their resource policy, VPC config and runtime.

Environment variable values are secrets: each is replaced at collection by a marker and a
salted hash (:func:`compliance.collect.helpers.redact`); names are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, redact
from compliance.model import ConfigurationItem, Relationship

FUNCTION = "AWS::Lambda::Function"
TYPES = (FUNCTION,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("lambda")
    functions = paginate(ctx, client, "list_functions", "Functions", TYPES) or []
    yield from ctx.map(lambda function: _function(ctx, client, function), functions)


def redacted_environment(function: dict[str, Any]) -> dict[str, Any] | None:
    environment = function.get("Environment")
    if environment is None:
        return None
    arn = function.get("FunctionArn", "")
    result: dict[str, Any] = {
        "variables": {
            name: redact(value, salt=f"{arn}#{name}") for name, value in (environment.get("Variables") or {}).items()
        }
    }
    if environment.get("Error"):
        result["error"] = config_case(environment["Error"])
    return result


def _function(ctx: CollectContext, client: Any, function: dict[str, Any]) -> ConfigurationItem:
    name = function["FunctionName"]
    arn = function.get("FunctionArn")
    configuration = config_case({k: v for k, v in function.items() if k != "Environment"})
    configuration["kmskeyArn"] = configuration.pop("kMSKeyArn", None)  # AWS Config's spelling
    environment = redacted_environment(function)
    if environment is not None:
        configuration["environment"] = environment
    supplementary: dict[str, Any] = {}
    policy = call(
        ctx,
        "lambda",
        "GetPolicy",
        client.get_policy,
        TYPES,
        resource_id=name,
        absent=("ResourceNotFoundException",),  # no resource policy
        FunctionName=name,
    )
    if policy is not None:
        supplementary["Policy"] = json.loads(policy["Policy"]) if policy.get("Policy") else None
    vpc = function.get("VpcConfig") or {}
    relationships = [
        Relationship("AWS::EC2::SecurityGroup", sg, relationshipName="Is associated with SecurityGroup")
        for sg in vpc.get("SecurityGroupIds") or []
    ]
    relationships += [
        Relationship("AWS::EC2::Subnet", subnet, relationshipName="Is contained in Subnet")
        for subnet in vpc.get("SubnetIds") or []
    ]
    if function.get("Role"):
        relationships.append(
            Relationship(
                "AWS::IAM::Role",
                resourceName=function["Role"].rsplit("/", 1)[-1],
                relationshipName="Is associated with Role",
            )
        )
    return ctx.item(
        FUNCTION,
        name,
        configuration,
        arn=arn,
        name=name,
        supplementary=supplementary,
        relationships=relationships,
    )


COLLECTORS = [
    Collector(
        name="lambda",
        resource_types=TYPES,
        permissions=("lambda:ListFunctions", "lambda:GetPolicy"),
        collect=collect,
        description="Lambda functions: runtime, VPC config, resource policy; environment values redacted",
    )
]
