"""Demo Lambda: a private function in a VPC, and a publicly invocable one outside any VPC whose
environment holds a (fake) secret that must never reach a snapshot."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

SECRETS = ("demo-lambda-db-password-8d3f2a",)
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # a fixed entry date: the same archive (and code hash) on every run
        archive.writestr(
            zipfile.ZipInfo("app.py", (2024, 1, 1, 0, 0, 0)), "def handler(event, context):\n    return {'ok': True}\n"
        )
    return buffer.getvalue()


def seed(session: Any, regions: list[str]) -> None:
    iam = session.client("iam", region_name=regions[0])
    role = iam.create_role(RoleName="compliance-demo-lambda", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    code = _code()
    for index, region in enumerate(regions[:2]):
        client = session.client("lambda", region_name=region)
        common = {"Role": role, "Handler": "app.handler", "Code": {"ZipFile": code}}
        if index == 0:
            ec2 = session.client("ec2", region_name=region)
            vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
            sg = ec2.create_security_group(GroupName="demo-orders-fn", Description="orders function", VpcId=vpc)
            client.create_function(
                FunctionName="orders-processor",
                Runtime="python3.12",
                VpcConfig={"SubnetIds": [subnet], "SecurityGroupIds": [sg["GroupId"]]},
                Environment={"Variables": {"TABLE": "orders"}},
                **common,
            )
        else:
            client.create_function(
                FunctionName="legacy-webhook",
                Runtime="python3.8",
                Environment={"Variables": {"DB_PASSWORD": SECRETS[0], "STAGE": "prod"}},
                **common,
            )
            client.add_permission(
                FunctionName="legacy-webhook", StatementId="public", Action="lambda:InvokeFunction", Principal="*"
            )
