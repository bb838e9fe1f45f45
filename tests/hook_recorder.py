"""A test plugin (``--plugin hook_recorder`` or ``COMPLIANCE_PLUGINS=hook_recorder``) recording every
lifecycle hook call, in order, into ``EVENTS`` as (hook, account id, detail). No tests here."""

from __future__ import annotations

import threading

from compliance import hookimpl

EVENTS: list[tuple[str, str, object]] = []
_LOCK = threading.Lock()


def _add(event: tuple[str, str, object]) -> None:
    with _LOCK:
        EVENTS.append(event)


@hookimpl
def compliance_scan_started(snapshot):
    _add(("started", (snapshot.accountIds or [""])[0], len(snapshot.configurationItems)))


@hookimpl
def compliance_evaluation_changed(previous, current):
    _add(("changed", current.accountId, (previous is None, current.complianceType.value)))


@hookimpl
def compliance_scan_finished(result):
    _add(("finished", (result.snapshot.accountIds or [""])[0], len(result.evaluations)))
