"""S3, CloudTrail and CloudWatch rules that tests/rules/test_moto.py leaves out, on resources created in a
simulated account (moto) and read by the real collectors."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, ROLE_ARN, collected, states, verdicts

from compliance.model import Snapshot
from compliance.testing import (
    COMPLIANT,
    INSUFFICIENT_DATA,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    evaluate_rule,
    simulate_account,
)

BUCKET = "AWS::S3::Bucket"
OTHER_ACCOUNT = "111122223333"

# --- S3 ----------------------------------------------------------------------------------------------


def _policy(bucket: str, actions: list[str]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}, "Action": actions,
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}]})  # fmt: skip


def _s3(session: boto3.Session) -> None:
    s3 = session.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="vault", ObjectLockEnabledForBucket=True)
    for name in ("bare", "replica", "access-log-sink"):
        s3.create_bucket(Bucket=name)
    for name in ("vault", "replica"):
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object_lock_configuration(
        Bucket="vault",
        ObjectLockConfiguration={"ObjectLockEnabled": "Enabled",
                                 "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}},
    )  # fmt: skip
    s3.put_bucket_encryption(
        Bucket="vault",
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {
            "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": f"arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/vault"}}]},
    )  # fmt: skip
    s3.put_bucket_acl(Bucket="access-log-sink", ACL="log-delivery-write")
    s3.put_bucket_logging(
        Bucket="vault",
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "access-log-sink", "TargetPrefix": "v/"}},
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket="vault",
        LifecycleConfiguration={"Rules": [{"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": ""},
                                           "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]},
    )  # fmt: skip
    s3.put_bucket_replication(
        Bucket="vault",
        ReplicationConfiguration={"Role": ROLE_ARN, "Rules": [{
            "ID": "copy", "Status": "Enabled", "Priority": 1, "Filter": {"Prefix": ""},
            "DeleteMarkerReplication": {"Status": "Disabled"}, "Destination": {"Bucket": "arn:aws:s3:::replica"}}]},
    )  # fmt: skip
    s3.put_bucket_policy(Bucket="vault", Policy=_policy("vault", ["s3:GetObject"]))
    s3.put_bucket_policy(Bucket="replica", Policy=_policy("replica", ["s3:PutBucketPolicy", "s3:GetObject"]))
    # moto's canned public-read-write ACL reads back as READ only: grant WRITE explicitly
    everyone = {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}
    owner = s3.get_bucket_acl(Bucket="bare")["Owner"]
    s3.put_bucket_acl(
        Bucket="bare",
        AccessControlPolicy={"Owner": owner, "Grants": [{"Grantee": everyone, "Permission": "READ"},
                                                        {"Grantee": everyone, "Permission": "WRITE"}]},
    )  # fmt: skip


@pytest.fixture(scope="module")
def s3_snapshot() -> Snapshot:
    return collected(_s3, ["s3"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "s3-bucket-server-side-encryption-enabled",
        "s3-default-encryption-kms",
        "s3-bucket-logging-enabled",
        "s3-bucket-public-write-prohibited",
        "s3-lifecycle-policy-check",
        "s3-bucket-replication-enabled",
        "s3-bucket-default-lock-enabled",
    ],
)
def test_s3_bucket_rules(s3_snapshot, rule_id):
    found = verdicts(rule_id, s3_snapshot, BUCKET)
    assert (found["vault"], found["bare"]) == (COMPLIANT, NON_COMPLIANT)


@pytest.mark.parametrize(
    "rule_id", ["s3-lifecycle-policy-check", "s3-bucket-replication-enabled", "s3-bucket-default-lock-enabled"]
)
def test_s3_rules_on_settings_a_planned_scan_left_unread(s3_snapshot, rule_id):
    # a snapshot collected for other rules (the plan skipped these reads) says so: INSUFFICIENT_DATA, never "off"
    import copy
    import dataclasses

    from compliance.collect.plan import plan
    from compliance.plugins import load_plugins

    s3 = load_plugins(entry_points_enabled=False).collectors["s3"]
    skipped = plan([s3], {BUCKET: ("supplementaryConfiguration.BucketVersioningConfiguration",)}).not_recorded
    items = copy.deepcopy(s3_snapshot.configurationItems)
    narrow = dataclasses.replace(s3_snapshot, configurationItems=items, propertiesNotRecorded=skipped)
    for item in narrow.configurationItems:
        for key in ("BucketLifecycleConfiguration", "BucketReplicationConfiguration", "ObjectLockConfiguration"):
            item.supplementaryConfiguration.pop(key, None)
    evaluations = [e for e in evaluate_rule(rule_id, narrow) if e.resourceId in ("vault", "bare")]
    assert [e.complianceType.value for e in evaluations] == [INSUFFICIENT_DATA, INSUFFICIENT_DATA]
    assert all("was not read" in e.annotation for e in evaluations), [e.annotation for e in evaluations]


def test_s3_public_read_through_the_acl(s3_snapshot):
    # the collector records GetBucketAcl's "READ"; AWS Config's items say "Read": the rule reads both
    found = verdicts("s3-bucket-public-read-prohibited", s3_snapshot, BUCKET)
    assert (found["vault"], found["bare"]) == (COMPLIANT, NON_COMPLIANT)


def test_s3_blacklisted_actions_rule(s3_snapshot):
    found = verdicts("s3-bucket-blacklisted-actions-prohibited", s3_snapshot, BUCKET)
    assert (found["vault"], found["replica"], found["bare"]) == (COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE)


def test_s3_mfa_delete_rule(s3_snapshot):
    # moto never reports MFADelete (put_bucket_versioning with MFA is not reflected): only the off state
    found = verdicts("s3-bucket-mfa-delete-enabled", s3_snapshot, BUCKET)
    assert (found["vault"], found["bare"]) == (NON_COMPLIANT, NON_COMPLIANT)


# --- CloudTrail and CloudWatch alarms ----------------------------------------------------------------

TRAIL_SERVICES = ["cloudtrail", "s3", "cloudwatch"]


def _trails(session: boto3.Session) -> None:
    s3 = session.client("s3", region_name=REGION)
    for name in ("trail-private", "trail-public", "trail-access-logs"):
        s3.create_bucket(Bucket=name)
    s3.put_bucket_acl(Bucket="trail-access-logs", ACL="log-delivery-write")
    s3.put_bucket_logging(
        Bucket="trail-private", BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "trail-access-logs",
                                                                         "TargetPrefix": "t/"}},
    )  # fmt: skip
    key = session.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
    public = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::trail-public/*"}
    s3.put_bucket_policy(Bucket="trail-public", Policy=json.dumps({"Version": "2012-10-17", "Statement": [public]}))
    session.client("logs", region_name=REGION).create_log_group(logGroupName="trail")
    trails = session.client("cloudtrail", region_name=REGION)
    trails.create_trail(
        Name="watched", S3BucketName="trail-private", IsMultiRegionTrail=True, KmsKeyId=key,
        EnableLogFileValidation=True,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:trail:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/trail",
    )  # fmt: skip
    trails.put_event_selectors(
        TrailName="watched",
        EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True,
                         "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}],
    )  # fmt: skip
    trails.start_logging(Name="watched")
    trails.create_trail(Name="unwatched", S3BucketName="trail-public")
    cloudwatch = session.client("cloudwatch", region_name=REGION)
    topic = session.client("sns", region_name=REGION).create_topic(Name="alarms")["TopicArn"]
    alarm = {"MetricName": "Errors", "Namespace": "App", "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1,
             "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold"}  # fmt: skip
    cloudwatch.put_metric_alarm(AlarmName="paging", AlarmActions=[topic], **alarm)
    cloudwatch.put_metric_alarm(AlarmName="silent", ActionsEnabled=False, **alarm)


@pytest.fixture(scope="module")
def trail_snapshots() -> tuple[Snapshot, Snapshot]:
    """The account before any trail (its account-wide rules fail) and after."""
    with simulate_account() as account:
        before = account.collect(services=TRAIL_SERVICES)
        _trails(account.session)
        after = account.collect(services=TRAIL_SERVICES)
    assert not before.collectionErrors and not after.collectionErrors, after.collectionErrors
    return before, after


@pytest.mark.parametrize(
    "rule_id",
    [
        "cloudtrail-enabled",
        "cloudtrail-all-read-s3-data-event-check",
        "cloudtrail-all-write-s3-data-event-check",
        "multi-region-cloudtrail-enabled",
    ],
)
def test_account_wide_trail_rules(trail_snapshots, rule_id):
    before, after = trail_snapshots
    params = {"readWriteType": "ALL"} if rule_id == "multi-region-cloudtrail-enabled" else {}
    assert (states(rule_id, before, **params), states(rule_id, after, **params)) == (
        {ACCOUNT_ID: NON_COMPLIANT},
        {ACCOUNT_ID: COMPLIANT},
    )


@pytest.mark.parametrize(
    "rule_id",
    [
        "cloud-trail-cloud-watch-logs-enabled",
        "cloudtrail-s3-bucket-public-access-prohibited",
        "cloud-trail-encryption-enabled",
        "cloud-trail-log-file-validation-enabled",
        "cloudtrail-s3-bucket-access-logging",
    ],
)
def test_trail_rules(trail_snapshots, rule_id):
    _, after = trail_snapshots
    assert states(rule_id, after) == {"watched": COMPLIANT, "unwatched": NON_COMPLIANT}


def test_cloudwatch_alarm_action_rule(trail_snapshots):
    _, after = trail_snapshots
    assert verdicts("cloudwatch-alarm-action-check", after, "AWS::CloudWatch::Alarm") == {
        "paging": COMPLIANT,
        "silent": NON_COMPLIANT,
    }
