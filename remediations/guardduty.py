"""GuardDuty remediations: a detector in every region, turned on."""

from __future__ import annotations

from compliance.remediate.base import ApiCall, remediation
from compliance.rule import Param

from ._util import api_region, truthy

DETECTOR = "AWS::GuardDuty::Detector"


@remediation(
    id="guardduty-enable-detector",
    title="Create (or turn on) the region's GuardDuty detector",
    rules=["guardduty-enabled-centralized"],
    resource_types=["AWS::::Account"],
    permissions=["guardduty:CreateDetector", "guardduty:UpdateDetector", "iam:CreateServiceLinkedRole"],
    parameters={
        "findingPublishingFrequency": Param(str, "SIX_HOURS", "FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS"),
    },
    services=["guardduty"],
)
def enable_detector(item, params, region, snapshot):
    """A region has at most one detector: a disabled one is turned on, else one is created."""
    region = api_region(region or item.awsRegion)
    detectors = snapshot.of_type(DETECTOR, region) if snapshot is not None else []
    if any(d.configuration.get("Status") == "ENABLED" or truthy(d.configuration.get("Enable")) for d in detectors):
        return []
    if detectors:
        return [
            ApiCall(
                "guardduty",
                "update_detector",
                region,
                {"DetectorId": detectors[0].resourceId, "Enable": True},
                "turn the detector on",
            )
        ]
    return [
        ApiCall(
            "guardduty",
            "create_detector",
            region,
            {"Enable": True, "FindingPublishingFrequency": params["findingPublishingFrequency"]},
            "create a detector and turn it on",
        )
    ]
