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

import copy
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from compliance.errors import InputError
from compliance.evaluate import ConfiguredRule, ScanResult, evaluate
from compliance.model import ACCOUNT_RESOURCE_TYPE, ComplianceType, ConfigurationItem, Evaluation, Snapshot
from compliance.remediate.audit import Auditor, AuditSink, caller_identity
from compliance.remediate.base import ApiCall, ApplyError, CannotRemediate, Remediation
from compliance.remediate.config import RemediationConfig, RemediationSetting
from compliance.remediate.recollect import GLOBAL_REGIONS, Recollected, Recollector
from compliance.remediate.safety import Exclusions
from compliance.rule import SnapshotView

PLANNED, SKIPPED, APPLIED, FAILED, MANUAL = "planned", "skipped", "applied", "failed", "manual"
FIXED, STILL_FAILING, UNVERIFIED = "fixed", "still failing", "unverified"


@dataclass(slots=True)
class Action:
    """One remediation of one resource for one failing evaluation, and what became of it."""

    evaluation: Evaluation
    configured: ConfiguredRule
    remediation: Remediation | None = None
    item: ConfigurationItem | None = None
    params: dict[str, Any] = field(default_factory=dict)
    calls: list[ApiCall] = field(default_factory=list)
    status: str = PLANNED
    reason: str = ""
    verification: str | None = None
    after_hash: str | None = None
    error: dict[str, str] | None = None
    attempts: int = 0
    setting: RemediationSetting | None = None

    @property
    def before_hash(self) -> str | None:
        if self.item is None:
            return self.evaluation.configurationItemMD5Hash
        return self.item.configurationItemMD5Hash or self.item.compute_hash()

    def audit_fields(self) -> dict[str, Any]:
        e = self.evaluation
        return {
            "accountId": e.accountId,
            "awsRegion": e.awsRegion,
            "resourceType": e.resourceType,
            "resourceId": e.resourceId,
            "arn": e.arn,
            "configRuleName": e.configRuleName,
            "ruleId": e.ruleId,
            "remediation": self.remediation.id if self.remediation else None,
            "parameters": self.params,
            "calls": [c.to_dict() for c in self.calls],
            "beforeHash": self.before_hash,
            "afterHash": self.after_hash,
            "result": self.verification or self.reason or self.status,
            "error": self.error,
            "attempt": self.attempts or None,
        }


@dataclass(slots=True)
class RemediationRun:
    actions: list[Action]
    records: list[dict[str, Any]] = field(default_factory=list)

    def by_status(self, status: str) -> list[Action]:
        return [a for a in self.actions if a.status == status]

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in (PLANNED, APPLIED, FAILED, SKIPPED, MANUAL)}
        for action in self.actions:
            counts[action.status] += 1
        counts[FIXED] = sum(1 for a in self.actions if a.verification == FIXED)
        counts[STILL_FAILING] = sum(1 for a in self.actions if a.verification == STILL_FAILING)
        return counts

    @property
    def ok(self) -> bool:
        """No failed apply and nothing left failing after an apply."""
        return not self.by_status(FAILED) and not any(a.verification == STILL_FAILING for a in self.actions)


def remediations_for(remediations: dict[str, Remediation], rule_id: str) -> list[Remediation]:
    return sorted((r for r in remediations.values() if rule_id in r.rule_ids), key=lambda r: (r.opt_in, r.id))


def _choose(
    candidates: list[Remediation], setting: RemediationSetting | None, remediations: dict[str, Remediation], rule: str
) -> Remediation | None:
    if setting is not None and setting.remediation:
        chosen = remediations.get(setting.remediation)
        if chosen is None:
            raise InputError(f"remediation config: unknown remediation {setting.remediation!r} for rule {rule}")
        if chosen not in candidates:
            raise InputError(f"remediation config: remediation {chosen.id} does not fix rule {rule}")
        return chosen
    return candidates[0] if candidates else None


def _target_item(evaluation: Evaluation, view: SnapshotView, items: dict[tuple, ConfigurationItem]):
    """The CI this evaluation is about, from this run's snapshot (None when it is not there)."""
    if evaluation.resourceType != ACCOUNT_RESOURCE_TYPE:
        return items.get(evaluation.resource_key)
    account = next(
        (i for i in view.accounts() if i.accountId == evaluation.accountId and i.awsRegion == evaluation.awsRegion),
        None,
    )
    if account is None:
        account = next(
            (
                i
                for i in view.accounts()
                if i.accountId == evaluation.accountId and i.awsRegion in (*GLOBAL_REGIONS, "us-east-1")
            ),
            None,
        )
    return account


