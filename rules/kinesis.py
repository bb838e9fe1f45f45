"""Kinesis Data Streams and Data Firehose rules: encryption at rest and data retention."""

from __future__ import annotations

from compliance.rule import Param

from ._checks import at_least, is_in, setting

STREAM = "AWS::Kinesis::Stream"

kinesis_stream_encrypted = setting(
    id="kinesis-stream-encrypted",
    title="Kinesis data streams are encrypted at rest",
    resource_types=[STREAM],
    path="configuration.StreamEncryption.EncryptionType",
    passes=is_in("KMS"),
    failing="stream encryption is {value}",
    passing="encrypted with KMS",
    absent="fail",  # AWS Config leaves StreamEncryption out of unencrypted streams
    severity="medium",
    rationale="Records may hold personal or business data; encryption at rest protects them in the shards.",
    remediation="aws kinesis start-stream-encryption --stream-name S --encryption-type KMS --key-id alias/aws/kinesis",
)
kinesis_stream_backup_retention_check = setting(
    id="kinesis-stream-backup-retention-check",
    title="Kinesis data streams keep data long enough",
    resource_types=[STREAM],
    path="configuration.RetentionPeriodHours",
    passes=at_least("minimumBackupRetentionPeriod"),
    failing="records are kept {value} hours, less than required",
    passing="retention is long enough",
    parameters={"minimumBackupRetentionPeriod": Param(int, 168, "Minimum retention in hours")},
    severity="medium",
    rationale="Retention is the window in which consumers can recover or replay records after a failure.",
    remediation="aws kinesis increase-stream-retention-period --stream-name S --retention-period-hours 168",
)
kinesis_firehose_delivery_stream_encrypted = setting(
    id="kinesis-firehose-delivery-stream-encrypted",
    title="Data Firehose delivery streams are encrypted at rest",
    resource_types=["AWS::KinesisFirehose::DeliveryStream"],
    path="configuration.DeliveryStreamEncryptionConfigurationInput.KeyType",
    passes=is_in("AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"),
    failing="server-side encryption is not configured",
    passing="encrypted at rest",
    absent="fail",  # no encryption configuration means server-side encryption is off
    severity="medium",
    trigger="periodic",
    rationale="Records buffered in the delivery stream may hold sensitive data; encryption protects them at rest.",
    remediation="aws firehose start-delivery-stream-encryption --delivery-stream-name S "
    "--delivery-stream-encryption-configuration-input KeyType=AWS_OWNED_CMK",
)
