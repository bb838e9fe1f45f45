"""Rules on where resources sit and who owns objects: S3 object ownership (ACLs), VPC interface endpoints
and a VPC function's Availability Zones, on resources created in a simulated account (moto) and read by the
real collectors."""

from __future__ import annotations

import io
import json
import zipfile

import boto3
from moto_rules import REGION, collected, make_subnets, states, verdicts

from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE


def _buckets(session: boto3.Session) -> None:
    s3 = session.client("s3", region_name=REGION)
    for name, ownership in (("owner-enforced", "BucketOwnerEnforced"), ("writer-owned", "ObjectWriter")):
        s3.create_bucket(Bucket=name)
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]})


def test_s3_bucket_acl_prohibited():
    snapshot = collected(_buckets, ["s3"])
    verdict = verdicts("s3-bucket-acl-prohibited", snapshot, "AWS::S3::Bucket")
    assert verdict == {"owner-enforced": COMPLIANT, "writer-owned": NON_COMPLIANT}


def _vpcs(session: boto3.Session) -> None:
    ec2 = session.client("ec2", region_name=REGION)
    for cidr, name in (("10.41", "with-endpoint"), ("10.42", "without")):
        vpc, subnets = make_subnets(session, cidr)
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": name}])
        if name == "with-endpoint":
            ec2.create_vpc_endpoint(
                VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.ec2", VpcEndpointType="Interface", SubnetIds=subnets
            )


def test_vpc_endpoint_enabled():
    snapshot = collected(_vpcs, ["ec2-vpc", "ec2-network"])
    names = {
        i.resourceId: {t["key"]: t["value"] for t in i.configuration.get("tags", [])}.get("Name")
        for i in snapshot
        if i.resourceType == "AWS::EC2::VPC"
    }
    by_name = {names[rid]: s for rid, s in states("vpc-endpoint-enabled", snapshot).items() if names.get(rid)}
    assert by_name == {"with-endpoint": COMPLIANT, "without": NON_COMPLIANT}
    ssm = states("vpc-endpoint-enabled", snapshot, serviceName="ssm")
    other = {names[rid]: s for rid, s in ssm.items() if names.get(rid)}
    assert other == {"with-endpoint": NON_COMPLIANT, "without": NON_COMPLIANT}


def _functions(session: boto3.Session) -> None:
    trust = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole"}]}  # fmt: skip
    role = session.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    _, spread = make_subnets(session, "10.51", zones="ab")
    _, single = make_subnets(session, "10.52", zones="a")
    group = session.client("ec2", region_name=REGION).describe_security_groups()["SecurityGroups"][0]["GroupId"]
    client = session.client("lambda", region_name=REGION)
    common = {"Runtime": "python3.12", "Role": role, "Handler": "app.handler", "Code": {"ZipFile": buffer.getvalue()}}
    for name, subnets in (("two-zones", spread), ("one-zone", single), ("no-vpc", None)):
        vpc = {"VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": [group]}} if subnets else {}
        client.create_function(FunctionName=name, **common, **vpc)


def test_lambda_vpc_multi_az_check():
    snapshot = collected(_functions, ["lambda", "ec2-network"])
    verdict = verdicts("lambda-vpc-multi-az-check", snapshot, "AWS::Lambda::Function")
    assert verdict == {"two-zones": COMPLIANT, "one-zone": NON_COMPLIANT, "no-vpc": NOT_APPLICABLE}
