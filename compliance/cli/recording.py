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

from compliance.engine import ScanOutcome
from compliance.history import DEFAULT_RETENTION_DAYS, STORE_ENV

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


def say_recorded(outcome: ScanOutcome) -> None:
    """One stderr line saying what the scan recorded, where, and what was pruned."""
    recorded = outcome.recorded
    if recorded is None:
        return
    scan, retention = recorded.scan, outcome.request.recording.retention_days
    note = f", pruned {recorded.pruned} scan(s) past {retention} days" if recorded.pruned else ""
    click.echo(
        f"compliance: recorded {scan.kind} {scan.scanId} in {recorded.url} "
        f"({scan.itemRows} item and {scan.evaluationRows} evaluation change(s){note})",
        err=True,
    )
