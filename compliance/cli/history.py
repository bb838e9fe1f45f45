"""``compliance scans``, ``history``, ``diff`` and ``query``: reading the configuration history."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from compliance.cli.choice import Choice
from compliance.cli.output import console
from compliance.cli.recording import RETENTION_ENV, store_option
from compliance.errors import ExitStatus, InputError
from compliance.history import DEFAULT_RETENTION_DAYS, open_store
from compliance.history.records import DELETED_STATUSES, parse_time
from compliance.history.views import (
    Change,
    ScanDiff,
    Timeline,
    describe_event,
    describe_key,
    diff_scans,
    pick_scans,
    show_value,
    timelines,
)

EXIT_TAMPERED = ExitStatus.FAILING


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="table for people, json for scripts.",
    )(func)


def _console() -> Console:
    return console()


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=False, default=str))


def _change_line(change: Change) -> str:
    if change.kind == "added":
        return f"+ {change.path}: {show_value(change.after)}"
    if change.kind == "removed":
        return f"- {change.path}: {show_value(change.before)}"
    return f"~ {change.path}: {show_value(change.before, 40)} -> {show_value(change.after, 40)}"


# ---------------------------------------------------------------- scans


@click.command()
@store_option
@format_option
def scans(store_url: str | None, fmt: str) -> int:
    """List recorded scans in the order they were recorded: when each was recorded and when its
    snapshot was captured (a demo or live scan is captured as it is recorded)."""
    with open_store(store_url, create=False) as store:
        records = store.scans()
        url = store.url
    if fmt == "json":
        _echo_json([{k: v for k, v in r.to_dict().items() if k != "snapshot"} for r in records])
        return ExitStatus.OK
    if not records:
        click.echo(f"no scans recorded in {url}")
        return ExitStatus.OK
    table = Table(pad_edge=False, box=None)
    for column in ("#", "Scan", "Kind", "Recorded", "Captured", "Account", "Regions", "Items", "Findings", "Changes"):
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(
            str(r.seq),
            r.scanId,
            r.kind,
            r.recordedAt,
            r.captureTime,
            ", ".join(r.accountIds) or "-",
            ", ".join(r.regions) or "-",
            str(r.itemCount),
            str(r.findingCount) if r.kind != "collect" else "-",
            f"{r.itemRows}/{r.evaluationRows}",
        )
    _console().print(table)
    return ExitStatus.OK


# ---------------------------------------------------------------- history


class _HistoryGroup(click.Group):
    """``compliance history RESOURCE`` is ``compliance history show RESOURCE``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_HistoryGroup)
def history() -> None:
    """A resource's history (compliance history RESOURCE_ID_OR_ARN), verify, prune."""


@history.command("show")
@click.argument("resource", metavar="RESOURCE_ID_OR_ARN")
@store_option
@format_option
def history_show(resource: str, store_url: str | None, fmt: str) -> int:
    """Each recorded change of a resource, with a configuration diff, and its compliance per rule."""
    with open_store(store_url, create=False) as store:
        found = timelines(store, resource)
    if fmt == "json":
        _echo_json([t.to_dict() for t in found])
        return ExitStatus.OK
    for index, timeline in enumerate(found):
        if index:
            click.echo("")
        _print_timeline(timeline)
    return ExitStatus.OK


def _print_timeline(timeline: Timeline) -> None:
    click.echo(describe_key(timeline.key) + (f"  {timeline.arn}" if timeline.arn else ""))
    click.echo("Configuration timeline:")
    for number, version in enumerate(timeline.versions):
        item = version.item
        click.echo(
            f"  {version.scan.captureTime}  scan {version.scan.scanId}  "
            f"{item.get('configurationItemStatus')}  state {item.get('configurationStateId')}"
        )
        if version.event is not None:
            click.echo(f"      caused by: {describe_event(version.event)}")
        if number == 0 and version.scan.kind == "base":
            click.echo("      (state kept when older scans were pruned)")
        elif number == 0:
            click.echo("      (first recorded)")
        elif item.get("configurationItemStatus") in DELETED_STATUSES:
            click.echo("      (resource deleted)")
            continue
        elif not version.changes:
            click.echo("      (recorded again; no property changed)")
        for change in version.changes if number else []:
            click.echo(f"      {_change_line(change)}")
    click.echo("Compliance by rule:")
    if not timeline.compliance:
        click.echo("  (no recorded evaluations)")
    for rule, steps in sorted(timeline.compliance.items()):
        click.echo(f"  {rule}")
        for step in steps:
            state = step.complianceType or "(no longer evaluated)"
            why = f"  {step.annotation}" if step.annotation else ""
            click.echo(f"    {step.scan.captureTime}  {state}{why}")


