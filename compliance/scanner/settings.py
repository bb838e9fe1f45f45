"""The scanner's configuration, read from environment variables (the Lambda function's).

Every variable is optional except where noted; a malformed value raises InputError naming it.

=================================== ===========================================================
``COMPLIANCE_MODE``                 ``account`` (default: scan the function's own account) or
                                    ``organization`` (the schedule dispatches one job per
                                    member account and region to ``COMPLIANCE_QUEUE_URL``)
``COMPLIANCE_PACKS``                packs to evaluate, comma-separated (default: every rule)
``COMPLIANCE_RULES``                extra rule ids, comma-separated
``COMPLIANCE_REGIONS``              regions to collect, comma-separated (default: every enabled)
``COMPLIANCE_SERVICES``             collectors to run, comma-separated (default: all)
``COMPLIANCE_STORE``                history store URL, e.g. ``s3://bucket/prefix``
``COMPLIANCE_SNS_TOPIC_ARN``        topic for new failures and resolutions
``COMPLIANCE_SECURITYHUB_EXPORT``   ``true``/``false`` (default false)
``COMPLIANCE_REMEDIATION_CONFIG``   remediation config: ``s3://bucket/key`` or a file path
``COMPLIANCE_REMEDIATION_ROLE_ARN`` role assumed to remediate the function's own account
``COMPLIANCE_QUEUE_URL``            the fan-out job queue (organization mode)
``COMPLIANCE_DLQ_URL``              its dead-letter queue (its depth goes into the report)
``COMPLIANCE_MEMBER_ROLE_NAME``     read-only role assumed in member accounts
                                    (default ``ComplianceScannerMemberRole``)
``COMPLIANCE_MEMBER_EXTERNAL_ID``   ExternalId for that AssumeRole
``COMPLIANCE_PLUGINS``              extra plugin modules to load (shipped in the zip), comma-separated
``COMPLIANCE_RESERVE_SECONDS``      time kept for record/evaluate/notify (default 30)
``COMPLIANCE_WORKERS``              collection threads (default 8)
=================================== ===========================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from compliance.errors import InputError

PREFIX = "COMPLIANCE_"
MODES = ("account", "organization")
DEFAULT_MEMBER_ROLE_NAME = "ComplianceScannerMemberRole"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


def _csv(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _bool(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InputError(f"{name}: expected true or false, got {env[name]!r}")


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{name}: expected a number, got {raw!r}") from None
    if not low <= value <= high:
        raise InputError(f"{name}: expected a number from {low:g} to {high:g}, got {raw!r}")
    return value


@dataclass(slots=True)
class ScannerSettings:
    mode: str = "account"
    packs: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    store_url: str | None = None
    sns_topic_arn: str | None = None
    securityhub_export: bool = False
    remediation_config: str | None = None
    remediation_role_arn: str | None = None
    queue_url: str | None = None
    dlq_url: str | None = None
    member_role_name: str = DEFAULT_MEMBER_ROLE_NAME
    member_external_id: str | None = None
    plugins: list[str] = field(default_factory=list)
    parameters: dict[str, dict[str, str]] = field(default_factory=dict)  # rule -> {param: value} (CLI --param)
    reserve_seconds: float = 30.0
    workers: int = 8

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ScannerSettings:
        mode = env.get("COMPLIANCE_MODE", "account").strip().lower() or "account"
        if mode not in MODES:
            raise InputError(f"COMPLIANCE_MODE: expected one of {', '.join(MODES)}, got {mode!r}")
        store = env.get("COMPLIANCE_STORE", "").strip() or None
        topic = env.get("COMPLIANCE_SNS_TOPIC_ARN", "").strip() or None
        if topic and not topic.startswith("arn:"):
            raise InputError(f"COMPLIANCE_SNS_TOPIC_ARN: expected a topic ARN, got {topic!r}")
        settings = cls(
            mode=mode,
            packs=_csv(env.get("COMPLIANCE_PACKS")),
            rules=_csv(env.get("COMPLIANCE_RULES")),
            regions=_csv(env.get("COMPLIANCE_REGIONS")),
            services=_csv(env.get("COMPLIANCE_SERVICES")),
            store_url=store,
            sns_topic_arn=topic,
            securityhub_export=_bool(env, "COMPLIANCE_SECURITYHUB_EXPORT"),
            remediation_config=env.get("COMPLIANCE_REMEDIATION_CONFIG", "").strip() or None,
            remediation_role_arn=env.get("COMPLIANCE_REMEDIATION_ROLE_ARN", "").strip() or None,
            queue_url=env.get("COMPLIANCE_QUEUE_URL", "").strip() or None,
            dlq_url=env.get("COMPLIANCE_DLQ_URL", "").strip() or None,
            member_role_name=env.get("COMPLIANCE_MEMBER_ROLE_NAME", "").strip() or DEFAULT_MEMBER_ROLE_NAME,
            member_external_id=env.get("COMPLIANCE_MEMBER_EXTERNAL_ID", "").strip() or None,
            plugins=_csv(env.get("COMPLIANCE_PLUGINS")),
            reserve_seconds=_number(env, "COMPLIANCE_RESERVE_SECONDS", 30.0, 0, 900),
            workers=int(_number(env, "COMPLIANCE_WORKERS", 8, 1, 64)),
        )
        if mode == "organization" and not settings.queue_url:
            raise InputError("COMPLIANCE_QUEUE_URL: required when COMPLIANCE_MODE is organization")
        if mode == "organization" and not (store or "").startswith("s3://"):
            raise InputError("COMPLIANCE_STORE: an s3:// URL is required when COMPLIANCE_MODE is organization")
        return settings
