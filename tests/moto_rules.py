"""Helpers for rule tests on a simulated account (moto) read by the real collectors: one fresh account and
one collection per service group, then each rule's verdict by resource name (or by region)."""

from __future__ import annotations

from collections.abc import Callable

import boto3

from compliance.model import Snapshot
from compliance.testing import ACCOUNT_ID, REGION, evaluate_rule, simulate_account, states_by_resource

OTHER_REGION = "eu-west-1"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/service"
# EC2 reads moto does not implement (the demo answers them; compliance/demo/_simulated.py): an EC2 collection
# on moto always records these two errors
MOTO_LACKS = ("DescribeClientVpnEndpoints", "DescribeVpcBlockPublicAccessOptions")


def collected(
    build: Callable[[boto3.Session], object], services: list[str], regions=(REGION,), unimplemented: tuple = ()
) -> Snapshot:
    """Build resources in a fresh simulated account and collect them with the real collectors. The only
    collection errors allowed are the ``unimplemented`` APIs and ``MOTO_LACKS`` (moto answers them with an error)."""
    with simulate_account() as account:
        build(account.session)
        snapshot = account.collect(services=services, regions=regions)
    assert {e.api for e in snapshot.collectionErrors} <= {*unimplemented, *MOTO_LACKS}, snapshot.collectionErrors
    return snapshot


class _Answered:
    status_code = 200
    headers: dict[str, str] = {}


def answer_unimplemented(session: boto3.Session, service: str, api: str, response: dict) -> None:
    """Answer an API moto does not implement with a real-shaped response, for clients created from now on
    (as a Stubber would; the collector's own reads stay on moto)."""
    reply = {**response, "ResponseMetadata": {"HTTPStatusCode": 200}}
    session.events.register(f"before-call.{service}.{api}", lambda **_: (_Answered(), reply))


def states(rule_id: str, snapshot: Snapshot, **params) -> dict[str, str]:
    return states_by_resource(evaluate_rule(rule_id, snapshot, params or None))


def named(snapshot: Snapshot, resource_type: str) -> dict[str, str]:
    """{resourceName: resourceId} of the collected items of a type."""
    return {i.resourceName: i.resourceId for i in snapshot if i.resourceType == resource_type}


def verdicts(rule_id: str, snapshot: Snapshot, resource_type: str, **params) -> dict[str, str]:
    """{resourceName: state} of a rule's evaluations of the collected items of a type."""
    by_id = states(rule_id, snapshot, **params)
    return {name: by_id[rid] for name, rid in named(snapshot, resource_type).items() if rid in by_id}


def make_subnets(session: boto3.Session, cidr: str, zones: str = "ab") -> tuple[str, list[str]]:
    ec2 = session.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock=f"{cidr}.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"{cidr}.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"][
            "SubnetId"
        ]
        for i, zone in enumerate(zones)
    ]
    return vpc, subnets


def regional(rule_id: str, snapshot: Snapshot, **params) -> dict[str, str]:
    """{region: state} of a rule that judges each region."""
    return {e.awsRegion: e.complianceType.value for e in evaluate_rule(rule_id, snapshot, params or None)}


def rotation_function(session: boto3.Session, region: str) -> str:
    """The ARN of a Lambda function in the simulated account (moto's RotateSecret requires one to exist)."""
    import io
    import json
    import zipfile

    trust = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole"}]}  # fmt: skip
    role = session.client("iam").create_role(RoleName="rotation", AssumeRolePolicyDocument=json.dumps(trust))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    return session.client("lambda", region_name=region).create_function(
        FunctionName="rotate-secret", Runtime="python3.12", Role=role["Role"]["Arn"], Handler="app.handler",
        Code={"ZipFile": buffer.getvalue()},
    )["FunctionArn"]  # fmt: skip
