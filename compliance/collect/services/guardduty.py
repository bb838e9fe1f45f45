"""GuardDuty: detectors per region (``AWS::GuardDuty::Detector``, Config's PascalCase spelling).

The regional account item gets ``guardDutyEnabled``: whether an enabled detector exists there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

DETECTOR = "AWS::GuardDuty::Detector"
TYPES = (DETECTOR, ACCOUNT_RESOURCE_TYPE)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    guardduty = ctx.client("guardduty")
    detector_ids = paginate(ctx, guardduty, "list_detectors", "DetectorIds", TYPES)
    if detector_ids is None:
        return
    complete = True
    any_enabled = False
    for detector_id in detector_ids:
        detector = call(
            ctx,
            "guardduty",
            "GetDetector",
            guardduty.get_detector,
            TYPES,
            resource_id=detector_id,
            DetectorId=detector_id,
        )
        if detector is None:
            complete = False
            continue
        any_enabled = any_enabled or detector.get("Status") == "ENABLED"
        yield _detector(ctx, detector_id, detector)
    if complete or any_enabled:  # unknown when a detector could not be read and none is known enabled
        ctx.account_setting("guardDutyEnabled", any_enabled, regional=True)


def _enabled(source: dict[str, Any] | None) -> bool:
    return (source or {}).get("Status") == "ENABLED"


def _detector(ctx: CollectContext, detector_id: str, detector: dict[str, Any]) -> ConfigurationItem:
    sources = detector.get("DataSources") or {}
    configuration = {
        "Id": detector_id,
        "Enable": detector.get("Status") == "ENABLED",
        "Status": detector.get("Status"),
        "FindingPublishingFrequency": detector.get("FindingPublishingFrequency"),
        "DataSources": {
            "S3Logs": {"Enable": _enabled(sources.get("S3Logs"))},
            "Kubernetes": {"AuditLogs": {"Enable": _enabled((sources.get("Kubernetes") or {}).get("AuditLogs"))}},
        },
        "ServiceRole": detector.get("ServiceRole"),
    }
    arn = f"arn:{ctx.partition}:guardduty:{ctx.region}:{ctx.account_id}:detector/{detector_id}"
    return ctx.item(
        DETECTOR,
        detector_id,
        configuration,
        arn=arn,
        tags=detector.get("Tags") or {},
        supplementary={"Features": jsonable(detector.get("Features") or [])},
        created=jsonable(detector.get("CreatedAt")),
    )


COLLECTORS = [
    Collector(
        name="guardduty",
        resource_types=TYPES,
        permissions=("guardduty:ListDetectors", "guardduty:GetDetector"),
        collect=collect,
        description="GuardDuty detectors and their status, per region",
    )
]
