"""Collect within a deadline, so a Lambda invocation ends before its time limit.

Past the deadline every further AWS call of the session fails at once with
:class:`DeadlineExceeded` (a listener on the session's call recorder), so running collectors
stop at their next call and the runner records a collection error for their resource types:
rules over those types then report INSUFFICIENT_DATA, never COMPLIANT. Should the runner still
not return (one call stuck in its read timeout) within ``grace`` seconds, the collection is
abandoned and every collector is recorded as not reached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from compliance.collect.base import GLOBAL_REGION, Collector
from compliance.collect.runner import run_collectors
from compliance.collect.session import AwsSession
from compliance.model import CollectionError, Snapshot
from compliance.reads import Reads
from compliance.snapshot import new_snapshot

DEADLINE_ERROR = "DeadlineExceeded"


class DeadlineExceeded(Exception):
    """Raised for an AWS call attempted after the collection deadline."""


class Deadline:
    """A point in time on the monotonic clock; ``None`` seconds means no limit."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._at = None if seconds is None else clock() + max(0.0, seconds)

    @classmethod
    def from_lambda_context(cls, context: object, reserve_seconds: float) -> Deadline:
        """The invocation's remaining time minus ``reserve_seconds`` (kept for the stages after)."""
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        if remaining is None:
            return cls(None)
        return cls(remaining() / 1000.0 - reserve_seconds)

    def remaining(self) -> float | None:
        return None if self._at is None else self._at - self._clock()

    @property
    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0


def collect_within(
    session: AwsSession,
    collectors: Sequence[Collector],
    deadline: Deadline,
    *,
    regions: Sequence[str] | None = None,
    workers: int = 8,
    grace: float = 5.0,
    reads: Reads | None = None,
) -> Snapshot:
    """:func:`run_collectors` (reading what ``reads`` plans), cut off at ``deadline`` (see the
    module docstring)."""

    def guard(service: str, operation: str) -> None:
        if deadline.expired:
            raise DeadlineExceeded(f"collection deadline reached before {service}:{operation}")

    account_id = session.account_id  # read before the guard: a not-reached record still names the account
    session.recorder.listeners.append(guard)
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["snapshot"] = run_collectors(session, collectors, regions=regions, workers=workers, reads=reads)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="collect-deadline", daemon=True)
    thread.start()
    left = deadline.remaining()
    thread.join(None if left is None else max(0.0, left) + grace)
    if thread.is_alive():  # the guard stays: the abandoned collection keeps failing fast
        return _not_reached(account_id, collectors, regions)
    session.recorder.listeners.remove(guard)
    error = outcome.get("error")
    if isinstance(error, DeadlineExceeded):  # the deadline passed before the runner's own first calls
        return _not_reached(account_id, collectors, regions)
    if error is not None:
        raise error  # type: ignore[misc]
    return outcome["snapshot"]  # type: ignore[return-value]


def _not_reached(account_id: str, collectors: Sequence[Collector], regions: Sequence[str] | None) -> Snapshot:
    """A snapshot with no items and a DeadlineExceeded error for every collector (and region)."""
    errors = []
    for collector in collectors:
        scopes = [GLOBAL_REGION] if collector.is_global else list(regions or [""])
        for region in scopes:
            errors.append(
                CollectionError(
                    service=collector.name,
                    api="collect",
                    errorCode=DEADLINE_ERROR,
                    message="collection did not finish before the invocation's deadline",
                    region=region,
                    accountId=account_id,
                    resourceTypes=list(collector.resource_types),
                )
            )
    types = sorted({t for c in collectors for t in c.resource_types})
    return new_snapshot(
        [], accountIds=[account_id], regions=list(regions or []), collectionErrors=errors, resourceTypesCollected=types
    )
