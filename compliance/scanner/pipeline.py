"""One scan of one account (or one region of it) for the Lambda scanner and the organization
worker: the engine's pipeline (collect -> evaluate -> record, with the scan hooks; see
:mod:`compliance.engine`) inside a deadline, then notify -> export -> remediate. Returns a
small JSON-able summary; the snapshot and the evaluations are dropped when it returns, so a
worker scanning account after account holds one account's data at a time.

Stages after evaluation never hide a failure: each one's outcome is in ``summary["stages"]``
(``ok``, ``skipped``, ``unavailable`` or ``failed`` with the error), and ``summary["ok"]`` is
false when any stage failed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from compliance import engine
from compliance.collect.base import Collector
from compliance.collect.session import AwsSession
from compliance.request import CollectionSettings, EventScope, Recording, RuleSelection, ScanRequest, Source
from compliance.results import ScanResult
from compliance.scanner import seams
from compliance.scanner.deadline import DEADLINE_ERROR, Deadline
from compliance.scanner.logs import log
from compliance.scanner.notify import compute_changes, publish_changes
from compliance.scanner.settings import ScannerSettings


@dataclass(slots=True)
class ScanTarget:
    """What one scan covers and where its results go."""

    regions: list[str] | None = None  # None: every enabled region
    include_global: bool = True  # run global collectors (IAM, ...) and account-wide rules
    store_url: str | None = None
    remediation_session: Any = None  # a boto3 Session allowed to remediate, or None
    notify_session: Any = None  # a boto3 Session that publishes to the topic (default: the scanning one)
    labels: dict[str, Any] = field(default_factory=dict)  # added to the summary and logs (job ids)
    events: EventScope | None = None  # a change-triggered scan of what these events name


def _failed(summary: dict[str, Any], name: str, exc: BaseException) -> None:
    summary["stages"][name] = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    summary["ok"] = False
    log("stage.failed", level=40, stage=name, error=f"{type(exc).__name__}: {exc}", **summary["labels"])


def _stage(summary: dict[str, Any], name: str, action: Callable[[], Any]) -> Any:
    """Run one stage; record its outcome (never raise) and return its value (None on failure)."""
    try:
        value = action()
    except seams.StageUnavailable as exc:
        summary["stages"][name] = {"status": "unavailable", "reason": str(exc)}
        log("stage.unavailable", stage=name, reason=str(exc), **summary["labels"])
        return None
    except Exception as exc:
        _failed(summary, name, exc)
        return None
    summary["stages"].setdefault(name, {"status": "ok"})
    return value


def scan_request(settings: ScannerSettings, session: AwsSession, deadline: Deadline, target: ScanTarget) -> ScanRequest:
    """The engine's request for one scan, from the ``COMPLIANCE_*`` settings and the target."""
    return ScanRequest(
        source=Source.from_session(session),
        selection=RuleSelection(tuple(settings.packs), tuple(settings.rules), settings.parameters),
        collection=CollectionSettings(
            regions=tuple(target.regions or ()),
            services=tuple(settings.services),
            workers=settings.workers,
            include_global=target.include_global,
            deadline=deadline,
        ),
        recording=Recording(
            enabled=bool(target.store_url),
            store_url=target.store_url,
            retention_days=None,
            previous=True,
            tolerate_failure=True,
            reuse_unchanged=True,
        ),
        events=target.events,
    )


