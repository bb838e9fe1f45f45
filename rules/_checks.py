"""Compact declarations for the many FSBP rules that test one recorded setting.

``setting(...)`` is :func:`._util.property_rule` with the common wording filled in; ``declare(...)``
is :func:`compliance.rule.rule` for a rule that needs a few lines of logic. Both take ``reads``:
every property path the check uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import is_true, property_rule


def declare(*, resource_types: Iterable[str], reads: Any = (), **metadata: Any) -> Callable[..., Any]:
    """``@rule(...)`` for the built-in FSBP rules: ``reads`` lists the paths the check uses (or maps
    each resource type it looks at to its paths)."""
    return rule(resource_types=list(resource_types), reads=reads, **metadata)


def engine_is(*engines: str) -> Callable[[Any], Any]:
    """An ``applies`` filter for RDS-family items (DocumentDB and Neptune are RDS clusters)."""

    def applies(ci: Any) -> Any:
        engine = ci.configuration.get("engine") or ci.configuration.get("Engine")
        if engine is None:
            return insufficient_data("configuration.engine was not recorded")
        if not any(str(engine).lower().startswith(e) for e in engines):
            return not_applicable(f"engine {engine} is not {' or '.join(engines)}")
        return None

    return applies


def setting(
    *,
    id: str,
    title: str,
    resource_types: Iterable[str],
    path: str,
    what: str = "",
    passes: Callable[[Any, Any], bool] | None = None,
    failing: str = "",
    passing: str = "",
    **options: Any,
) -> Any:
    """:func:`._util.property_rule` with the common wording filled in: with only ``what`` ("point-in-time
    recovery"), the property is a flag that must be true. ``absent``, ``applies`` (None, a reason for
    NOT_APPLICABLE, or a Result) and ``reads`` (the paths ``applies`` uses) as there."""
    return property_rule(
        id=id,
        title=title,
        resource_types=list(resource_types),
        path=path,
        passes=passes or is_true,
        failing=failing or f"{what} is not enabled",
        passing=passing or (f"{what} is enabled" if what else ""),
        **options,
    )


def account_setting(*, id: str, title: str, key: str, judge: Callable[[Any], Any], label: str, **metadata: Any) -> Any:
    """A rule over one key of the regional ``AWS::::Account`` item: ``judge(value)`` gives the Result;
    a key not collected in the region is INSUFFICIENT_DATA."""

    def check(account, region):
        if account is None or account.awsRegion != region or key not in account.configuration:
            return insufficient_data(f"{label} was not collected in {region}")
        return judge(account.configuration[key])

    check.__doc__ = f"Reads {key} on the region's AWS::::Account item."
    return rule(id=id, title=title, resource_types=["AWS::::Account"], scope="region", trigger="periodic",
                account_settings=[key], **metadata)(check)  # fmt: skip


def is_in(*allowed: str) -> Callable[[Any, Any], bool]:
    """``passes`` for a property that must be one of ``allowed`` (case-insensitive)."""
    wanted = {a.lower() for a in allowed}
    return lambda value, params: str(value).lower() in wanted


def not_in(*refused: Any) -> Callable[[Any, Any], bool]:
    """``passes`` for a property that must not be one of ``refused`` (strings compare case-insensitively)."""
    bad = {str(r).lower() for r in refused}
    return lambda value, params: str(value).lower() not in bad


def non_empty(value: Any, params: Any = None) -> bool:
    return value not in ("", [], {}, None)


def at_least(param: str) -> Callable[[Any, Any], bool]:
    """``passes`` for a number that must reach ``params[param]``."""

    def passes(value: Any, params: Any) -> bool:
        try:
            return not isinstance(value, bool) and float(value) >= float(params[param])
        except (TypeError, ValueError):
            return False

    return passes


def public_policy(*, id: str, title: str, resource_types: Iterable[str], path: str, what: str, **metadata: Any) -> Any:
    """A rule failing a resource whose resource policy at ``path`` lets anyone (principal "*" without a
    limiting condition) use it. No policy at all is not public."""
    from ._util import is_public_statement, policy_document, statements

    def check(ci):
        if not ci.configuration:
            return insufficient_data("the resource's configuration was not recorded")
        raw = ci.get(path)
        if raw in (None, ""):
            return compliant(f"no {what} policy")
        document = policy_document(raw)
        if document is None:
            return insufficient_data(f"the {what} policy could not be read")
        public = [s.get("Sid", "?") for s in statements(document) if is_public_statement(s)]
        if public:
            return non_compliant(f"the {what} policy allows public access (statements {', '.join(public)})")
        return compliant(f"the {what} policy allows no public access")

    check.__doc__ = f"Reads ``{path}``: an Allow statement for principal * with no limiting condition is public."
    return declare(id=id, title=title, resource_types=resource_types, reads=["configuration"], **metadata)(check)
