"""The one scan pipeline. Every entry point calls :func:`scan` (or :func:`scanning`):
``compliance scan``, ``collect``, ``baseline create``, ``remediate``, ``export securityhub``,
``scan --org``, the Lambda handler and the organization worker.

One request (:mod:`compliance.request`) in, one :class:`ScanOutcome` out::

    select rules → source (file, stored state, demo, live account) → compliance_scan_started
    → evaluate → triage (waivers, baseline) → record into the history store
    → compliance_evaluation_changed for every flip → compliance_scan_finished
    → render and write every report → gate decision

Each hook fires once per scan and in that order, whatever the entry point. The engine prints
nothing: callers say what happened from the outcome.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from compliance.collect.base import Collector
from compliance.errors import ExitStatus, aws_input_error
from compliance.evaluate import evaluate, select_rules
from compliance.gate import GateDecision, Triage, decide
from compliance.model import Evaluation, Snapshot
from compliance.packs import Pack
from compliance.request import (
    CollectionSettings,
    GateRequest,
    Outputs,
    Recording,
    RuleSelection,
    ScanRequest,
    Source,
)
from compliance.results import ConfiguredRule, ScanResult

__all__ = [
    "CollectionSettings",
    "GateRequest",
    "Outputs",
    "Recording",
    "RecordingOutcome",
    "RuleSelection",
    "ScanOutcome",
    "ScanRequest",
    "Source",
    "regional_scope",
    "scan",
    "scanning",
    "select",
    "stored_snapshot",
]


@dataclass(slots=True)
class RecordingOutcome:
    """What was recorded: the scan record, the store's URL and how many old scans were pruned."""

    scan: Any  # compliance.history.ScanRecord
    url: str
    pruned: int = 0


@dataclass(slots=True)
class ScanOutcome:
    """Everything one scan produced. ``session`` is the AwsSession that read the account (None
    for a file or the stored state), kept usable inside :func:`scanning` (remediation)."""

    request: ScanRequest
    result: ScanResult
    collectors: list[Collector] = field(default_factory=list)
    triage: Triage | None = None
    decision: GateDecision | None = None
    recorded: RecordingOutcome | None = None
    recording_error: BaseException | None = None
    previous: list[Evaluation] | None = None  # the previous scan's evaluations (Recording.previous)
    changes: list[tuple[Evaluation | None, Evaluation]] = field(default_factory=list)
    session: Any = None
    incremental: Any = None  # compliance.events.incremental.ChangeRead of an event-triggered scan
    reports: list[str | None] = field(default_factory=list)  # paths written (None: standard output)

    @property
    def snapshot(self) -> Snapshot:
        return self.result.snapshot

    @property
    def collected(self) -> bool:
        """True when this scan read an account (rather than a file or the stored state)."""
        return self.request.source.collects

    @property
    def exit_code(self) -> ExitStatus:
        return self.decision.exit_code if self.decision is not None else ExitStatus.OK


def select(plugins: Any, selection: RuleSelection | None) -> tuple[list[ConfiguredRule], list[Pack]]:
    """The configured rules and packs of ``selection`` (none when it is None: a collect)."""
    if selection is None:
        return [], []
    return select_rules(plugins, selection.packs, selection.rules, selection.overrides())


def regional_scope(
    collectors: Sequence[Collector], rules: Sequence[ConfiguredRule]
) -> tuple[list[Collector], list[ConfiguredRule]]:
    """The collectors and rules of a region-only scan (the account's global part is scanned once,
    by another job): no global collector, no account-wide rule, no rule over a type only a
    global collector produces."""
    regional = [c for c in collectors if not c.is_global]
    global_only = {t for c in collectors if c.is_global for t in c.resource_types} - {
        t for c in regional for t in c.resource_types
    }
    kept = [r for r in rules if r.rule.scope != "account" and not (set(r.rule.resource_types) & global_only)]
    return regional, kept


def collectors_for(plugins: Any, collection: CollectionSettings, rules: Sequence[ConfiguredRule]) -> list[Collector]:
    """``collection.services`` when given; else, with ``for_rules``, only the collectors producing
    what the selected rules read; else every collector."""
    from compliance.collect.runner import select_collectors

    if collection.services or not collection.for_rules:
        return select_collectors(plugins.collectors.values(), list(collection.services))
    wanted = {t for configured in rules for t in configured.rule.resource_types}
    return [c for c in plugins.collectors.values() if wanted & set(c.resource_types)]


