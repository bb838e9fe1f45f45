"""Helpers shared by the built-in rules."""

from __future__ import annotations

from typing import Any

from compliance.policy import (  # noqa: F401  (the IAM policy helpers, public in compliance.policy)
    action_matches,
    actions,
    inline_policies,
    is_public_statement,
    policy_document,
    policy_versions_default,
    principals,
    statements,
)


def as_bool(value: Any) -> bool | None:
    """AWS Config writes booleans as booleans or as "true"/"false" strings; None when unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ci_name(ci: Any) -> str:
    return ci.resourceName or ci.resourceId


def days_since(timestamp: Any, now: Any = None) -> float | None:
    """Days from an ISO-8601 timestamp (or datetime) to now; None when absent or unparsable."""
    from datetime import UTC, datetime

    if timestamp in (None, "", "N/A", "not_supported", "no_information"):
        return None
    if isinstance(timestamp, datetime):
        moment = timestamp
    else:
        try:
            moment = datetime.fromisoformat(str(timestamp).replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return (now - moment).total_seconds() / 86400


_ABSENT = object()


def property_rule(
    *,
    id: str,
    title: str,
    resource_types: list[str],
    path: str,
    passes: Any,
    failing: str,
    passing: str = "",
    absent: str = "insufficient",
    severity: str = "medium",
    trigger: str = "change",
    parameters: dict[str, Any] | None = None,
    rationale: str = "",
    remediation: str = "",
    applies: Any = None,
    reads: Any = (),
) -> Any:
    """A rule that reads one property path and tests it with ``passes(value, params) -> bool``.

    Its read declaration is ``path`` plus ``reads`` (the paths ``applies`` uses).

    ``absent`` says what a missing value means: "insufficient" (not recorded: INSUFFICIENT_DATA),
    "fail" or "pass" (when AWS Config leaves the property out exactly when the feature is off/on).
    ``applies(ci)`` returns None, a reason to report NOT_APPLICABLE, or a Result to report as it is.
    ``failing`` may use ``{value}``.
    """
    from compliance.rule import Result, compliant, insufficient_data, non_compliant, not_applicable, rule

    def check(ci, params):
        if applies is not None and (reason := applies(ci)):
            return reason if isinstance(reason, Result) else not_applicable(reason)
        value = ci.get(path, _ABSENT)
        if value is _ABSENT or value is None:
            if absent == "insufficient":
                return insufficient_data(f"{path} was not recorded")
            return compliant(passing) if absent == "pass" else non_compliant(failing.format(value=None))
        if passes(value, params):
            return compliant(passing)
        return non_compliant(failing.format(value=value))

    check.__doc__ = f"Reads ``{path}``."
    return rule(
        id=id,
        title=title,
        resource_types=resource_types,
        severity=severity,
        trigger=trigger,  # type: ignore[arg-type]
        parameters=parameters,
        rationale=rationale,
        remediation=remediation,
        reads=[path, *reads],
    )(check)


def is_true(value: Any, params: Any = None) -> bool:
    return as_bool(value) is True


def is_false(value: Any, params: Any = None) -> bool:
    return as_bool(value) is False
