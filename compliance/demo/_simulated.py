"""Answers for the few read calls the simulator (moto) does not implement, so the demo account
can show those services too. Demo only: a handler registered on the demo session answers the
call before it reaches the simulator, with a response in the API's real shape.

Services covered: IAM Access Analyzer (ListAnalyzers, ListArchiveRules), Security Hub
(GetEnabledStandards), Systems Manager (DescribeInstanceInformation,
ListResourceComplianceSummaries), EC2 (DescribeClientVpnEndpoints,
DescribeVpcBlockPublicAccessOptions). Collector tests never rely on these: they use botocore's
Stubber.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


class _Ok:
    status_code = 200
    headers: dict[str, str] = {}


def answer(session: Any, service: str, api: str, responder: Callable[[str, dict[str, Any]], dict[str, Any]]) -> None:
    """Answer ``service``'s ``api`` with ``responder(region, params)`` for clients of ``session``."""

    def handler(params: dict[str, Any], request_signer: Any, **_: Any) -> tuple[Any, dict[str, Any]]:
        return _Ok(), responder(request_signer._region_name, _api_params(params.get("body")))

    session.events.register(f"before-call.{service}.{api}", handler)


def _api_params(body: Any) -> dict[str, Any]:
    """The call's parameters from a JSON-protocol request body ({} for other protocols)."""
    if isinstance(body, bytes | str) and body:
        try:
            found = json.loads(body)
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}
    return body if isinstance(body, dict) else {}
