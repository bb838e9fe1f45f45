"""Demo Security Hub: subscribed in the first region only. (Access Analyzer has no simulator:
the demo cannot seed analyzers, so IAM.28 shows its collection error instead.)"""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    session.client("securityhub", region_name=regions[0]).enable_security_hub(EnableDefaultStandards=False)
