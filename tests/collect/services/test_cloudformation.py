import json

import boto3
from collecting import by_type, run
from moto import mock_aws

from compliance.collect.services.cloudformation import COLLECTORS, STACK

CLOUDFORMATION = COLLECTORS[0]
TEMPLATE = json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})


@mock_aws
def test_stacks_termination_protection_and_role():
    client = boto3.client("cloudformation", region_name="us-east-1")
    client.create_stack(
        StackName="protected",
        TemplateBody=TEMPLATE,
        EnableTerminationProtection=True,
        RoleARN="arn:aws:iam::123456789012:role/cfn-deployer",
        Tags=[{"Key": "env", "Value": "prod"}],
    )
    client.create_stack(StackName="unprotected", TemplateBody=TEMPLATE)

    items, errors = run(CLOUDFORMATION)

    assert errors == []
    stacks = {i.resourceName: i for i in by_type(items, STACK)}
    protected = stacks["protected"]
    assert protected.configuration["enableTerminationProtection"] is True
    assert protected.supplementaryConfiguration["EnableTerminationProtection"] is True
    assert protected.configuration["roleARN"].endswith("role/cfn-deployer")
    assert protected.relationships[0].resourceName == "cfn-deployer"
    assert protected.tags == {"env": "prod"}
    assert protected.resourceId == protected.arn and ":stack/protected/" in protected.arn
    assert stacks["unprotected"].configuration["enableTerminationProtection"] is False
    assert stacks["unprotected"].configuration["stackStatus"] == "CREATE_COMPLETE"


@mock_aws
def test_denied_describe_stacks_recorded():
    items, errors = run(CLOUDFORMATION, deny={"cloudformation": ["DescribeStacks"]})
    assert items == [] and errors[0].resourceTypes == [STACK]
