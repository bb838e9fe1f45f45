"""AWS access for collection: credentials, regions, retries, timeouts and reused clients.

Credentials come from boto3's standard chain (environment, shared config/credentials files,
SSO, container and instance roles), optionally from ``--profile``, optionally exchanged for a
role with ``--role-arn`` (+ ``--external-id``) through STS AssumeRole; assumed credentials are
refreshed before they expire, so long scans keep working. ``AWS_ENDPOINT_URL`` (and the
per-service ``AWS_ENDPOINT_URL_<SERVICE>``) are honoured by botocore itself.

Retries (:class:`RetryPolicy`): botocore's standard retry conditions (throttling, transient
errors, 5xx), capped exponential backoff with full jitter, a bounded number of attempts and a
total deadline per call; then the last error surfaces and the collector records it (rules over
that data report INSUFFICIENT_DATA). Not botocore's adaptive mode: its client-side rate limiter
cuts a client's send rate by 30% on every throttling response, down to 0.5 requests/s, and
all threads share one client per (service, region), so under sustained throttling a scan
crawled for hours (issue #15). Connect/read timeouts bound each attempt. One client per
(service, region) is created once and shared by all threads (botocore clients are thread-safe;
creating them is not, hence the lock).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import ClientError
from botocore.retries import standard

from compliance.collect.service_models import use_fast_loader
from compliance.errors import InputError, error_code_and_message
from compliance.suggest import did_you_mean

DEFAULT_MAX_ATTEMPTS = 10  # first try + 9 retries: at 30% throttling a call fails 6 times in a million
DEFAULT_CALL_DEADLINE = 120.0  # seconds per call, retries and backoff included
DEFAULT_BACKOFF_BASE = 0.2
DEFAULT_BACKOFF_CAP = 20.0
DEFAULT_CONNECT_TIMEOUT = 10
DEFAULT_READ_TIMEOUT = 60
DEFAULT_ROLE_SESSION_NAME = "compliance-scan"
# Where a partition's global services (IAM, STS global endpoint, S3 ListBuckets) are read.
GLOBAL_SERVICE_REGION = {"aws": "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1"}
ENABLED_OPT_IN_STATES = ("opt-in-not-required", "opted-in")
# Actions the session itself calls (sts:GetCallerIdentity needs no permission).
SESSION_PERMISSIONS = ("ec2:DescribeRegions",)


@dataclass(slots=True)
class RegionSelection:
    """The regions to read, and those asked for but not usable (region -> reason)."""

    regions: list[str]
    skipped: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before retrying one AWS call.

    Retried: what botocore's standard mode retries (throttling codes, transient errors and
    status codes, connection errors). Waits are full-jitter exponential backoff,
    ``uniform(0, min(cap, base * 2**retry))``; no retry starts once ``deadline`` seconds have
    passed since the call began (or would pass during the wait). A call that got no response
    at all (refused, unresolvable, timed out) is tried at most ``max_connection_attempts``
    times: throttling clears within seconds, an unreachable endpoint rarely does.
    """

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    max_connection_attempts: int = 3
    deadline: float = DEFAULT_CALL_DEADLINE
    base: float = DEFAULT_BACKOFF_BASE
    cap: float = DEFAULT_BACKOFF_CAP

    def install(self, client: Any) -> None:
        """Replace ``client``'s retries with this policy (the client must allow one attempt)."""
        conditions = standard.StandardRetryConditions(max_attempts=self.max_attempts)
        adapter = standard.RetryEventAdapter()
        clock = time.monotonic

        def started(context: dict[str, Any], **_: Any) -> None:
            context["compliance_call_started"] = clock()

        def needs_retry(**kwargs: Any) -> float | None:
            context = adapter.create_retry_context(**kwargs)
            if not conditions.is_retryable(context):
                return None
            if context.caught_exception is not None and context.attempt_number >= self.max_connection_attempts:
                return None
            delay = random.uniform(0, min(self.cap, self.base * 2 ** (context.attempt_number - 1)))
            began = (kwargs["request_dict"].get("context") or {}).get("compliance_call_started")
            if began is not None and clock() - began + delay > self.deadline:
                return None  # out of time: the caller sees the last error, as after the last attempt
            return delay

        client.meta.events.register_first("before-call", started)
        client.meta.events.register_first("needs-retry", needs_retry)


