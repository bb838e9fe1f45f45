"""Fault injection through botocore's event hooks: AccessDenied, throttling that outlasts the
retries, and an unreachable endpoint. The scan finishes, every failure is recorded with service,
region, API and message, and no rule reports COMPLIANT for what could not be read."""

from __future__ import annotations

from collections import Counter

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError
from moto import mock_aws

from compliance.collect.runner import run_collectors, select_collectors
from compliance.collect.session import AwsSession
from compliance.evaluate import evaluate, select_rules

S3_DENIED = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>"
EC2_THROTTLED = (
    b"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
    b"</Message></Error></Errors><RequestID>1</RequestID></Response>"
)


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_):
        yield self.body


def _seed() -> None:
    for region in ("us-east-1", "eu-west-1"):
        ec2 = boto3.client("ec2", region_name=region)
        group = ec2.create_security_group(GroupName="ssh", Description="ssh")["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=group,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}],
        )
    s3 = boto3.client("s3")
    for name in ("faulty-one", "faulty-two"):
        s3.create_bucket(Bucket=name)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    boto3.client("cloudtrail", region_name="eu-west-1").create_trail(Name="eu-trail", S3BucketName="faulty-one")


@mock_aws
def test_faults_are_recorded_and_never_compliant(plugins):
    _seed()
    session = AwsSession(max_attempts=3)
    attempts: Counter[str] = Counter()

    def deny_versioning(request, **_):
        return AWSResponse(request.url, 403, {}, _Raw(S3_DENIED))

    def throttle_eu(request, **_):
        if "eu-west-1" in request.url:
            attempts["throttled"] += 1
            return AWSResponse(request.url, 400, {}, _Raw(EC2_THROTTLED))
        return None

    def unreachable_eu(request, **_):
        if "eu-west-1" in request.url:
            raise EndpointConnectionError(endpoint_url=request.url)
        return None

    events = session.boto_session.events
    events.register_first("before-send.s3.GetBucketVersioning", deny_versioning)
    events.register_first("before-send.ec2.DescribeSecurityGroups", throttle_eu)
    events.register_first("before-send.cloudtrail.DescribeTrails", unreachable_eu)

    collectors = select_collectors(plugins.collectors.values(), ["s3", "ec2", "cloudtrail"])
    snapshot = run_collectors(session, collectors, regions=["us-east-1", "eu-west-1"], workers=4)

    errors = {(e.service, e.api, e.region, e.errorCode, e.resourceId) for e in snapshot.collectionErrors}
    assert ("s3", "GetBucketVersioning", "us-east-1", "AccessDenied", "faulty-one") in errors
    assert ("s3", "GetBucketVersioning", "us-east-1", "AccessDenied", "faulty-two") in errors
    assert ("ec2", "DescribeSecurityGroups", "eu-west-1", "RequestLimitExceeded", None) in errors
    assert ("cloudtrail", "DescribeTrails", "eu-west-1", "EndpointConnectionError", None) in errors
    assert all(e.message for e in snapshot.collectionErrors)
    assert attempts["throttled"] == 3  # the whole retry budget was spent before giving up
    throttled = next(e for e in snapshot.collectionErrors if e.errorCode == "RequestLimitExceeded")
    assert throttled.message == "Request limit exceeded. (after 2 retries)"
    assert not snapshot.is_complete
    # what could be read still was: us-east-1 security groups, eu-west-1 volumes
    assert any(i.resourceType == "AWS::EC2::SecurityGroup" and i.awsRegion == "us-east-1" for i in snapshot)

    rules, _ = select_rules(plugins, rule_ids=["s3-bucket-versioning-enabled", "restricted-ssh"])
    result = evaluate(snapshot, rules)
    versioning = [e for e in result.evaluations if e.configRuleName == "s3-bucket-versioning-enabled"]
    assert {e.resourceId: e.complianceType.value for e in versioning} == {
        "faulty-one": "INSUFFICIENT_DATA",
        "faulty-two": "INSUFFICIENT_DATA",
    }
    ssh = [e for e in result.evaluations if e.configRuleName == "restricted-ssh"]
    eu = [e for e in ssh if e.awsRegion == "eu-west-1"]
    assert eu and all(e.complianceType.value == "INSUFFICIENT_DATA" for e in eu)
    assert any(e.complianceType.value == "COMPLIANT" for e in ssh if e.awsRegion == "us-east-1")
