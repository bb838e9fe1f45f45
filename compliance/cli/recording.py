"""Recording options of ``scan`` (and ``collect``): where the configuration history is stored.

``--store URL`` (or ``$COMPLIANCE_STORE``; default a SQLite file, see
:func:`compliance.history.default_store_path`), ``--no-store``, ``--retention-days N`` and, for
``scan`` only, ``--snapshot-at TIMESTAMP`` (evaluate the stored state as it was then; such a
re-evaluation is not recorded again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from compliance.errors import InputError
from compliance.evaluate import ScanResult
from compliance.history import DEFAULT_RETENTION_DAYS, STORE_ENV, ScanRecord, open_store
from compliance.model import Snapshot

RETENTION_ENV = "COMPLIANCE_RETENTION_DAYS"


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store URL``: the history store read or written by a command."""
    return click.option(
        "--store",
        "store_url",
        metavar="URL",
        is_flag=False,
        flag_value="",  # --store alone: the default store
        envvar=STORE_ENV,
        show_envvar=True,
        help="History store: s3://BUCKET/PREFIX, sqlite:PATH or a file path; alone, the default store"
        " (./.compliance/history.db if ./.compliance exists, else the user data directory)."
        " A scan of --snapshot files is recorded only when this is given.",
    )(func)


def store_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store``, ``--no-store`` and ``--retention-days``: for any command that records."""
    func = click.option(
        "--retention-days",
        type=click.IntRange(min=1),
        default=DEFAULT_RETENTION_DAYS,
        envvar=RETENTION_ENV,
        show_default=True,
        help="Prune recorded scans older than this (the state as of the cutoff is kept).",
    )(func)
    func = click.option("--no-store", is_flag=True, help="Do not record this run in the history store.")(func)
    return store_option(func)


def recording_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--snapshot-at",
        "snapshot_at",
        metavar="TIMESTAMP",
        help="Evaluate the stored state as it was at this time (ISO 8601 or a date); not recorded again.",
    )(func)
    return store_options(func)


def stored_snapshot(options: dict[str, Any]) -> Snapshot:
    """The configuration recorded in the store as of ``options['snapshot_at']``."""
    from compliance.cli.source import LIVE_OPTIONS

    given = [f"--{name.replace('_', '-')}" for name in ("snapshot_path", *LIVE_OPTIONS) if options.get(name)]
    if given:
        shown = "--snapshot" if given[0] == "--snapshot-path" else given[0]
        raise InputError(f"--snapshot-at reads the history store; it cannot be combined with {shown}")
    with open_store(options.get("store_url"), create=False) as store:
        return store.state(store.at_time(options["snapshot_at"]))


def record_snapshot(
    store_url: str | None,
    snapshot: Snapshot,
    evaluations: Any = None,
    rule_names: Any = None,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    kind: str = "collect",
    plugins: Any = None,
) -> ScanRecord:
    """Record ``snapshot`` (and a scan's evaluations), prune past retention, tell plugins which
    evaluations changed compliance, and say what was recorded on stderr."""
    with open_store(store_url) as store:
        recorded = store.record(snapshot, evaluations, rule_names, kind=kind)
        pruned = store.prune(retention_days)
        url = store.url
    scan = recorded.scan
    note = f", pruned {pruned.removed} scan(s) past {retention_days} days" if pruned.removed else ""
    click.echo(
        f"compliance: recorded {kind} {scan.scanId} in {url} "
        f"({scan.itemRows} item and {scan.evaluationRows} evaluation change(s){note})",
        err=True,
    )
    if plugins is not None:
        for previous, current in recorded.changes:
            plugins.hook.compliance_evaluation_changed(previous=previous, current=current)
    return scan


def record_collect(options: dict[str, Any], snapshot: Snapshot) -> ScanRecord | None:
    """For ``compliance collect`` (decorated with :func:`store_options`)."""
    if options.get("no_store"):
        return None
    return record_snapshot(
        options.get("store_url"), snapshot, retention_days=options.get("retention_days") or DEFAULT_RETENTION_DAYS
    )


def records(options: dict[str, Any]) -> bool:
    """Whether a scan is recorded: live and demo scans by default (unless --no-store), a scan
    of snapshot files only with --store (or $COMPLIANCE_STORE), a --snapshot-at re-evaluation never."""
    if options.get("no_store") or options.get("snapshot_at"):
        return False
    return not options.get("snapshot_path") or options.get("store_url") is not None


def record_scan(options: dict[str, Any], result: ScanResult, plugins: Any) -> ScanRecord | None:
    if not records(options):
        return None
    return record_snapshot(
        options.get("store_url"),
        result.snapshot,
        result.evaluations,
        [configured.name for configured in result.rules],
        retention_days=options.get("retention_days") or DEFAULT_RETENTION_DAYS,
        kind="scan",
        plugins=plugins,
    )
