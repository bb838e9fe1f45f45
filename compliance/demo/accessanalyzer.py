"""Demo IAM Access Analyzer (simulated, see ``_simulated``): an account analyzer in the first
region only, so IAM.28 passes there and fails in the second."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from compliance.demo._simulated import answer

CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def seed(session: Any, regions: list[str]) -> None:
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    home = regions[0]

    def analyzers(region: str, _params: dict[str, Any]) -> dict[str, Any]:
        if region != home:
            return {"analyzers": []}
        arn = f"arn:aws:access-analyzer:{region}:{account}:analyzer/external-access"
        return {
            "analyzers": [
                {"arn": arn, "name": "external-access", "type": "ACCOUNT", "createdAt": CREATED, "status": "ACTIVE"}
            ]
        }

    answer(session, "accessanalyzer", "ListAnalyzers", analyzers)
    answer(session, "accessanalyzer", "ListArchiveRules", lambda region, params: {"archiveRules": []})