class CallRecorder:
    """Counts API calls (and HTTP attempts, retries included) per (service, operation).

    Registered on every client the session creates; ``listeners`` receive
    ``(service, operation)`` for each call, in the calling thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls: dict[tuple[str, str], int] = {}
        self.by_unit: dict[str, set[tuple[str, str]]] = {}
        self.attempts = 0
        self.listeners: list[Callable[[str, str], None]] = []
        self._local = threading.local()

    @property
    def last_operation(self) -> str | None:
        """The last operation called from this thread (names the API of an escaped exception)."""
        return getattr(self._local, "operation", None)

    def begin_unit(self, label: str) -> None:
        """Attribute this thread's next calls to ``label`` (a collector name) in ``by_unit``."""
        self._local.operation = None
        self._local.unit = label

    def end_unit(self) -> None:
        self._local.unit = None

    def attach(self, client: Any) -> None:
        service = client.meta.service_model.service_name
        client.meta.events.register("before-call.*.*", lambda model, **_: self._on_call(service, model.name))
        client.meta.events.register("before-send.*.*", self._on_send)

    def _on_call(self, service: str, operation: str) -> None:
        self._local.operation = operation
        unit = getattr(self._local, "unit", None)
        with self._lock:
            self.calls[(service, operation)] = self.calls.get((service, operation), 0) + 1
            if unit is not None:
                self.by_unit.setdefault(unit, set()).add((service, operation))
        for listener in self.listeners:
            listener(service, operation)

    def _on_send(self, **_: Any) -> None:
        with self._lock:
            self.attempts += 1

    @property
    def total_calls(self) -> int:
        with self._lock:
            return sum(self.calls.values())