@contextlib.contextmanager
def scanning(request: ScanRequest, plugins: Any, *, progress: Any = None) -> Iterator[ScanOutcome]:
    """Run ``request``; the outcome's account session (the demo account) stays usable inside the
    ``with`` block. ``progress`` receives collection progress (see
    :class:`compliance.collect.runner.ProgressListener`; an optional ``status(text)`` context
    manager is shown while the demo account starts)."""
    rules, packs = select(plugins, request.selection)
    collectors: list[Collector] = []
    if request.source.collects:
        collectors = collectors_for(plugins, request.collection, rules)
        if not request.collection.include_global:
            collectors, rules = regional_scope(collectors, rules)
    # a scan reads what its rules declare (compliance.collect.plan); a collect reads everything
    reads = None
    if request.selection is not None:
        from compliance.collect.plan import rule_reads

        reads = rule_reads(rules)
    changed: list[Any] = []  # an event-triggered scan's ChangeRead
    if request.events is not None:
        source_cm = _changed(request, collectors, reads, changed)
    else:
        source_cm = _source(request.source, request.collection, collectors, progress, reads)
    with source_cm as (snapshot, session):
        plugins.notify("compliance_scan_started", snapshot=snapshot)
        selection = request.selection
        incremental = changed[0] if changed else None
        if incremental is not None:
            result = _evaluate_changed(incremental, rules, packs, selection)
        elif selection is not None:
            reuse = _recorded_verdicts(request, rules) if request.recording.reuse_unchanged else None
            result = evaluate(snapshot, rules, packs, rule_timeout=selection.rule_timeout, reuse=reuse)
        else:
            result = ScanResult(snapshot, [], [])
        outcome = ScanOutcome(request, result, collectors=collectors, session=session, incremental=incremental)
        if request.gate is not None:
            outcome.triage = triage(request.gate, result)
        _record(outcome, plugins)
        plugins.notify("compliance_scan_finished", result=result)
        if request.outputs is not None:
            _write_reports(outcome, request.outputs, plugins)
        if request.gate is not None:
            outcome.decision = decide(result, request.gate.policy, outcome.triage)
        yield outcome


def scan(request: ScanRequest, plugins: Any, *, progress: Any = None) -> ScanOutcome:
    """Run ``request`` to the end (see the module docstring)."""
    with scanning(request, plugins, progress=progress) as outcome:
        return outcome


# ------------------------------------------------------------------ source


@contextlib.contextmanager
def _source(
    source: Source, collection: CollectionSettings, collectors: list[Collector], progress: Any, reads: Any = None
) -> Iterator[tuple[Snapshot, Any]]:
    if source.kind == "file":
        from compliance.snapshot import load_snapshot, merge_snapshots

        loaded = [load_snapshot(path, skip_invalid=source.skip_invalid) for path in source.paths]
        yield merge_snapshots(loaded, list(source.paths)), None
    elif source.kind == "planned":
        from compliance.planned import load_planned

        yield load_planned(source.paths, dict(source.parameters)), None
    elif source.kind == "stored":
        yield stored_snapshot(source), None
    elif source.kind == "session":
        yield _collect(source.session, collectors, collection, progress, reads), source.session
    elif source.kind == "demo":
        from compliance.demo import DEMO_REGIONS, steady

        settings = collection if collection.regions else replace(collection, regions=DEMO_REGIONS)
        with _demo_session(collection, collectors, progress) as session:
            yield steady(_collect(session, collectors, settings, progress, reads)), session
    else:
        session = _live_session(source, collection)
        yield _collect(session, collectors, collection, progress, reads), session