def scan_account(
    session: AwsSession,
    settings: ScannerSettings,
    plugins: Any,
    deadline: Deadline,
    target: ScanTarget,
    *,
    s3_reader: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    started = time.perf_counter()
    summary: dict[str, Any] = {"ok": True, "labels": dict(target.labels), "stages": {}}
    outcome = engine.scan(scan_request(settings, session, deadline, target), plugins)
    result, snapshot = outcome.result, outcome.snapshot
    account_id = snapshot.accountIds[0] if snapshot.accountIds else ""
    summary.update(
        accountId=account_id,
        regions=list(snapshot.regions),
        includeGlobal=target.include_global,
        captureTime=snapshot.captureTime,
        items=len(snapshot.configurationItems),
        collectionErrors=len(snapshot.collectionErrors),
        deadlineErrors=sum(1 for e in snapshot.collectionErrors if e.errorCode == DEADLINE_ERROR),
        counts=result.counts(),
        packs=result.scores(),
        reusedEvaluations=result.reused,
    )
    read = outcome.incremental
    if read is not None:
        summary["incremental"] = {
            "reads": read.reads,
            "deleted": len(read.deleted),
            "missing": read.missing,
            "notReread": read.not_reread,
            "causes": read.causes,
        }
    log(
        "scan.evaluated",
        **{
            **target.labels,
            "accountId": account_id,
            "items": summary["items"],
            "counts": summary["counts"],
            "collectionErrors": summary["collectionErrors"],
        },
    )
    if not target.store_url:
        summary["stages"]["history"] = {"status": "skipped", "reason": "no store URL"}
    elif outcome.recording_error is not None:
        _failed(summary, "history", outcome.recording_error)
    else:
        summary["stages"]["history"] = {"status": "ok"}
        summary["scanId"] = outcome.recorded.scan.scanId if outcome.recorded else None

    _notify(summary, settings, target.notify_session or session.boto_session, result, _previous(outcome))

    if settings.securityhub_export:
        region = session.default_region
        exported = _stage(
            summary, "securityhub", lambda: seams.export_to_securityhub(result, session.boto_session, region)
        )
        if exported is not None:
            summary["stages"]["securityhub"] = {"status": "ok", **exported}
    if settings.remediation_config and target.remediation_session is not None:
        _remediate(summary, settings, plugins, result, target, outcome.collectors, s3_reader)
    elif settings.remediation_config:
        summary["stages"]["remediation"] = {"status": "skipped", "reason": "no remediation role for this scan"}
    summary["durationSeconds"] = round(time.perf_counter() - started, 3)
    return summary


def _previous(outcome: engine.ScanOutcome) -> Any:
    """The previous evaluations to compare with: a change-triggered scan speaks only for the
    resources it re-read (and the account rules it re-evaluated), so only those are compared."""
    read = outcome.incremental
    if read is None or outcome.previous is None:
        return outcome.previous
    from compliance.events.incremental import scoped

    now = outcome.result.evaluations
    account_rules = {
        e.configRuleName for e in now if (e.accountId, e.awsRegion, e.resourceType, e.resourceId) not in read.only
    }
    return scoped(outcome.previous, read.only, account_rules)


def _notify(
    summary: dict[str, Any], settings: ScannerSettings, session: Any, result: ScanResult, previous: Any
) -> None:
    if "scanId" not in summary:
        # Without a recorded previous scan every finding would look new: say nothing rather than repeat.
        summary["changes"] = None
        if settings.sns_topic_arn:
            summary["stages"]["notify"] = {"status": "skipped", "reason": "the scan was not recorded"}
        return
    changes = compute_changes(previous, result.evaluations, result.snapshot.collectionErrors)
    summary["changes"] = {
        "newFailures": len(changes.new_failures),
        "resolved": len(changes.resolved),
        "firstScan": changes.first_scan,
    }
    if not settings.sns_topic_arn:
        return
    region = settings.sns_topic_arn.split(":")[3]
    scope = {
        "accountId": summary["accountId"],
        "regions": summary["regions"],
        "scanId": summary["scanId"],
        "captureTime": summary["captureTime"],
    }
    if "incremental" in summary:
        scope["causes"] = summary["incremental"]["causes"]
    message_id = _stage(
        summary,
        "notify",
        lambda: publish_changes(session.client("sns", region_name=region), settings.sns_topic_arn, changes, scope),
    )
    summary["changes"]["messageId"] = message_id


def _remediate(
    summary: dict[str, Any],
    settings: ScannerSettings,
    plugins: Any,
    result: ScanResult,
    target: ScanTarget,
    collectors: list[Collector],
    s3_reader: Callable[[str], str] | None,
) -> None:
    config = _stage(
        summary, "remediation", lambda: seams.load_remediation_config(settings.remediation_config, s3_reader)
    )
    if config is None:
        return
    store = _stage(summary, "remediation", lambda: seams.open_history(target.store_url)) if target.store_url else None
    try:
        counts = _stage(
            summary,
            "remediation",
            lambda: seams.remediate(result, plugins, config, target.remediation_session, collectors, store),
        )
    finally:
        if store is not None:
            store.close()
    if counts is not None:
        summary["stages"]["remediation"] = {"status": "ok", **counts}
