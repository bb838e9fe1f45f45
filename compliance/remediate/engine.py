"""Plan, approve, apply, verify and audit remediations for a scan's failing evaluations.

Stages, each usable alone:

* :func:`plan_actions` turns NON_COMPLIANT evaluations into :class:`Action` s: the remediation,
  its parameters and the exact API calls, or why the resource is skipped (excluded, opt-in
  remediation not enabled, not in this run's snapshot, nothing to change). No AWS call.
* :func:`execute` applies planned actions: checks the blast-radius limit and the account of the
  credentials, re-collects the resource and re-evaluates it when it changed since evaluation,
  asks for approval, applies, then re-collects and re-evaluates to verify. A failed call is
  recorded with the API error and the run goes on.
* :func:`remediate_automatically` is the unattended mode (the Lambda scanner's): only rules
  the remediation config marks ``automatic``, with AWS Config's attempt and retry semantics.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from compliance.model import ComplianceType, Snapshot
from compliance.remediate.audit import Auditor, AuditSink, caller_identity
from compliance.remediate.base import ApplyError, Remediation
from compliance.remediate.config import RemediationConfig
from compliance.remediate.plan import (  # noqa: F401  (re-exported: the engine's public names)
    APPLIED,
    FAILED,
    FIXED,
    MANUAL,
    PLANNED,
    SKIPPED,
    STILL_FAILING,
    UNVERIFIED,
    Action,
    RemediationRun,
    plan_actions,
    plan_one,
    record_plan,
    remediations_for,
)
from compliance.remediate.recollect import Recollector
from compliance.remediate.state import FreshCache, changed, current_state
from compliance.results import ScanResult
from compliance.rule import SnapshotView


def execute(
    actions: list[Action],
    result: ScanResult,
    *,
    session: Any,
    recollector: Recollector | None,
    auditor: Auditor,
    approve: Callable[[Action], bool] = lambda action: True,
    max_changes: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    prior_failures: Callable[[Action], int] = lambda action: 0,
    account_id: str | None = None,
) -> RemediationRun:
    """Apply each planned action (see the module docstring); every outcome is audited.

    Actions skipped at planning were audited by :func:`record_plan` and are left alone here.
    ``account_id`` is the credentials' account (looked up with STS when not given)."""
    if account_id is None and any(a.status == PLANNED for a in actions):
        principal, account_id = caller_identity(session)
        auditor.principal = auditor.principal or principal
    changes = 0
    cache = FreshCache()
    for action in actions:
        if action.status != PLANNED:
            continue
        skip = _precheck(action, account_id, max_changes, changes, prior_failures)
        if skip:
            _finish(action, auditor, SKIPPED, skip)
            continue
        current = current_state(action, result.snapshot, recollector, cache)
        if current.snapshot is None:
            _finish(action, auditor, SKIPPED, f"cannot confirm the current state: {current.reason}")
            continue
        if current.item is None:
            _finish(action, auditor, SKIPPED, "the resource no longer exists")
            continue
        if changed(action, current):
            if current.evaluation is None or current.evaluation.complianceType is not ComplianceType.NON_COMPLIANT:
                state = current.evaluation.complianceType if current.evaluation else "not evaluated"
                _finish(action, auditor, SKIPPED, f"changed since evaluation; re-evaluated: {state}")
                continue
            action.item = current.item
            view = SnapshotView(
                i for i in current.snapshot.configurationItems if i.accountId == action.evaluation.accountId
            )
            plan_one(action, view, session)
            if action.status != PLANNED:
                _finish(action, auditor, action.status, f"changed since evaluation; re-planned: {action.reason}")
                continue
        if not approve(action):
            _finish(action, auditor, SKIPPED, "not approved")
            continue
        changes += 1
        _apply(action, session, sleep, auditor.mode == "automatic")
        cache.clear()
        if action.status == APPLIED:
            _verify(action, result.snapshot, recollector, cache)
        auditor.record(action.status, **action.audit_fields())
    return RemediationRun(actions, auditor.records)


def limit_plan(
    actions: list[Action],
    *,
    max_changes: int | None = None,
    account_id: str | None = None,
    prior_failures: Callable[[Action], int] = lambda action: 0,
) -> list[Action]:
    """For a dry run: leave out exactly what :func:`execute` would, by the same checks (the
    credentials' account, ``max_changes``, automatic attempts), each marked SKIPPED with its
    reason. Returns the actions left out."""
    left_out = []
    changes = 0
    for action in actions:
        if action.status != PLANNED:
            continue
        skip = _precheck(action, account_id, max_changes, changes, prior_failures)
        if skip:
            action.status, action.reason = SKIPPED, skip
            left_out.append(action)
        else:
            changes += 1
    return left_out


