"""Demo Amazon Macie (simulated, see ``_simulated``: the simulator reports Macie enabled everywhere and
lacks automated discovery): on with automated sensitive data discovery in the first region, never enabled
in the others (Macie.1, Macie.2)."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import answer

ROLE = "arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie"
OFF = {"Error": {"Code": "AccessDeniedException", "Message": "Macie is not enabled."}}


def seed(session: Any, regions: list[str]) -> None:
    home = regions[0]

    def macie_session(region: str, _params: dict[str, Any]) -> dict[str, Any]:
        if region != home:
            return OFF
        return {"status": "ENABLED", "findingPublishingFrequency": "FIFTEEN_MINUTES", "serviceRole": ROLE}

    def discovery(region: str, _params: dict[str, Any]) -> dict[str, Any]:
        return {"status": "ENABLED"} if region == home else OFF

    answer(session, "macie2", "GetMacieSession", macie_session)
    answer(session, "macie2", "GetAutomatedDiscoveryConfiguration", discovery)
