"""Events to resources: the table, AWS Config notifications, unknown events, file formats."""

from __future__ import annotations

import gzip
import json

import pytest

from compliance.errors import InputError
from compliance.events import load_events, resolve, resolve_files, table
from tests.events.records import ACCOUNT, cloudtrail, config_change, eventbridge, put_bucket_versioning


def changes(*records, known=None):
    from compliance.events.load import EventRecord

    batch = resolve([EventRecord(r, f"test:{n}") for n, r in enumerate(records)], known)
    return batch, [(c.resource_type, c.ref, c.deleted) for c in batch.changes]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (put_bucket_versioning("logs"), [("AWS::S3::Bucket", "logs", False)]),
        (cloudtrail("s3", "DeleteBucket", {"bucketName": "old"}), [("AWS::S3::Bucket", "old", True)]),
        (cloudtrail("s3", "DeleteBucketPolicy", {"bucketName": "b"}), [("AWS::S3::Bucket", "b", False)]),
        (
            cloudtrail("ec2", "AuthorizeSecurityGroupIngress", {"groupId": "sg-1"}),
            [("AWS::EC2::SecurityGroup", "sg-1", False)],
        ),
        (
            cloudtrail("ec2", "CreateSecurityGroup", {"groupName": "web"}, {"groupId": "sg-2", "_return": True}),
            [("AWS::EC2::SecurityGroup", "sg-2", False)],
        ),
        (
            cloudtrail(
                "ec2",
                "TerminateInstances",
                {"instancesSet": {"items": [{"instanceId": "i-1"}, {"instanceId": "i-2"}]}},
            ),
            [("AWS::EC2::Instance", "i-1", True), ("AWS::EC2::Instance", "i-2", True)],
        ),
        (
            cloudtrail("ec2", "RunInstances", {}, {"instancesSet": {"items": [{"instanceId": "i-9"}]}}),
            [("AWS::EC2::Instance", "i-9", False)],
        ),
        (cloudtrail("ec2", "CreateVpc", {}, {"vpc": {"vpcId": "vpc-1"}}), [("AWS::EC2::VPC", "vpc-1", False)]),
        (cloudtrail("ec2", "DeleteVolume", {"volumeId": "vol-1"}), [("AWS::EC2::Volume", "vol-1", True)]),
        (
            cloudtrail("iam", "AttachRolePolicy", {"roleName": "r", "policyArn": "arn:aws:iam::aws:policy/P"}),
            [("AWS::IAM::Role", "r", False), ("AWS::IAM::Policy", "arn:aws:iam::aws:policy/P", False)],
        ),
        (cloudtrail("iam", "DeleteUser", {"userName": "bob"}), [("AWS::IAM::User", "bob", True)]),
        (
            cloudtrail("iam", "UpdateAccountPasswordPolicy", {"minimumPasswordLength": 8}),
            [("AWS::::Account", ACCOUNT, False)],
        ),
        (
            cloudtrail("rds", "ModifyDBInstance", {"dBInstanceIdentifier": "db1"}),
            [("AWS::RDS::DBInstance", "db1", False)],
        ),
        (cloudtrail("kms", "DisableKeyRotation", {"keyId": "k-1"}), [("AWS::KMS::Key", "k-1", False)]),
        (cloudtrail("cloudtrail", "StopLogging", {"name": "main"}), [("AWS::CloudTrail::Trail", "main", False)]),
        (
            cloudtrail("lambda", "UpdateFunctionConfiguration20150331v2", {"functionName": "f"}),
            [("AWS::Lambda::Function", "f", False)],
        ),
        (cloudtrail("lambda", "DeleteFunction20150331", {"functionName": "f"}), [("AWS::Lambda::Function", "f", True)]),
    ],
)
def test_the_table_maps_common_write_calls_to_their_resources(record, expected):
    assert changes(record)[1] == expected


def test_an_eventbridge_event_carries_the_cloudtrail_cause():
    batch, found = changes(eventbridge(put_bucket_versioning("logs", event_id="ev-1")))
    assert found == [("AWS::S3::Bucket", "logs", False)]
    cause = batch.changes[0].cause
    assert (cause.eventId, cause.eventName, cause.principal, cause.eventTime) == (
        "ev-1",
        "PutBucketVersioning",
        f"arn:aws:iam::{ACCOUNT}:user/alice",
        "2026-12-03T09:00:00Z",
    )
    assert batch.changes[0].account == ACCOUNT and batch.changes[0].region == "us-east-1"


def test_config_change_notifications_map_directly_and_deletions_are_deleted():
    _, found = changes(
        config_change("AWS::EC2::SecurityGroup", "sg-7"), config_change("AWS::S3::Bucket", "b", "ResourceDeleted")
    )
    assert found == [("AWS::EC2::SecurityGroup", "sg-7", False), ("AWS::S3::Bucket", "b", True)]