def plan_actions(
    result: ScanResult,
    remediations: dict[str, Remediation],
    *,
    config: RemediationConfig | None = None,
    exclusions: Exclusions | None = None,
    enabled: Iterable[str] = (),
    overrides: dict[str, dict[str, Any]] | None = None,
    session: Any = None,
    only_automatic: bool = False,
) -> list[Action]:
    """An :class:`Action` per NON_COMPLIANT evaluation of ``result``. Makes no AWS call unless a
    plan function needs ``session`` and one is given. ``enabled`` names opt-in remediations the
    user turned on; ``overrides`` maps a remediation id to parameter values (CLI ``--set``)."""
    config = config or RemediationConfig()
    exclusions = exclusions if exclusions is not None else config.exclusions
    enabled = set(enabled)
    overrides = overrides or {}
    unknown = sorted(set(enabled) - set(remediations))
    if unknown:
        raise InputError(f"--enable: unknown remediation {unknown[0]!r} (see 'compliance remediations list')")
    configured_by_name = {c.name: c for c in result.rules}
    snapshot = result.snapshot
    views: dict[str, SnapshotView] = {}
    by_key = {i.key: i for i in snapshot.configurationItems if not i.is_deleted}
    actions: list[Action] = []
    for evaluation in result.failing:
        configured = configured_by_name.get(evaluation.configRuleName)
        if configured is None:
            continue
        setting = config.setting_for(evaluation.configRuleName, evaluation.ruleId)
        if only_automatic and not (setting and setting.automatic):
            continue
        candidates = remediations_for(remediations, evaluation.ruleId)
        chosen = _choose(candidates, setting, remediations, evaluation.configRuleName)
        action = Action(evaluation, configured, chosen, setting=setting)
        actions.append(action)
        if chosen is None:
            action.status, action.reason = MANUAL, "no remediation fixes this rule"
            continue
        if chosen.opt_in and chosen.id not in enabled and not (setting and setting.remediation == chosen.id):
            action.status, action.reason = SKIPPED, f"{chosen.id} is off unless enabled (--enable {chosen.id})"
            continue
        view = views.get(evaluation.accountId)
        if view is None:
            view = views[evaluation.accountId] = SnapshotView(
                i for i in snapshot.configurationItems if i.accountId == evaluation.accountId
            )
        action.item = _target_item(evaluation, view, by_key)
        if (
            action.item is None
            and evaluation.resourceType == ACCOUNT_RESOURCE_TYPE
            and (evaluation.accountId in snapshot.accountIds or view.accounts())
        ):
            # the account was scanned even if no collector contributed an account-wide setting
            action.item = ConfigurationItem(
                ACCOUNT_RESOURCE_TYPE,
                evaluation.accountId,
                accountId=evaluation.accountId,
                awsRegion=evaluation.awsRegion,
            )
        if action.item is None:
            action.status, action.reason = SKIPPED, "not in this run's snapshot"
            continue
        why = exclusions.reason(action.item)
        if why:
            action.status, action.reason = SKIPPED, f"excluded: {why}"
            continue
        given = {**(setting.parameters if setting else {}), **overrides.get(chosen.id, {})}
        try:
            action.params = chosen.resolve_parameters(given, "remediation config")
        except InputError as exc:
            raise InputError(str(exc)) from None
        _plan(action, view, session)
    actions.sort(
        key=lambda a: (
            a.evaluation.configRuleName,
            a.evaluation.accountId,
            a.evaluation.awsRegion,
            a.evaluation.resourceId,
        )
    )
    return actions


def _plan(action: Action, view: SnapshotView, session: Any) -> None:
    assert action.remediation is not None and action.item is not None
    try:
        action.calls = action.remediation.plan(
            action.item,
            action.params,
            rule_params=action.configured.params,
            snapshot=view,
            region=action.evaluation.awsRegion or action.item.awsRegion,
            session=session,
            evaluation=action.evaluation,
        )
    except CannotRemediate as exc:
        action.calls, action.status, action.reason = [], SKIPPED, f"cannot remediate: {exc}"
        return
    except Exception as exc:  # a remediation's bug is reported on its action, the others go on
        action.calls, action.status = [], FAILED
        action.reason = f"plan raised {type(exc).__name__}: {exc}"
        action.error = {"code": type(exc).__name__, "message": str(exc)}
        return
    if not action.calls:
        action.status, action.reason = SKIPPED, "already compliant: nothing to change"
    else:
        action.status, action.reason = PLANNED, ""