@contextlib.contextmanager
def _changed(
    request: ScanRequest, collectors: list[Collector], reads: Any, out: list[Any]
) -> Iterator[tuple[Snapshot, Any]]:
    """An event-triggered scan's source: the resources the events name, re-read (see
    :mod:`compliance.events.incremental`), the ChangeRead appended to ``out``."""
    from compliance.events.incremental import read_changes
    from compliance.history import open_store

    assert request.events is not None
    if not request.source.collects:
        from compliance.errors import InputError

        raise InputError("--event re-reads the resources events name: it needs an account (not --snapshot/--planned)")
    state = None
    if request.recording.enabled:
        with open_store(request.recording.store_url) as store:
            latest = store.latest()
            state = store.state(latest) if latest is not None else None
    wanted = {c.resource_type for c in request.events.changes}
    readers = [c for c in collectors if wanted & set(c.resource_types)]
    with _event_session(request) as session:
        read = read_changes(session, request.events.changes, readers, state, reads)
        out.append(read)
        yield read.snapshot, session


@contextlib.contextmanager
def _event_session(request: ScanRequest) -> Iterator[Any]:
    source = request.source
    if source.kind == "session":
        yield source.session
    elif source.kind == "demo":
        with _demo_session(request.collection, [], None) as session:
            yield session
    else:
        yield _live_session(source, request.collection)


def _evaluate_changed(read: Any, rules: list[ConfiguredRule], packs: list[Pack], selection: Any) -> ScanResult:
    """The rules of the changed types (and the account rules they feed) over the merged state;
    only the changed resources' and those account rules' evaluations are kept."""
    from compliance.events.incremental import scoped

    if selection is None:
        return ScanResult(read.snapshot, [], [])
    chosen = [r for r in rules if set(r.rule.resource_types) & read.types]
    result = evaluate(read.state, chosen, packs, rule_timeout=selection.rule_timeout)
    account_rules = {r.name for r in chosen if r.rule.scope != "resource"}
    return replace(result, snapshot=read.snapshot, evaluations=scoped(result.evaluations, read.only, account_rules))


def _recorded_verdicts(request: ScanRequest, rules: list[ConfiguredRule]) -> Any:
    """The latest recorded verdicts unchanged resources may keep (None: nothing recorded yet)."""
    from compliance.history import open_store
    from compliance.unchanged import recorded_verdicts

    if not request.recording.enabled or request.source.kind == "stored":
        return None
    with open_store(request.recording.store_url) as store:
        latest = store.latest()
        if latest is None:
            return None
        recorded = (latest.snapshot or {}).get("ruleFingerprints") or {}
        return recorded_verdicts(store.evaluations(latest), recorded, rules)


def stored_snapshot(source: Source) -> Snapshot:
    """The state recorded in the history store as of ``source.at`` (or of scan ``source.scan_ref``)."""
    from compliance.history import open_store

    with open_store(source.store_url, create=False) as store:
        record = store.resolve(source.scan_ref) if source.scan_ref else store.at_time(source.at)
        return store.state(record)


def _workers(collection: CollectionSettings) -> int:
    from compliance.collect.runner import DEFAULT_WORKERS

    return collection.workers or DEFAULT_WORKERS


def _live_session(source: Source, collection: CollectionSettings) -> Any:
    from botocore.exceptions import BotoCoreError, ClientError

    from compliance.collect.session import AwsSession

    try:
        return AwsSession(
            profile=source.profile,
            role_arn=source.role_arn,
            external_id=source.external_id,
            role_session_name=source.role_session_name,
            max_pool_connections=max(10, 2 * _workers(collection)),
        )
    except (ClientError, BotoCoreError) as exc:
        raise aws_input_error(exc) from None


@contextlib.contextmanager
def _demo_session(collection: CollectionSettings, collectors: list[Collector], progress: Any) -> Iterator[Any]:
    from compliance.collect.session import AwsSession
    from compliance.demo import DEMO_REGIONS, demo_account

    services = [c.name for c in collectors] if collection.services else None
    status = getattr(progress, "status", None)
    with contextlib.ExitStack() as stack:
        with status("starting the simulated demo account") if callable(status) else contextlib.nullcontext():
            boto_session = stack.enter_context(demo_account(DEMO_REGIONS, services))  # seeding happens on entry
        yield AwsSession(boto_session=boto_session, max_pool_connections=max(10, 2 * _workers(collection)))