def test_unknown_failed_and_read_only_events_are_counted_and_skipped():
    batch, found = changes(
        cloudtrail("s3", "GetBucketAcl", {"bucketName": "b"}),
        cloudtrail("gamelift", "CreateFleet", {"name": "t"}),
        put_bucket_versioning("b", errorCode="AccessDenied"),
        cloudtrail("s3", "PutBucketVersioning", {"bucketName": "b"}, readOnly=True),
        {"version": "0", "id": "x", "detail-type": "EC2 Instance State-change Notification", "detail": {"state": "x"}},
    )
    assert found == []
    assert batch.events == 5
    assert batch.unknown == {
        "s3.amazonaws.com GetBucketAcl": 1,
        "gamelift.amazonaws.com CreateFleet": 1,
        "EventBridge EC2 Instance State-change Notification": 1,
    }
    assert batch.skipped == {"failed call (errorCode)": 1, "read-only call": 1}


def test_an_unlisted_call_of_a_collected_service_is_derived_from_the_records_resources():
    record = cloudtrail(
        "sns",
        "PutDataProtectionPolicyX",
        {},
        None,
        resources=[{"ARN": "arn:aws:sns:us-east-1:123456789012:t", "accountId": ACCOUNT, "type": "AWS::SNS::Topic"}],
    )
    assert changes(record, known={"AWS::SNS::Topic"})[1] == [
        ("AWS::SNS::Topic", "arn:aws:sns:us-east-1:123456789012:t", False)
    ]
    assert changes(record, known={"AWS::S3::Bucket"})[1] == []


def test_changes_to_types_not_collected_are_skipped_with_a_reason():
    batch, found = changes(put_bucket_versioning("b"), known={"AWS::EC2::Instance"})
    assert found == [] and batch.skipped == {"AWS::S3::Bucket: not collected": 1}


def test_every_table_type_is_collected_and_every_collected_type_is_mapped(plugins):
    collected = {t for c in plugins.collectors.values() for t in c.resource_types}
    assert table.resource_types() <= collected
    assert collected - table.resource_types() == set(table.UNMAPPED)


def test_every_collected_service_has_entries(plugins):
    sources = {e.source.split(".")[0] for e in table.ENTRIES}
    services = {c.name.split("-")[0] for c in plugins.collectors.values()}
    aliases = {
        "elbv2": "elasticloadbalancing",
        "elb": "elasticloadbalancing",
        "efs": "elasticfilesystem",
        "opensearch": "es",
        "cognito": "cognito-idp",
        "cloudwatch": "monitoring",
        "stepfunctions": "states",
        "emr": "elasticmapreduce",
        "mq": "amazonmq",
        "accessanalyzer": "access-analyzer",
        "redshiftserverless": "redshift-serverless",
        "acmpca": "acm-pca",
        "network": "network-firewall",
        "account": "iam",
        "inspector2": "inspector2",
        "shield": "shield",
        "iam": "iam",
    }
    # inspector2, macie and shield only contribute account settings the periodic scan reads
    missing = {s for s in services if aliases.get(s, s) not in sources} - {"inspector2", "macie", "shield"}
    assert missing == set()


def test_file_formats_log_file_gzip_json_lines(tmp_path):
    records = [put_bucket_versioning("a"), put_bucket_versioning("b")]
    log = tmp_path / "123456789012_CloudTrail_us-east-1_20261203T0900Z_x.json.gz"
    log.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    lines = tmp_path / "events.jsonl"
    lines.write_text("\n".join(json.dumps(eventbridge(r)) for r in records) + "\n")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(records[0], indent=2))
    batch = resolve_files([str(log), str(lines), str(single)])
    assert [c.ref for c in batch.changes] == ["a", "b", "a", "b", "a"]
    assert [r.origin for r in load_events(str(lines))] == [f"{lines}:1", f"{lines}:2"]
    assert load_events(str(log))[1].origin == f"{log}: Records[1]"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ('{"eventSource": "s3.amazonaws.com"', "not JSON"),
        ('{"eventSource": "s3.amazonaws.com"}', "field 'eventName'"),
        ('{"Records": {"a": 1}}', "field 'Records'"),
        ('{"detail-type": "AWS API Call via CloudTrail", "detail": []}', "field 'detail'"),
        ('{"eventSource": "s3.amazonaws.com", "eventName": "X"}\n[1]\n', "events.json:2: expected a JSON object"),
        (
            '{"eventSource": "s3.amazonaws.com", "eventName": "X", "requestParameters": "b"}',
            "field 'requestParameters'",
        ),
    ],
)
def test_bad_input_is_one_line_naming_file_and_field(tmp_path, content, message):
    path = tmp_path / "events.json"
    path.write_text(content)
    with pytest.raises(InputError) as caught:
        resolve_files([str(path)])
    text = str(caught.value)
    assert message in text and "events.json" in text and "\n" not in text
