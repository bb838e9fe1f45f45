"""Keeping a rule's failure to itself: exceptions, ``sys.exit``, hangs and malformed data.

* Any ``BaseException`` a rule raises (``SystemExit`` from ``sys.exit``, ``GeneratorExit``, a
  ``KeyboardInterrupt`` it raised itself) becomes an ERROR for that rule; only a real Ctrl-C,
  seen by the SIGINT handler installed for the evaluation, ends the scan.
* Each rule has a time budget over all the resources it evaluates. In the main thread a timer
  (SIGALRM) interrupts a rule that runs past it, sleeping or looping; elsewhere the budget is
  checked between resources. Either way the rest of that rule's resources are ERROR.
* A rule that raises a type or value error while reading a resource is re-run once on a copy
  whose values record which path was read last; the evaluation then names that path
  (INSUFFICIENT_DATA: the data, not the rule, is suspect).
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from compliance.model import ComplianceType, ConfigurationItem
from compliance.rule import Result

DEFAULT_RULE_TIMEOUT = 300.0  # seconds per rule over all its resources: generous, a rule is normally milliseconds
RULE_TIMEOUT_ENV = "COMPLIANCE_RULE_TIMEOUT"
# What malformed data makes rule code raise (a str where a dict belongs, None where a number does).
DATA_ERRORS = (TypeError, AttributeError, ValueError, KeyError, IndexError, OverflowError)


def rule_timeout(value: float | None = None) -> float:
    """The per-rule budget: ``value``, else $COMPLIANCE_RULE_TIMEOUT, else the default; 0 = none."""
    from compliance.errors import InputError

    if value is None:
        text = os.environ.get(RULE_TIMEOUT_ENV)
        if not text:
            return DEFAULT_RULE_TIMEOUT
        try:
            value = float(text)
        except ValueError:
            raise InputError(f"{RULE_TIMEOUT_ENV}: expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise InputError(f"rule time budget: expected a number of seconds >= 0, got {value!r}")
    return value


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its budget (a BaseException, so ``except Exception`` in
    the rule does not swallow it)."""


class Budget:
    """One rule's time budget. ``expired`` once it has run out; ``active`` while the rule runs."""

    __slots__ = ("seconds", "deadline", "expired", "active")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds else math.inf
        self.expired = False
        self.active = False

    def check(self) -> bool:
        """Whether the budget has run out (also measured, for threads without the timer)."""
        if not self.expired and time.monotonic() > self.deadline:
            self.expired = True
        return self.expired

    def annotation(self) -> str:
        return f"rule exceeded its time budget of {self.seconds:g} s (--rule-timeout); not evaluated"


class Guard:
    """Installed for one evaluation: the Ctrl-C detector and the budget timer (main thread only)."""

    def __init__(self) -> None:
        self.interrupted = False
        self.budget: Budget | None = None
        self._main = threading.current_thread() is threading.main_thread()
        self._timer = self._main
        self._saved: dict[int, Any] = {}

    def __enter__(self) -> Guard:
        if not self._timer:
            return self
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._saved[signal.SIGINT] = signal.signal(signal.SIGINT, self._on_interrupt)
        alarm = getattr(signal, "SIGALRM", None)
        if alarm is not None and signal.getsignal(alarm) in (signal.SIG_DFL, None) and not signal.getitimer(
            signal.ITIMER_REAL
        )[0]:
            self._saved[alarm] = signal.signal(alarm, self._on_alarm)
        else:
            self._timer = False  # someone else's alarm (pytest-timeout, an application): check between items
        return self

    def __exit__(self, *_: Any) -> None:
        for number, handler in self._saved.items():
            if number != signal.SIGINT:
                signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(number, handler)

    def _on_interrupt(self, *_: Any) -> None:
        self.interrupted = True
        raise KeyboardInterrupt

    def _on_alarm(self, *_: Any) -> None:
        budget = self.budget
        if budget is None:
            return
        budget.expired = True
        if budget.active:
            raise RuleTimeout

    @contextmanager
    def rule(self, seconds: float) -> Iterator[Budget]:
        """The budget of one rule, armed for as long as the ``with`` block runs."""
        budget = self.budget = Budget(seconds)
        if self._timer and seconds:
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield budget
        finally:
            if self._timer and seconds:
                signal.setitimer(signal.ITIMER_REAL, 0)
            self.budget = None

    def run(self, call: Callable[..., Any], ci: Any, snapshot: Any, account: Any, region: Any) -> Any:
        """``call``'s value, or the exception it raised (never raised here, except a real Ctrl-C)."""
        budget = self.budget
        if budget is not None:
            if budget.expired or (not self._timer and budget.check()):
                return RuleTimeout()
            budget.active = True
        try:
            return call(ci, snapshot, account, region)
        except KeyboardInterrupt as exc:
            # Real only when our SIGINT handler saw it; a rule raising it itself (or in a worker
            # thread, where signals never arrive) is that rule's error.
            if self.interrupted or (self._main and signal.SIGINT not in self._saved):
                raise
            return exc
        except BaseException as exc:  # noqa: BLE001 - isolation is the point: sys.exit, hangs, anything
            return exc
        finally:
            if budget is not None:
                budget.active = False


