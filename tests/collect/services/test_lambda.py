import io
import json
import zipfile

import boto3
from collecting import dumped, one, run
from moto import mock_aws

from compliance.collect.helpers import REDACTED
from compliance.collect.services.lambda_ import COLLECTORS, FUNCTION

LAMBDA = COLLECTORS[0]
SECRET = "s3cr3t-db-password-6f1c"
TOKEN = "ghp_exampleTokenValue0123456789"


def _zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


def _role():
    trust = {
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    }
    iam = boto3.client("iam", region_name="us-east-1")
    return iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]


def _function(name, role, **kwargs):
    return boto3.client("lambda", region_name="us-east-1").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": _zip()},
        **kwargs,
    )


@mock_aws(config={"lambda": {"use_docker": False}})
def test_functions_with_policy_vpc_and_redacted_environment():
    role = _role()
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(GroupName="fn", Description="fn", VpcId=vpc)["GroupId"]
    _function(
        "public-fn",
        role,
        Environment={"Variables": {"DB_PASSWORD": SECRET, "GITHUB_TOKEN": TOKEN}},
    )
    boto3.client("lambda", region_name="us-east-1").add_permission(
        FunctionName="public-fn", StatementId="anyone", Action="lambda:InvokeFunction", Principal="*"
    )
    _function("private-fn", role, VpcConfig={"SubnetIds": [subnet], "SecurityGroupIds": [sg]})

    items, errors = run(LAMBDA)

    assert errors == []
    public = one(items, FUNCTION, "public-fn")
    statement = public.supplementaryConfiguration["Policy"]["Statement"][0]
    assert statement["Principal"] in ("*", {"AWS": "*"})
    assert public.configuration["runtime"] == "python3.12"
    variables = public.configuration["environment"]["variables"]
    assert set(variables) == {"DB_PASSWORD", "GITHUB_TOKEN"}  # names kept, first letter untouched
    assert all(v.startswith(f"{REDACTED}:sha256:") for v in variables.values())
    text = dumped(items)
    assert SECRET not in text and TOKEN not in text

    private = one(items, FUNCTION, "private-fn")
    assert private.supplementaryConfiguration["Policy"] is None  # no resource policy at all
    assert private.configuration["vpcConfig"]["subnetIds"] == [subnet]
    assert {(r.resourceType, r.resourceId) for r in private.relationships} >= {
        ("AWS::EC2::SecurityGroup", sg),
        ("AWS::EC2::Subnet", subnet),
    }


@mock_aws(config={"lambda": {"use_docker": False}})
def test_changed_secret_changes_the_hash_but_never_shows():
    role = _role()
    _function("fn", role, Environment={"Variables": {"KEY": "first-secret-value"}})
    before = one(run(LAMBDA)[0], FUNCTION, "fn")
    boto3.client("lambda", region_name="us-east-1").update_function_configuration(
        FunctionName="fn", Environment={"Variables": {"KEY": "second-secret-value"}}
    )
    after = one(run(LAMBDA)[0], FUNCTION, "fn")
    assert before.configuration["environment"] != after.configuration["environment"]
    assert before.configurationItemMD5Hash != after.configurationItemMD5Hash
    assert "secret-value" not in dumped([before, after])


@mock_aws(config={"lambda": {"use_docker": False}})
def test_denied_policy_recorded_per_function():
    _function("fn", _role())
    items, errors = run(LAMBDA, deny={"lambda": ["GetPolicy"]})
    assert "Policy" not in one(items, FUNCTION, "fn").supplementaryConfiguration
    assert [(e.api, e.resourceId, e.resourceTypes) for e in errors] == [("GetPolicy", "fn", [FUNCTION])]
