"""DynamoDB and Kinesis rules on resources created in a simulated account (moto) and read by the real collectors."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

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