def _collect(
    session: Any, collectors: list[Collector], collection: CollectionSettings, progress: Any, reads: Any = None
) -> Snapshot:
    """Read the account ``session`` reaches; credentials or account-wide failures before anything
    was collected become one-line input errors."""
    from botocore.exceptions import BotoCoreError, ClientError

    from compliance.collect.runner import run_collectors

    regions = list(collection.regions) or None
    try:
        if collection.deadline is not None:
            from compliance.scanner.deadline import collect_within

            return collect_within(
                session, collectors, collection.deadline, regions=regions, workers=_workers(collection), reads=reads
            )
        return run_collectors(
            session, collectors, regions=regions, workers=_workers(collection), progress=progress, reads=reads
        )
    except (ClientError, BotoCoreError) as exc:
        raise aws_input_error(exc) from None
    finally:
        close = getattr(progress, "close", None)
        if callable(close):
            close()


# ------------------------------------------------------------------ triage, record, report


def triage(gate: GateRequest, result: ScanResult) -> Triage:
    """Waivers then the baseline mark suppressed findings, before anything is recorded or rendered."""
    outcome = Triage()
    if gate.waivers_path is not None:
        from compliance.waivers import apply_waivers

        outcome.waivers = apply_waivers(result, list(gate.waivers), gate.waivers_path, gate.today)
    if gate.baseline is not None:
        from compliance.baseline import apply_baseline

        outcome.baseline = apply_baseline(result, gate.baseline)
    return outcome


def _record(outcome: ScanOutcome, plugins: Any) -> None:
    """Record the scan (and its evaluations) into the history store, prune past retention, then
    tell plugins which evaluations changed compliance. A re-evaluation of the stored state is
    never recorded again."""
    request = outcome.request
    recording: Recording = request.recording
    if not recording.enabled or request.source.kind == "stored":
        return
    from compliance.history import open_store

    result = outcome.result
    evaluating = request.selection is not None
    try:
        with open_store(recording.store_url) as store:
            latest = store.latest()
            if recording.previous:
                outcome.previous = store.evaluations(latest) if latest is not None else None
            read = outcome.incremental
            prints = None
            if evaluating:
                from compliance.unchanged import fingerprints

                before = ((latest.snapshot or {}).get("ruleFingerprints") or {}) if latest is not None else {}
                prints = {**before, **fingerprints(result.rules)}
            recorded = store.record(
                result.snapshot,
                result.evaluations if evaluating else None,
                [c.name for c in result.rules] if evaluating else None,
                kind="event" if read is not None else recording.kind,
                only=read.only if read is not None else None,
                causes=read.causes if read is not None else None,
                rule_fingerprints=prints,
            )
            pruned = store.prune(recording.retention_days).removed if recording.retention_days else 0
            outcome.recorded = RecordingOutcome(recorded.scan, store.url, pruned)
    except Exception as exc:
        if not recording.tolerate_failure:
            raise
        outcome.recording_error = exc
        return
    outcome.changes = list(recorded.changes)
    for previous, current in outcome.changes:
        plugins.notify("compliance_evaluation_changed", previous=previous, current=current)


def _write_reports(outcome: ScanOutcome, outputs: Outputs, plugins: Any) -> None:
    from compliance.report.output import render_reports, write_reports

    rendered = render_reports(
        outcome.result,
        outputs,
        plugins.reporters,
        outcome.triage,
        _trend(outcome, outputs),
        getattr(plugins, "remediations", None),
        _changes(outcome, outputs),
    )
    write_reports(rendered)
    outcome.reports = [path for path, _ in rendered]


def _changes(outcome: ScanOutcome, outputs: Outputs) -> dict[str, Any] | None:
    """What changed since the previous recorded scan, for the HTML report (recorded scans only)."""
    if "html" not in outputs.formats or outcome.recorded is None:
        return None
    from compliance.history import open_store
    from compliance.report.trend import history_changes

    with open_store(outcome.request.recording.store_url) as store:
        return history_changes(store, outcome.result)


def _trend(outcome: ScanOutcome, outputs: Outputs) -> Sequence[tuple[str, float]] | None:
    """The HTML report's trend: given, else from the history store the scan was recorded in."""
    if outputs.trend is not None:
        return outputs.trend
    if "html" not in outputs.formats or outcome.recorded is None:
        return None
    from compliance.history import open_store
    from compliance.report.trend import history_trend

    with open_store(outcome.request.recording.store_url) as store:
        return history_trend(store, outcome.result) or None
