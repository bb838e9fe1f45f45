"""Small helpers shared by the service collectors: Config-style key casing, paginated and
error-recording calls, and secret redaction.

Every call helper records a failure with :meth:`CollectContext.record_error` and returns a
sentinel (``None``) so the collector can skip the affected resource type or resource, never
report it as if the call had answered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from compliance.collect.base import CollectContext

REDACTED = "REDACTED"
"""The marker that replaces a secret value; the stored form is ``REDACTED:sha256:<digest>``."""

# NotImplementedError: what the simulator (moto) raises for a call it lacks (its server answers
# an unparsable 500: ResponseParserError); recorded like an endpoint that does not exist, so one
# missing call does not stop a whole collector.
AWS_ERRORS = (ClientError, BotoCoreError, NotImplementedError, ResponseParserError)


def jsonable(value: Any) -> Any:
    """API output as plain JSON data: datetimes as ISO 8601 text, bytes dropped to their length."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def config_case(value: Any) -> Any:
    """Keys the way AWS Config writes API output: first letter lower-cased, recursively.

    ``DBInstanceIdentifier`` -> ``dBInstanceIdentifier``, ``CACertificateIdentifier`` ->
    ``cACertificateIdentifier`` (Config lowers exactly one letter). Values are made JSON-safe.
    """
    if isinstance(value, dict):
        return {_lower_first(k): config_case(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [config_case(v) for v in value]
    return jsonable(value)


def _lower_first(key: str) -> str:
    return key[:1].lower() + key[1:] if isinstance(key, str) else key


def error_code(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str((response.get("Error") or {}).get("Code") or "")
    return ""


def call(
    ctx: CollectContext,
    service: str,
    api: str,
    fn: Callable[..., Any],
    resource_types: Iterable[str],
    *,
    resource_id: str | None = None,
    absent: Iterable[str] = (),
    error_region: str | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(**kwargs)``; on failure record the error and return None.

    An error whose code is in ``absent`` means "nothing configured" (for example
    ``ResourceNotFoundException`` from a get-configuration call); it returns ``{}`` instead
    and records nothing. ``error_region`` overrides the region an error is recorded for
    (``"global"`` for global resources).
    """
    try:
        return fn(**kwargs)
    except AWS_ERRORS as exc:
        if error_code(exc) in set(absent):
            return {}
        ctx.record_error(service, api, exc, resource_types, resource_id=resource_id, region=error_region)
        return None


def paginate(
    ctx: CollectContext,
    client: Any,
    operation: str,
    result_key: str,
    resource_types: Iterable[str],
    *,
    service: str | None = None,
    api: str | None = None,
    resource_id: str | None = None,
    error_region: str | None = None,
    **kwargs: Any,
) -> list[Any] | None:
    """Every ``result_key`` entry over all pages of ``operation``; None (error recorded) on failure."""
    service = service or client.meta.service_model.service_name
    api = api or client.meta.method_to_api_mapping.get(operation, operation)
    found: list[Any] = []
    try:
        if client.can_paginate(operation):
            for page in client.get_paginator(operation).paginate(**kwargs):
                found.extend(page.get(result_key) or [])
        else:
            found.extend(getattr(client, operation)(**kwargs).get(result_key) or [])
    except AWS_ERRORS as exc:
        ctx.record_error(service, api, exc, resource_types, resource_id=resource_id, region=error_region)
        return None
    return found


def chunks(values: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def redact(value: Any, *, salt: str = "") -> str:
    """A secret's stored form: the marker plus a salted SHA-256, so a change still shows in
    history while the value itself never reaches a snapshot. ``salt`` should name where the
    value lives (resource ARN + variable name), so equal secrets in two places differ."""
    text = "" if value is None else str(value)
    digest = hashlib.sha256(f"{salt}\x00{text}".encode()).hexdigest()
    return f"{REDACTED}:sha256:{digest}"


def tag_dict(tags: Any) -> dict[str, str]:
    """Tags from any AWS shape: a dict, or a list of {Key, Value} / {key, value} / {TagKey, TagValue}."""
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    result: dict[str, str] = {}
    for tag in tags or []:
        if not isinstance(tag, dict):
            continue
        key = tag.get("Key", tag.get("key", tag.get("TagKey")))
        if key is not None:
            result[str(key)] = str(tag.get("Value", tag.get("value", tag.get("TagValue", ""))))
    return result


def pascal_case(value: Any) -> Any:
    """Keys with the first letter upper-cased, recursively (``roleARN`` -> ``RoleARN``): the
    CloudFormation-style spelling AWS Config uses for some types (ConfigurationRecorder, ...)."""
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: pascal_case(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [pascal_case(v) for v in value]
    return jsonable(value)


def jackson_case(value: Any, keep_keys_under: tuple[str, ...] = ()) -> Any:
    """Keys the way AWS Config writes some older types (Elasticsearch): the leading run of
    capitals lower-cased (``EBSOptions`` -> ``ebsoptions``, ``TLSSecurityPolicy`` ->
    ``tlssecurityPolicy``, ``DomainId`` -> ``domainId``). Children of a key named in
    ``keep_keys_under`` (a map whose keys are data, like ``LogPublishingOptions``) keep their keys."""
    if isinstance(value, dict):
        result = {}
        for key, child in value.items():
            if key == "ResponseMetadata":
                continue
            if key in keep_keys_under and isinstance(child, dict):
                result[_jackson(key)] = {k: jackson_case(v, keep_keys_under) for k, v in child.items()}
            else:
                result[_jackson(key)] = jackson_case(child, keep_keys_under)
        return result
    if isinstance(value, list | tuple):
        return [jackson_case(v, keep_keys_under) for v in value]
    return jsonable(value)


def _jackson(key: str) -> str:
    index = 0
    while index < len(key) and key[index].isupper():
        index += 1
    return key[:index].lower() + key[index:]