def failure_result(exc: BaseException, guard: Guard, call: Callable[..., Any], args: tuple[Any, ...]) -> Result:
    """The evaluation for a rule that raised ``exc`` when called with ``args`` (ci, snapshot, account, region)."""
    if isinstance(exc, RuleTimeout):
        budget = guard.budget
        return Result(ComplianceType.ERROR, budget.annotation() if budget else "rule exceeded its time budget")
    described = _describe(exc)
    if isinstance(exc, DATA_ERRORS):
        suspect = _last_read(guard, call, args)
        if suspect is not None:
            path, value = suspect
            return Result(
                ComplianceType.INSUFFICIENT_DATA,
                f"cannot read {path}: malformed value {_short(value)} ({type(value).__name__}); {described}",
            )
    if isinstance(exc, SystemExit):
        return Result(ComplianceType.ERROR, f"rule called exit ({exc.code!r}); the scan went on")
    return Result(ComplianceType.ERROR, described)


def _describe(exc: BaseException) -> str:
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"rule raised {type(exc).__name__}: {message}".rstrip(": ")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _last_read(guard: Guard, call: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any] | None:
    """Re-run ``call`` on tracing copies of its items: the last (path, value) read before failing."""
    reads: list[tuple[str, Any]] = []
    ci, snapshot, account, region = args
    if not isinstance(ci, ConfigurationItem) and not isinstance(account, ConfigurationItem):
        return None
    outcome = guard.run(call, _traced_item(ci, reads), snapshot, _traced_item(account, reads), region)
    if not isinstance(outcome, DATA_ERRORS) or not reads:
        return None
    return reads[-1]


def _traced_item(ci: Any, reads: list[tuple[str, Any]]) -> Any:
    if not isinstance(ci, ConfigurationItem):
        return ci
    return replace(
        ci,
        configuration=_trace(ci.configuration, "configuration", reads),
        supplementaryConfiguration=_trace(ci.supplementaryConfiguration, "supplementaryConfiguration", reads),
        tags=_trace(ci.tags, "tags", reads),
    )


def _trace(value: Any, path: str, reads: list[tuple[str, Any]]) -> Any:
    if type(value) is dict:
        return _TracedDict(value, path, reads)
    if type(value) is list:
        return _TracedList(value, path, reads)
    return value


class _TracedDict(dict):
    """A dict that records each value read from it (and traces the containers it hands out)."""

    def __init__(self, data: dict[Any, Any], path: str, reads: list[tuple[str, Any]]) -> None:
        super().__init__(data)
        self._path, self._reads = path, reads

    def _read(self, key: Any, value: Any) -> Any:
        path = f"{self._path}.{key}"
        self._reads.append((path, value))
        return _trace(value, path, self._reads)

    def __getitem__(self, key: Any) -> Any:
        return self._read(key, super().__getitem__(key))

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self._read(key, super().__getitem__(key))
        return default

    def values(self) -> Any:  # type: ignore[override]
        return [self._read(k, v) for k, v in super().items()]

    def items(self) -> Any:  # type: ignore[override]
        return [(k, self._read(k, v)) for k, v in super().items()]


class _TracedList(list):
    def __init__(self, data: list[Any], path: str, reads: list[tuple[str, Any]]) -> None:
        super().__init__(data)
        self._path, self._reads = path, reads

    def _read(self, index: int, value: Any) -> Any:
        path = f"{self._path}[{index}]"
        self._reads.append((path, value))
        return _trace(value, path, self._reads)

    def __iter__(self) -> Any:
        for index, value in enumerate(super().__iter__()):
            yield self._read(index, value)

    def __getitem__(self, index: Any) -> Any:
        value = super().__getitem__(index)
        return self._read(index, value) if isinstance(index, int) else value