def record_plan(actions: Iterable[Action], auditor: Auditor) -> None:
    """Audit each action as planned (or skipped / failed at planning)."""
    for action in actions:
        if action.status == MANUAL:
            continue
        auditor.record(action.status, **action.audit_fields())


# --- applying -------------------------------------------------------------------------------


def _region_of(action: Action) -> str:
    return action.evaluation.awsRegion or (action.item.awsRegion if action.item else "")


def _fresh_snapshot(snapshot: Snapshot, account_id: str, region: str, fresh: Recollected) -> Snapshot:
    """``snapshot`` with the re-collected types of this account (and region) replaced by fresh items.

    Account items are merged, not replaced: the collectors re-run contribute only their own
    settings, and the others keep their recorded values."""
    region = fresh.region or region

    def replaced(item: ConfigurationItem) -> bool:
        if item.accountId != account_id or item.resourceType not in fresh.types:
            return False
        return item.resourceType in fresh.global_types or item.awsRegion in (region, *GLOBAL_REGIONS)

    old_accounts = {i.key: i for i in snapshot.configurationItems if i.resourceType == ACCOUNT_RESOURCE_TYPE}
    items = [i for i in snapshot.configurationItems if i.resourceType == ACCOUNT_RESOURCE_TYPE or not replaced(i)]
    for item in fresh.items:
        if item.accountId != account_id:
            continue
        old = old_accounts.get(item.key)
        if old is None:
            items.append(item)
            continue
        merged = copy.deepcopy(old)
        merged.configuration.update(item.configuration)
        merged.configurationItemCaptureTime = item.configurationItemCaptureTime
        merged.configurationItemMD5Hash = merged.compute_hash()
        items[items.index(old)] = merged
    errors = [
        e for e in snapshot.collectionErrors if not (e.accountId == account_id and set(e.resourceTypes) & fresh.types)
    ]
    return Snapshot(
        configurationItems=items,
        configSnapshotId=snapshot.configSnapshotId,
        accountIds=snapshot.accountIds,
        regions=snapshot.regions,
        captureTime=snapshot.captureTime,
        toolVersion=snapshot.toolVersion,
        source=snapshot.source,
        collectionErrors=errors + fresh.errors,
        resourceTypesCollected=snapshot.resourceTypesCollected,
    )


@dataclass(slots=True)
class _Current:
    snapshot: Snapshot | None
    evaluation: Evaluation | None
    item: ConfigurationItem | None
    reason: str = ""


def _regions_to_recollect(action: Action, snapshot: Snapshot, types: set[str]) -> list[str]:
    """The evaluation's region; for an account-wide evaluation, every region holding items the
    rule reads (a trail lives in its home region), or the global one."""
    region = _region_of(action)
    if region not in GLOBAL_REGIONS:
        return [region]
    regions = {
        i.awsRegion
        for i in snapshot.configurationItems
        if i.accountId == action.evaluation.accountId
        and i.resourceType in types
        and i.resourceType != ACCOUNT_RESOURCE_TYPE
        and i.awsRegion not in GLOBAL_REGIONS
    }
    return sorted(regions) or [region]


class _FreshCache:
    """The last re-collection, reused by the next action reading the same things while nothing
    was applied in between (a verification doubles as the next action's pre-check)."""

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.fresh: list[tuple[str, Recollected]] = []

    def clear(self) -> None:
        self.key, self.fresh = None, []


