"""DynamoDB, DAX, Kinesis, Data Firehose, SNS, SQS, Step Functions, EventBridge and Secrets Manager rules
on AWS Config-shaped items."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_ci, property_cases

TABLE, DAX, STREAM = "AWS::DynamoDB::Table", "AWS::DAX::Cluster", "AWS::Kinesis::Stream"
SECRET, QUEUE, TOPIC, BUS = "AWS::SecretsManager::Secret", "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::Events::EventBus"
PITR = "supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription"
PITR += ".pointInTimeRecoveryStatus"
SFN = "AWS::StepFunctions::StateMachine"


def policy(principal, condition=None):
    statement = {"Sid": "s1", "Effect": "Allow", "Principal": principal, "Action": "*", "Resource": "*"}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Statement": [statement]})


def ago(days):
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def secret(**config):
    return make_ci(SECRET, "s-1", {"Name": "s", **config})


OWN_ACCOUNT = {"StringEquals": {"aws:SourceAccount": "123456789012"}}


def policy_cases(rule, rtype):
    return [
        Case(rule, C, [make_ci(rtype, "r", {"Policy": policy({"AWS": "arn:aws:iam::123456789012:root"})})]),
        Case(rule, C, [make_ci(rtype, "r", {"Policy": policy("*", OWN_ACCOUNT)})], "condition"),
        Case(rule, C, [make_ci(rtype, "r", {"Name": "no policy"})], "no policy"),
        Case(rule, NC, [make_ci(rtype, "r", {"Policy": policy("*")})]),
        Case(rule, INS, [make_ci(rtype, "r", {"Policy": "{not json"})], "unreadable"),
        Case(rule, INS, [make_ci(rtype, "r", {})]),
    ]


def rotating(on_time=None):
    return secret(RotationEnabled=True, **({} if on_time is None else {"RotationOccurringAsScheduled": on_time}))


CASES = [
    *property_cases("dynamodb-pitr-enabled", TABLE, PITR, "ENABLED", "DISABLED"),
    *property_cases("dynamodb-table-deletion-protection-enabled", TABLE, "configuration.deletionProtectionEnabled",
                    True, False),
    *property_cases("dax-encryption-enabled", DAX, "configuration.SSEDescription.Status", "ENABLED", "DISABLED"),
    *property_cases("dax-tls-endpoint-encryption", DAX, "configuration.ClusterEndpointEncryptionType", "TLS", "NONE"),
    *property_cases("kinesis-stream-encrypted", STREAM, "configuration.StreamEncryption.EncryptionType", "KMS", "NONE",
                    absent=NC),
    *property_cases("kinesis-stream-backup-retention-check", STREAM, "configuration.RetentionPeriodHours", 168, 24),
    *property_cases("kinesis-firehose-delivery-stream-encrypted", "AWS::KinesisFirehose::DeliveryStream",
                    "configuration.DeliveryStreamEncryptionConfigurationInput.KeyType", "AWS_OWNED_CMK", "NONE",
                    absent=NC),
    *policy_cases("sns-topic-no-public-access", TOPIC),
    *policy_cases("sqs-queue-no-public-access", QUEUE),
    Case("sqs-queue-encrypted", C, [make_ci(QUEUE, "q", {"KmsMasterKeyId": "alias/aws/sqs"})]),
    Case("sqs-queue-encrypted", C, [make_ci(QUEUE, "q", {"SqsManagedSseEnabled": "true"})]),
    Case("sqs-queue-encrypted", NC, [make_ci(QUEUE, "q", {"SqsManagedSseEnabled": "false", "QueueArn": "arn"})]),
    Case("sqs-queue-encrypted", INS, [make_ci(QUEUE, "q", {})]),
    *property_cases("step-functions-state-machine-logging-enabled", SFN, "configuration.LoggingConfiguration.Level",
                    "ERROR", "OFF"),
    *property_cases("step-functions-state-machine-logging-enabled", SFN, "configuration.LoggingConfiguration.Level",
                    "ALL", "ERROR", absent=None, params={"logLevel": "ALL"}),
    Case("custom-eventbus-policy-attached", C, [make_ci(BUS, "b", {"Name": "orders", "Policy": policy("*")})]),
    Case("custom-eventbus-policy-attached", NC, [make_ci(BUS, "b", {"Name": "orders"})]),
    Case("custom-eventbus-policy-attached", NA, [make_ci(BUS, "b", {"Name": "default"})]),
    Case("custom-eventbus-policy-attached", INS, [make_ci(BUS, "b", {})]),
    Case("secretsmanager-rotation-enabled-check", C, [secret(RotationEnabled=True)]),
    Case("secretsmanager-rotation-enabled-check", NC, [secret(RotationEnabled=False)]),
    Case("secretsmanager-rotation-enabled-check", NC, [secret(RotationEnabled=True, RotationRules={
        "AutomaticallyAfterDays": 400})], "too rare", params={"maximumAllowedRotationFrequency": 90}),
    Case("secretsmanager-rotation-enabled-check", INS, [secret()]),
    Case("secretsmanager-scheduled-rotation-success-check", C, [rotating(True)]),
    Case("secretsmanager-scheduled-rotation-success-check", NC, [rotating(False)]),
    Case("secretsmanager-scheduled-rotation-success-check", NA, [secret(RotationEnabled=False)]),
    Case("secretsmanager-scheduled-rotation-success-check", INS, [rotating()]),
    Case("secretsmanager-secret-unused", C, [secret(LastAccessedDate=ago(3))]),
    Case("secretsmanager-secret-unused", NC, [secret(LastAccessedDate=ago(200))]),
    Case("secretsmanager-secret-unused", NC, [secret(CreatedDate=ago(100))], "never accessed"),
    Case("secretsmanager-secret-unused", INS, [secret()]),
    Case("secretsmanager-secret-periodic-rotation", C, [secret(LastRotatedDate=ago(10))]),
    Case("secretsmanager-secret-periodic-rotation", NC, [secret(LastRotatedDate=ago(120))]),
    Case("secretsmanager-secret-periodic-rotation", INS, [secret()]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
