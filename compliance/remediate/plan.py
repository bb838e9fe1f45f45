"""Planning: failing evaluations -> :class:`Action` s with the remediation, its parameters and the
exact API calls, or why a resource is skipped. No AWS call unless a plan function needs a
session and one is given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from compliance.errors import InputError
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem, Evaluation
from compliance.remediate.audit import Auditor
from compliance.remediate.base import ApiCall, CannotRemediate, Remediation
from compliance.remediate.config import RemediationConfig, RemediationSetting
from compliance.remediate.recollect import GLOBAL_REGIONS
from compliance.remediate.safety import Exclusions
from compliance.results import ConfiguredRule, ScanResult
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


def target_item(evaluation: Evaluation, view: SnapshotView, items: dict[tuple, ConfigurationItem]):
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
        waiver = evaluation.suppression if (evaluation.suppression or {}).get("kind") == "waiver" else None
        if waiver is not None:  # an accepted risk is never "fixed" behind its owner's back
            owner, expires = waiver.get("owner") or "?", waiver.get("expires")
            action.status = SKIPPED
            action.reason = f"waived: {waiver.get('reason', '')} (owner {owner}, expires {expires})"
            continue
        if chosen.opt_in and chosen.id not in enabled and not (setting and setting.remediation == chosen.id):
            action.status, action.reason = SKIPPED, f"{chosen.id} is off unless enabled (--enable {chosen.id})"
            continue
        view = views.get(evaluation.accountId)
        if view is None:
            view = views[evaluation.accountId] = SnapshotView(
                i for i in snapshot.configurationItems if i.accountId == evaluation.accountId
            )
        action.item = target_item(evaluation, view, by_key)
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
        action.params = chosen.resolve_parameters(given, "remediation parameters")
        plan_one(action, view, session)
    actions.sort(
        key=lambda a: (
            a.evaluation.configRuleName,
            a.evaluation.accountId,
            a.evaluation.awsRegion,
            a.evaluation.resourceId,
        )
    )
    return actions


def plan_one(action: Action, view: SnapshotView, session: Any) -> None:
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
