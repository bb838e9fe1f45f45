"""Kinesis data streams, as data (:mod:`compliance.collect.spec`), in AWS Config's spelling
(``AWS::Kinesis::Stream``, resource id the stream name, ``Arn``, ``Name``, ``RetentionPeriodHours``,
``ShardCount``, ``StreamEncryption``). ListStreams names the streams; DescribeStreamSummary per stream gives
retention and encryption. An unencrypted stream is recorded with ``StreamEncryption.EncryptionType`` ``NONE``, as
the API says, so a stream whose summary could not be read stays distinguishable from one known unencrypted."""

from __future__ import annotations

from typing import Any

from compliance.collect.spec import Detail, ResourceSpec, spec_collector

STREAM = "AWS::Kinesis::Stream"


def _listed(entry: dict[str, Any]) -> dict[str, Any]:
    return {"Arn": entry.get("StreamARN"), "Name": entry.get("StreamName")}


def _summary(response: dict[str, Any]) -> dict[str, Any]:
    summary = response.get("StreamDescriptionSummary") or {}
    shaped: dict[str, Any] = {}
    if "RetentionPeriodHours" in summary:
        shaped["RetentionPeriodHours"] = summary["RetentionPeriodHours"]
    if "OpenShardCount" in summary:
        shaped["ShardCount"] = summary["OpenShardCount"]
    if summary.get("EncryptionType"):
        shaped["StreamEncryption"] = {"EncryptionType": summary["EncryptionType"]}
        if summary.get("KeyId"):
            shaped["StreamEncryption"]["KeyId"] = summary["KeyId"]
    if "StreamMode" in (summary.get("StreamModeDetails") or {}):
        shaped["StreamModeDetails"] = {"StreamMode": summary["StreamModeDetails"]["StreamMode"]}
    return shaped


COLLECTORS = [
    spec_collector(
        "kinesis",
        "kinesis",
        (
            ResourceSpec(
                STREAM,
                "ListStreams",
                "StreamSummaries",
                "StreamName",
                arn="Arn",
                name_key="Name",
                casing="api",
                tags_key=None,
                clean=_listed,
                details=(
                    Detail(
                        "DescribeStreamSummary", "configuration", lambda e: {"StreamName": e["Name"]}, shape=_summary
                    ),
                ),
                one=lambda name: {},
            ),
        ),  # fmt: skip
        description="Kinesis data streams: encryption at rest and retention",
    )
]