def _current_state(
    action: Action, snapshot: Snapshot, recollector: Recollector | None, cache: _FreshCache | None = None
) -> _Current:
    """Re-collect what the action's rule reads and re-evaluate the rule on it."""
    if recollector is None:
        return _Current(None, None, None, "no collector available to re-collect the resource")
    types = set(action.configured.rule.resource_types)
    if action.evaluation.resourceType != ACCOUNT_RESOURCE_TYPE or not types:
        types.add(action.evaluation.resourceType)
    account = action.evaluation.accountId
    services = action.remediation.services if action.remediation else ()
    regions = _regions_to_recollect(action, snapshot, types)
    key = (account, tuple(regions), frozenset(types), tuple(services))
    if cache is not None and cache.key == key:
        fresh_by_region = cache.fresh
    else:
        fresh_by_region = [(r, recollector.recollect(account, r, sorted(types), services)) for r in regions]
        if cache is not None:
            cache.key, cache.fresh = key, fresh_by_region
    new_snapshot = snapshot
    for region, fresh in fresh_by_region:
        if fresh.missing:
            return _Current(None, None, None, f"no collector for {sorted(fresh.missing)[0]}")
        new_snapshot = _fresh_snapshot(new_snapshot, account, region, fresh)
    result = evaluate(new_snapshot, [action.configured])
    key = action.evaluation.resource_key
    evaluation = next((e for e in result.evaluations if e.resource_key == key), None)
    view = SnapshotView(i for i in new_snapshot.configurationItems if i.accountId == action.evaluation.accountId)
    by_key = {i.key: i for i in new_snapshot.configurationItems}
    item = _target_item(action.evaluation, view, by_key)
    return _Current(new_snapshot, evaluation, item)


def _changed(action: Action, current: _Current) -> bool:
    old = action.item
    new = current.item
    return old is None or new is None or old.compute_hash() != new.compute_hash()


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
    cache = _FreshCache()
    for action in actions:
        if action.status != PLANNED:
            continue
        skip = _precheck(action, account_id, max_changes, changes, prior_failures)
        if skip:
            _finish(action, auditor, SKIPPED, skip)
            continue
        current = _current_state(action, result.snapshot, recollector, cache)
        if current.snapshot is None:
            _finish(action, auditor, SKIPPED, f"cannot confirm the current state: {current.reason}")
            continue
        if current.item is None:
            _finish(action, auditor, SKIPPED, "the resource no longer exists")
            continue
        if _changed(action, current):
            if current.evaluation is None or current.evaluation.complianceType is not ComplianceType.NON_COMPLIANT:
                state = current.evaluation.complianceType if current.evaluation else "not evaluated"
                _finish(action, auditor, SKIPPED, f"changed since evaluation; re-evaluated: {state}")
                continue
            action.item = current.item
            view = SnapshotView(
                i for i in current.snapshot.configurationItems if i.accountId == action.evaluation.accountId
            )
            _plan(action, view, session)
            if action.status != PLANNED:
                _finish(action, auditor, action.status, f"changed since evaluation; re-planned: {action.reason}")
                continue
        if not approve(action):
            _finish(action, auditor, SKIPPED, "not approved")
            continue
        changes += 1
        _apply(action, session, sleep)
        cache.clear()
        if action.status == APPLIED:
            _verify(action, result.snapshot, recollector, cache)
        auditor.record(action.status, **action.audit_fields())
    return RemediationRun(actions, auditor.records)


def _precheck(
    action: Action, account: str | None, max_changes: int | None, changes: int, prior_failures: Callable[[Action], int]
) -> str | None:
    if account and action.evaluation.accountId and action.evaluation.accountId != account:
        return f"the credentials are for account {account}, not {action.evaluation.accountId}"
    if max_changes is not None and changes >= max_changes:
        return f"blast-radius limit reached (--max-changes {max_changes})"
    setting = action.setting
    if setting is not None and setting.automatic:
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


def _attempts(action: Action) -> tuple[int, float]:
    setting = action.setting
    if setting is not None and setting.automatic:
        count = setting.maximum_automatic_attempts
        return count, setting.retry_seconds / count
    return 1, 0.0


def _apply(action: Action, session: Any, sleep: Callable[[float], None]) -> None:
    assert action.remediation is not None
    count, pause = _attempts(action)
    for attempt in range(1, count + 1):
        action.attempts = attempt
        try:
            action.remediation.apply(action.calls, session)
        except ApplyError as exc:
            action.status = FAILED
            action.error = {"code": exc.code, "message": exc.message, "call": exc.call.cli()}
            action.reason = str(exc)
            if attempt < count:
                sleep(pause)
            continue
        action.status, action.reason, action.error = APPLIED, "", None
        return


def _verify(action: Action, snapshot: Snapshot, recollector: Recollector | None, cache: _FreshCache) -> None:
    current = _current_state(action, snapshot, recollector, cache)
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