@history.command("verify")
@store_option
@click.option(
    "--anchor",
    "anchors",
    multiple=True,
    metavar="DIGEST",
    help="A head digest kept outside the store (printed by an earlier verify: scans' or remediation"
    " records'); its scan or record must still be there. Repeatable.",
)
def history_verify(store_url: str | None, anchors: tuple[str, ...]) -> int:
    """Recompute every scan's digest and the chain, and the remediation records' chain; exit 1 at
    the first that no longer matches."""
    with open_store(store_url, create=False) as store:
        report = store.verify(anchors)
        url = store.url
    audited = f" and {report.remediations} remediation record(s)" if report.remediations else ""
    if report.ok:
        audit_head = f"; remediation head digest {report.remediations_digest}" if report.remediations_digest else ""
        head = report.head_digest or "-"
        click.echo(f"ok: {report.checked} scan(s){audited} in {url} verified; head digest {head}{audit_head}")
        return ExitStatus.OK
    if report.part == "metadata":
        click.echo(f"compliance: error: history verify FAILED: {report.reason}", err=True)
        return EXIT_TAMPERED
    if report.part == "remediations":
        click.echo(f"compliance: error: history verify FAILED: {report.reason}", err=True)
        click.echo(f"{report.checked} scan(s){audited} before it verified", err=True)
        return EXIT_TAMPERED
    scan = report.scan
    where = f"scan #{scan.seq} {scan.scanId} ({scan.captureTime})" if scan else "the store"
    click.echo(f"compliance: error: history verify FAILED at {where}: {report.reason}", err=True)
    click.echo(f"{report.checked} scan(s) before it verified", err=True)
    return EXIT_TAMPERED


@history.command("prune")
@store_option
@click.option(
    "--retention-days",
    type=click.IntRange(min=1),
    default=DEFAULT_RETENTION_DAYS,
    envvar=RETENTION_ENV,
    show_default=True,
    help="Keep this many days of history (and the state as of the cutoff).",
)
def history_prune(store_url: str | None, retention_days: int) -> int:
    """Drop scans past the retention period; the state as of the cutoff stays reconstructable."""
    with open_store(store_url, create=False) as store:
        result = store.prune(retention_days, datetime.now(UTC))
    if result.base is None:
        click.echo("nothing to prune")
    else:
        click.echo(f"pruned {result.removed} scan(s); state as of {result.base.captureTime} kept as a base")
    return ExitStatus.OK


# ---------------------------------------------------------------- diff


@click.command()
@click.argument("scan_a", required=False)
@click.argument("scan_b", required=False)
@store_option
@format_option
def diff(scan_a: str | None, scan_b: str | None, store_url: str | None, fmt: str) -> int:
    """What changed between two scans (default: the last two): resources and compliance flips."""
    with open_store(store_url, create=False) as store:
        a, b = pick_scans(store, scan_a, scan_b)
        result = diff_scans(store, a, b)
    if fmt == "json":
        _echo_json(result.to_dict())
    else:
        _print_diff(result)
    return ExitStatus.OK


def _print_diff(result: ScanDiff) -> None:
    click.echo(f"From scan {result.a.scanId} ({result.a.captureTime}) to {result.b.scanId} ({result.b.captureTime})")
    click.echo(f"Added ({len(result.added)}):")
    for key in result.added:
        click.echo(f"  + {describe_key(key)}")
    click.echo(f"Removed ({len(result.removed)}):")
    for key in result.removed:
        click.echo(f"  - {describe_key(key)}")
    click.echo(f"Changed ({len(result.changed)}):")
    for key, changes in result.changed.items():
        click.echo(f"  ~ {describe_key(key)}")
        for change in changes:
            click.echo(f"      {_change_line(change)}")
    for title, flips in (("Newly failing", result.newly_failing), ("Resolved", result.resolved)):
        click.echo(f"{title} ({len(flips)}):")
        for flip in flips:
            click.echo(
                f"  {flip.rule}  {describe_key(flip.key)}  {flip.before or '(none)'} -> {flip.after or '(none)'}"
            )
            if flip.annotation:
                click.echo(f"      {flip.annotation}")
            click.echo(f"      because: {flip.cause}")
            if flip.event is not None:
                click.echo(f"      event: {describe_event(flip.event)}")
            for change in flip.changes:
                click.echo(f"        {_change_line(change)}")


# ---------------------------------------------------------------- query


@click.command()
@click.argument("sql", metavar='"SELECT ... WHERE ..."')
@click.option("--at", "at", metavar="TIMESTAMP", help="Query the state as it was then (default: the latest scan).")
@store_option
@format_option
def query(sql: str, at: str | None, store_url: str | None, fmt: str) -> int:
    """Query recorded configuration with AWS Config's advanced-query SQL."""
    if at is not None:
        parse_time(at, "--at")
    with open_store(store_url, create=False) as store:
        if at is not None:
            record = store.at_time(at)
        else:
            record = store.latest()
            if record is None:
                raise InputError(f"no scans recorded in {store.url}; run 'compliance scan' first")
        from compliance.history.query import run_query  # sqlglot is only needed here

        result = run_query(sql, store.state(record).configurationItems)
    if fmt == "json":
        _echo_json({"scanId": record.scanId, "captureTime": record.captureTime, "results": result.records})
        return ExitStatus.OK
    table = Table(pad_edge=False, box=None)
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(_cell(row[c]) for c in result.columns))
    console = _console()
    console.print(table)
    click.echo(f"{len(result.rows)} row(s) as of scan {record.scanId} ({record.captureTime})", err=True)
    return ExitStatus.OK


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str, sort_keys=True)


COMMANDS = [scans, history, diff, query]