def _precheck(
    action: Action, account: str | None, max_changes: int | None, changes: int, prior_failures: Callable[[Action], int]
) -> str | None:
    if account and action.evaluation.accountId and action.evaluation.accountId != account:
        return f"the credentials are for account {account}, not {action.evaluation.accountId}"
    if max_changes is not None and changes >= max_changes:
        return f"blast-radius limit reached (--max-changes {max_changes})"
    setting = action.setting
    if setting is not None and setting.automatic:  # prior_failures counts automatic attempts only
        failed = prior_failures(action)
        if failed >= setting.maximum_automatic_attempts:
            return (
                f"maximum automatic attempts reached ({failed} failed within {setting.retry_seconds}s): "
                "remediation exception"
            )
    return None


def _finish(action: Action, auditor: Auditor, status: str, reason: str) -> None:
    action.status, action.reason = status, reason
    auditor.record(status, **action.audit_fields())


def _attempts(action: Action, automatic: bool) -> tuple[int, float]:
    """Automatic mode retries as AWS Config does; a person running --yes/--approve sees the error at once."""
    setting = action.setting
    if automatic and setting is not None and setting.automatic:
        count = setting.maximum_automatic_attempts
        return count, setting.retry_seconds / count
    return 1, 0.0


def _apply(action: Action, session: Any, sleep: Callable[[float], None], automatic: bool) -> None:
    assert action.remediation is not None
    count, pause = _attempts(action, automatic)
    for attempt in range(1, count + 1):
        action.attempts = attempt
        try:
            action.remediation.apply(action.calls, session)
        except ApplyError as exc:
            action.status = FAILED
            action.error = {
                "code": exc.code,
                "message": exc.message,
                "call": exc.call.cli(),
                "completedCalls": [c.cli() for c in exc.done],  # made before the failure: not undone
            }
            action.reason = str(exc)
            if attempt < count:
                sleep(pause)
            continue
        action.status, action.reason, action.error = APPLIED, "", None
        return


def _verify(action: Action, snapshot: Snapshot, recollector: Recollector | None, cache: FreshCache) -> None:
    current = current_state(action, snapshot, recollector, cache)
    if current.snapshot is None:
        action.verification, action.reason = UNVERIFIED, current.reason
        return
    if current.item is not None:
        action.after_hash = current.item.configurationItemMD5Hash or current.item.compute_hash()
    evaluation = current.evaluation
    if evaluation is None:
        action.verification, action.reason = UNVERIFIED, "the resource was not re-evaluated"
    elif evaluation.complianceType in (ComplianceType.COMPLIANT, ComplianceType.NOT_APPLICABLE):
        action.verification, action.reason = FIXED, f"{evaluation.complianceType}: {evaluation.annotation}"
    elif evaluation.complianceType is ComplianceType.NON_COMPLIANT:
        action.verification, action.reason = STILL_FAILING, evaluation.annotation
    else:
        action.verification = UNVERIFIED
        action.reason = f"{evaluation.complianceType}: {evaluation.annotation}"


# --- automatic mode -------------------------------------------------------------------------


def failures_from_log(sink: AuditSink | None, now: datetime | None = None) -> Callable[[Action], int]:
    """Failed automatic attempts per (resource, rule) within each setting's retry window."""
    records = list(sink.read()) if sink is not None else []
    now = now or datetime.now(UTC)

    def count(action: Action) -> int:
        setting = action.setting
        if setting is None:
            return 0
        since = now - timedelta(seconds=setting.retry_seconds)
        e = action.evaluation
        total = 0
        for record in records:
            if record.get("event") != FAILED or record.get("mode") != "automatic":
                continue
            if (
                record.get("accountId"),
                record.get("awsRegion"),
                record.get("resourceType"),
                record.get("resourceId"),
                record.get("configRuleName"),
            ) != (e.accountId, e.awsRegion, e.resourceType, e.resourceId, e.configRuleName):
                continue
            try:
                when = datetime.fromisoformat(str(record.get("time")).replace("Z", "+00:00"))
            except ValueError:
                continue
            if when >= since:
                total += int(record.get("attempt") or 1)
        return total

    return count


def remediate_automatically(
    result: ScanResult,
    remediations: dict[str, Remediation],
    config: RemediationConfig,
    *,
    session: Any,
    recollector: Recollector | None,
    sink: AuditSink | None,
    hook: Any = None,
    max_changes: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RemediationRun:
    """Fix the failing evaluations of rules the config marks ``automatic``; nothing else.

    Each resource gets up to ``maximum_automatic_attempts`` tries spread over ``retry_seconds``;
    failed attempts already in the audit log within that window count too, so a periodic
    scanner stops retrying a resource that keeps failing (AWS Config's remediation exception).
    """
    principal, account_id = caller_identity(session)
    auditor = Auditor(sink, hook, mode="automatic", principal=principal)
    actions = plan_actions(result, remediations, config=config, only_automatic=True, session=session)
    record_plan(actions, auditor)
    return execute(
        actions,
        result,
        session=session,
        recollector=recollector,
        auditor=auditor,
        max_changes=max_changes if max_changes is not None else config.max_changes,
        sleep=sleep,
        prior_failures=failures_from_log(sink),
        account_id=account_id,
    )
