"""Answers for the few read calls the simulator (moto) does not implement, so the demo account
can show those services too. Demo only: a handler registered on the demo session answers the
call before it reaches the simulator, with a response in the API's real shape.

Services covered: IAM Access Analyzer (ListAnalyzers, ListArchiveRules), Security Hub
(GetEnabledStandards), Systems Manager (DescribeInstanceInformation,
ListResourceComplianceSummaries, GetServiceSetting), Macie (GetMacieSession,
GetAutomatedDiscoveryConfiguration), Elastic Beanstalk (DescribeConfigurationSettings), MSK Connect
(ListConnectors), Redshift Serverless (ListNamespaces, ListWorkgroups), EC2
(DescribeClientVpnEndpoints, DescribeVpcBlockPublicAccessOptions). Collector tests never rely on
these: they use botocore's Stubber.

:func:`amend` fills fields the simulator leaves out of a response it does give (Redshift MultiAZ,
SageMaker PlatformIdentifier, OpenSearch ServiceSoftwareOptions), as the real API returns them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


class _Ok:
    status_code = 200
    headers: dict[str, str] = {}


class _Refused:
    status_code = 400
    headers: dict[str, str] = {}


def answer(session: Any, service: str, api: str, responder: Callable[[str, dict[str, Any]], dict[str, Any]]) -> None:
    """Answer ``service``'s ``api`` with ``responder(region, params)`` for clients of ``session``; a
    response holding ``Error`` ({"Code", "Message"}) is raised as that service error."""

    def handler(params: dict[str, Any], request_signer: Any, **_: Any) -> tuple[Any, dict[str, Any]]:
        response = responder(request_signer._region_name, _api_params(params.get("body")))
        return (_Refused() if "Error" in response else _Ok()), response

    session.events.register(f"before-call.{service}.{api}", handler)


def amend(session: Any, service: str, api: str, amender: Callable[[dict[str, Any]], None]) -> None:
    """Let ``amender`` complete (in place) the simulator's parsed response to ``service``'s ``api``."""

    def handler(parsed: dict[str, Any], **_: Any) -> None:
        amender(parsed)

    session.events.register(f"after-call.{service}.{api}", handler)


def amend_per_request(
    session: Any, service: str, api: str, amender: Callable[[dict[str, Any], dict[str, Any]], None]
) -> None:
    """Like :func:`amend`, for an amender that also needs the call's parameters (``amender(parsed, params)``)."""

    def remember(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["demo_params"] = dict(params)

    def handler(parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        amender(parsed, context.get("demo_params") or {})

    session.events.register(f"before-parameter-build.{service}.{api}", remember)
    session.events.register(f"after-call.{service}.{api}", handler)


def _api_params(body: Any) -> dict[str, Any]:
    """The call's parameters from a JSON-protocol request body ({} for other protocols)."""
    if isinstance(body, bytes | str) and body:
        try:
            found = json.loads(body)
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}
    return body if isinstance(body, dict) else {}
