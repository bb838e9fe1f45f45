"""Demo GuardDuty: enabled in the first region only (GuardDuty.1 fails in the second)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    session.client("guardduty", region_name=regions[0]).create_detector(
        Enable=True, DataSources={"S3Logs": {"Enable": True}}, FindingPublishingFrequency="FIFTEEN_MINUTES"
    )
