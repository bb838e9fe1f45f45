"""DynamoDB, Kinesis and Data Firehose rules on resources created in a simulated account (moto) and read by the
real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

TABLE = "AWS::DynamoDB::Table"
STREAM = "AWS::Kinesis::Stream"
KEY = {
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def _tables(session: boto3.Session) -> None:
    dynamodb = session.client("dynamodb", region_name=REGION)
    dynamodb.create_table(TableName="guarded", DeletionProtectionEnabled=True, **KEY)
    dynamodb.update_continuous_backups(
        TableName="guarded", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    dynamodb.create_table(TableName="bare", **KEY)


@pytest.fixture(scope="module")
def dynamodb_snapshot() -> Snapshot:
    return collected(_tables, ["dynamodb"])


@pytest.mark.parametrize("rule_id", ["dynamodb-pitr-enabled", "dynamodb-table-deletion-protection-enabled"])
def test_dynamodb_table_rules(dynamodb_snapshot, rule_id):
    assert verdicts(rule_id, dynamodb_snapshot, TABLE) == {"guarded": COMPLIANT, "bare": NON_COMPLIANT}


def _streams(session: boto3.Session) -> None:
    kinesis = session.client("kinesis", region_name=REGION)
    kinesis.create_stream(StreamName="kept", ShardCount=1)
    kinesis.start_stream_encryption(StreamName="kept", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    kinesis.increase_stream_retention_period(StreamName="kept", RetentionPeriodHours=168)
    kinesis.create_stream(StreamName="plain", ShardCount=1)


@pytest.fixture(scope="module")
def kinesis_snapshot() -> Snapshot:
    return collected(_streams, ["kinesis"])


@pytest.mark.parametrize("rule_id", ["kinesis-stream-encrypted", "kinesis-stream-backup-retention-check"])
def test_kinesis_stream_rules(kinesis_snapshot, rule_id):
    assert verdicts(rule_id, kinesis_snapshot, STREAM) == {"kept": COMPLIANT, "plain": NON_COMPLIANT}


def test_kinesis_retention_against_a_lower_minimum(kinesis_snapshot):
    verdict = verdicts(
        "kinesis-stream-backup-retention-check", kinesis_snapshot, STREAM, minimumBackupRetentionPeriod=24
    )
    assert verdict == {"kept": COMPLIANT, "plain": COMPLIANT}


def _delivery_streams(session: boto3.Session) -> None:
    firehose = session.client("firehose", region_name=REGION)
    s3 = {"RoleARN": f"arn:aws:iam::{ACCOUNT_ID}:role/firehose", "BucketARN": "arn:aws:s3:::landing"}
    firehose.create_delivery_stream(DeliveryStreamName="sealed", ExtendedS3DestinationConfiguration=s3)
    firehose.start_delivery_stream_encryption(
        DeliveryStreamName="sealed", DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"}
    )
    firehose.create_delivery_stream(DeliveryStreamName="open", ExtendedS3DestinationConfiguration=s3)
    firehose.create_delivery_stream(DeliveryStreamName="switched-off", ExtendedS3DestinationConfiguration=s3)
    firehose.start_delivery_stream_encryption(
        DeliveryStreamName="switched-off", DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"}
    )
    firehose.stop_delivery_stream_encryption(DeliveryStreamName="switched-off")


def test_firehose_delivery_stream_encrypted():
    snapshot = collected(_delivery_streams, ["firehose"])
    assert verdicts("kinesis-firehose-delivery-stream-encrypted", snapshot, "AWS::KinesisFirehose::DeliveryStream") == {
        "sealed": COMPLIANT,
        "open": NON_COMPLIANT,
        "switched-off": NON_COMPLIANT,
    }