class AwsSession:
    """One AWS identity to collect from: a boto3 session plus shared, configured clients."""

    def __init__(
        self,
        *,
        profile: str | None = None,
        role_arn: str | None = None,
        external_id: str | None = None,
        role_session_name: str = DEFAULT_ROLE_SESSION_NAME,
        region: str | None = None,
        endpoint_url: str | None = None,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        call_deadline: float = DEFAULT_CALL_DEADLINE,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        max_pool_connections: int = 20,
        boto_session: boto3.Session | None = None,
    ) -> None:
        if external_id and not role_arn:
            raise InputError("--external-id needs --role-arn")
        try:
            base = boto_session or boto3.Session(profile_name=profile, region_name=region)
        except Exception as exc:  # botocore's ProfileNotFound and friends
            raise InputError(f"--profile {profile}: {exc}") from None
        use_fast_loader(base)
        self.default_region = region or base.region_name or "us-east-1"
        self.endpoint_url = endpoint_url
        self.retry_policy = RetryPolicy(max_attempts=max_attempts, deadline=call_deadline)
        self.config = Config(
            retries={"mode": "standard", "total_max_attempts": 1},  # RetryPolicy decides retries
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_pool_connections=max_pool_connections,
            user_agent_extra="compliance-collector",
            # Behind a custom endpoint (a simulator, a proxy) an account-id host prefix cannot resolve.
            inject_host_prefix=not (endpoint_url or os.environ.get("AWS_ENDPOINT_URL")),
        )
        self.role_arn = role_arn
        self.boto_session = (
            _assumed_session(base, role_arn, external_id, role_session_name, self.default_region, self)
            if role_arn
            else base
        )
        self.recorder = CallRecorder()
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()
        self._identity: dict[str, str] | None = None

    def client(self, service: str, region: str | None = None) -> Any:
        """The shared client for ``service`` in ``region`` (created once, thread-safe)."""
        region = region or self.default_region
        key = (service, region)
        client = self._clients.get(key)
        if client is not None:
            return client
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self.boto_session.client(
                    service, region_name=region, config=self.config, endpoint_url=self.endpoint_url
                )
                self.retry_policy.install(client)
                self.recorder.attach(client)
                self._clients[key] = client
        return client

    def _caller_identity(self) -> dict[str, str]:
        if self._identity is None:
            identity = self.client("sts").get_caller_identity()
            self._identity = {"Account": identity["Account"], "Arn": identity["Arn"]}
        return self._identity

    @property
    def account_id(self) -> str:
        return self._caller_identity()["Account"]

    @property
    def partition(self) -> str:
        arn = self._caller_identity()["Arn"]
        return arn.split(":")[1] if arn.count(":") >= 2 else "aws"

    @property
    def global_region(self) -> str:
        """The region through which global services (IAM, S3's bucket list) are read."""
        return GLOBAL_SERVICE_REGION.get(self.partition, self.default_region)

    def region_states(self) -> dict[str, str]:
        """Every region of the partition and its opt-in status (ec2:DescribeRegions)."""
        response = self.client("ec2", self.default_region).describe_regions(AllRegions=True)
        return {r["RegionName"]: r.get("OptInStatus", "opt-in-not-required") for r in response["Regions"]}

    def select_regions(self, requested: Sequence[str] | None = None) -> RegionSelection:
        """``requested`` (validated against the account's regions), or every enabled region.

        A requested region the account has not opted into is kept out and reported in
        ``skipped``, so the runner can record it instead of calling a disabled endpoint.
        """
        try:
            states = self.region_states()
        except ClientError as exc:
            if not requested:
                code, message = error_code_and_message(exc)
                raise InputError(f"cannot list the account's regions ({code}: {message}); give --regions") from None
            return RegionSelection(list(dict.fromkeys(requested)))  # cannot validate; endpoints will tell
        if not requested:
            return RegionSelection(sorted(r for r, s in states.items() if s in ENABLED_OPT_IN_STATES))
        selection = RegionSelection([])
        for region in dict.fromkeys(requested):
            state = states.get(region)
            if state is None:
                raise InputError(f"--regions: unknown region {region!r}{did_you_mean(region, states)}")
            if state in ENABLED_OPT_IN_STATES:
                selection.regions.append(region)
            else:
                selection.skipped[region] = f"region is not enabled for this account (opt-in status {state})"
        return selection


def _assumed_session(
    base: boto3.Session,
    role_arn: str,
    external_id: str | None,
    session_name: str,
    region: str,
    owner: AwsSession,
) -> boto3.Session:
    """A session whose credentials come from AssumeRole and refresh themselves before expiry."""
    sts = base.client("sts", region_name=region, config=owner.config, endpoint_url=owner.endpoint_url)
    owner.retry_policy.install(sts)

    def fetch() -> dict[str, Any]:
        kwargs: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": session_name}
        if external_id:
            kwargs["ExternalId"] = external_id
        credentials = sts.assume_role(**kwargs)["Credentials"]
        expiry = credentials["Expiration"]
        if isinstance(expiry, datetime):
            expiry = expiry.astimezone(UTC).isoformat()
        return {
            "access_key": credentials["AccessKeyId"],
            "secret_key": credentials["SecretAccessKey"],
            "token": credentials["SessionToken"],
            "expiry_time": expiry,
        }

    try:
        metadata = fetch()
    except Exception as exc:
        code, message = error_code_and_message(exc)
        raise InputError(f"--role-arn {role_arn}: cannot assume the role: {code}: {message}") from None
    credentials = RefreshableCredentials.create_from_metadata(metadata, fetch, "assume-role")
    core = botocore.session.Session()
    core._credentials = credentials  # the documented way to hand boto3 refreshable credentials
    # Share the loaded service models: a fresh loader re-reads them (about 1 s per assumed role).
    core.register_component("data_loader", base._session.get_component("data_loader"))
    return boto3.Session(botocore_session=core, region_name=region)


def parse_regions(values: Iterable[str]) -> list[str]:
    """``--regions`` values, comma-separated and/or repeated."""
    return [r.strip() for value in values for r in str(value).split(",") if r.strip()]
