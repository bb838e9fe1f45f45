"""Source options (where a scan's snapshot comes from: a file with ``--snapshot``, the embedded
demo account with ``--demo``, or a live AWS account read with the standard credential chain),
and how a collection shows on stderr.

Progress goes to stderr, and only when stderr is a terminal and ``--quiet`` is not given; what
could not be collected is always summarised on stderr.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import click

from compliance.model import CollectionError, Snapshot
from compliance.request import Source

SUMMARY_LINES = 15


def live_options(func: Callable[..., Any], with_regions: bool = True) -> Callable[..., Any]:
    """Options of a live collection (``scan`` without --snapshot, and ``collect``); without
    ``--regions`` for a command with a region option of its own (``export securityhub``)."""
    options = [
        click.option("--quiet", "-q", is_flag=True, help="No progress bar on stderr."),
        click.option(
            "--workers",
            type=click.IntRange(1, 64),
            default=None,
            help="Concurrent (service, region) reads. Default: 4 per CPU, at most 16.",
        ),
        click.option(
            "--services",
            multiple=True,
            metavar="NAME[,NAME]",
            help="Only these collectors (iam, s3, ec2, cloudtrail, ...; see 'compliance permissions --list').",
        ),
        *(
            [
                click.option(
                    "--regions",
                    multiple=True,
                    metavar="REGION[,REGION]",
                    help="Only these regions. Default: every region enabled in the account.",
                )
            ]
            if with_regions
            else []
        ),
        click.option("--role-session-name", default="compliance-scan", show_default=True, help="With --role-arn."),
        click.option("--external-id", metavar="ID", help="External id the role's trust policy requires."),
        click.option("--role-arn", metavar="ARN", help="Assume this role (STS AssumeRole) and read its account."),
        click.option("--profile", metavar="NAME", help="AWS profile from ~/.aws/config (default: credential chain)."),
        click.option("--demo", is_flag=True, help="Read the embedded simulated demo account (needs compliance[demo])."),
    ]
    for option in options:
        func = option(func)
    return func


def source_options(func: Callable[..., Any], with_regions: bool = True) -> Callable[..., Any]:
    func = live_options(func, with_regions)
    func = click.option(
        "--snapshot",
        "snapshot_path",
        metavar="FILE",
        multiple=True,
        help="Evaluate this snapshot file (ours, AWS Config's, CLI output or JSON Lines; .gz ok)."
        " Repeatable: several files are scanned as one snapshot (an AWS Config file and the account"
        " settings from 'compliance collect --services account,iam').",
    )(func)
    func = click.option(
        "--planned",
        "planned_path",
        metavar="FILE",
        multiple=True,
        help="Evaluate planned infrastructure: a CloudFormation template (YAML or JSON) or"
        " 'terraform show -json' plan output. Repeatable.",
    )(func)
    func = click.option(
        "--parameter",
        "template_parameters",
        metavar="KEY=VALUE",
        multiple=True,
        help="With --planned: a CloudFormation template parameter. Repeatable.",
    )(func)
    func = click.option(
        "--skip-invalid",
        is_flag=True,
        help="With --snapshot: evaluate the valid items and report ERROR for each invalid one (default: exit 2).",
    )(func)
    return func


class _RichProgress:
    """Services x regions done and items found, on stderr."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.items = 0
        self.progress = Progress(
            TextColumn("collecting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: Any = None

    def started(self, total_units: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("collect", total=total_units, detail="")

    def unit_done(self, collector: str, region: str, items: int, errors: int) -> None:
        self.items += items
        self.progress.update(self.task, advance=1, detail=f"{self.items} items, last {collector} {region}")

    def close(self) -> None:
        self.progress.stop()

    def status(self, text: str) -> Any:
        """A spinner on stderr while ``text`` happens (the demo account starting)."""
        return self.progress.console.status(text)


def _progress(options: dict[str, Any]) -> _RichProgress | None:
    if options.get("quiet") or not sys.stderr.isatty():
        return None
    return _RichProgress()


def progress_for(options: dict[str, Any], source: Source) -> _RichProgress | None:
    """The progress bar of a collection (only on a terminal, without --quiet)."""
    return _progress(options) if source.collects else None


def print_collection_summary(errors: list[CollectionError]) -> None:
    """One stderr line per (service, API, error code), naming the regions it happened in."""
    if not errors:
        return
    groups: dict[tuple[str, str, str], list[CollectionError]] = defaultdict(list)
    for error in errors:
        groups[(error.service, error.api, error.errorCode)].append(error)
    click.echo(
        f"compliance: could not collect everything: {len(errors)} collection error(s); "
        "rules over the affected resource types report INSUFFICIENT_DATA",
        err=True,
    )
    for n, ((service, api, code), found) in enumerate(sorted(groups.items())):
        if n == SUMMARY_LINES:
            click.echo(f"  ... and {len(groups) - SUMMARY_LINES} more (see collectionErrors in the snapshot)", err=True)
            break
        regions = sorted({e.region for e in found if e.region})
        resources = sorted({e.resourceId for e in found if e.resourceId})
        where = f" in {', '.join(regions)}" if regions else ""
        what = f" ({len(resources)} resource(s))" if resources else ""
        click.echo(f"  {service} {api}{where}: {code}: {found[0].message}{what}", err=True)


def with_account(options: dict[str, Any], plugins: Any, work: Callable[..., Any]) -> Any:
    """``work(session, regions, collectors, workers)`` on the demo or the live account the options
    name, through the engine's sessions (``--plan`` and ``--resource``)."""
    from compliance import engine
    from compliance.cli.requests import collection_settings, source_request
    from compliance.errors import InputError

    source = source_request(options)
    collection = collection_settings(options, plugins, source)
    collectors = engine.collectors_for(plugins, collection, [])
    regions = list(collection.regions) or None
    workers = engine._workers(collection)
    if source.kind == "demo":
        from compliance.demo import DEMO_REGIONS

        with engine._demo_session(collection, collectors, None) as session:
            return work(session, regions or list(DEMO_REGIONS), collectors, workers)
    if source.kind not in ("live",):
        raise InputError("--plan and --resource read an account: they cannot be combined with --snapshot")
    return work(engine._live_session(source, collection), regions, collectors, workers)


def show_plan(options: dict[str, Any], plugins: Any, rules: Iterable[Any] | None = None) -> int:
    """``--plan``: the calls per service and region (only what ``rules`` read, when given) with
    the requests they would make, estimated from what the list calls find; nothing else is read."""
    from compliance.collect.estimate import estimate
    from compliance.collect.plan import rule_reads

    reads = rule_reads(rules) if rules is not None else None
    units = with_account(
        options, plugins, lambda session, regions, collectors, workers: estimate(session, collectors, reads, regions)
    )
    what = f"{len(list(rules))} rules" if rules is not None else "everything (no rule selection)"
    click.echo(f"plan for {what}: {len({u.collector for u in units})} collectors, {len(units)} (service, region) units")
    width = max((len(u.collector) for u in units), default=7)
    for unit in units:
        found = ", ".join(f"{n} {t}" for t, n in sorted(unit.found.items())) or "nothing found"
        calls = ", ".join(f"{api} x{n}" if n != 1 else api for api, n in unit.calls.items() if n)
        note = " (run whole: no call declarations)" if unit.whole else ""
        click.echo(f"{unit.collector:<{width}}  {unit.region:<14} {unit.requests:>6} requests  {calls}{note}")
        click.echo(f"{'':<{width}}  {'':<14} {'':>6}           found: {found}")
    click.echo(f"total: about {sum(u.requests for u in units)} requests")
    return 0


def read_resource_snapshot(options: dict[str, Any], plugins: Any, ids: Iterable[str]) -> Snapshot:
    """``--resource``: only those resources, each read with its own calls."""
    from compliance.collect.one import read_resources

    def read(session: Any, regions: Any, collectors: list[Any], workers: int) -> Snapshot:
        region = regions[0] if regions else None
        found = read_resources(session, list(ids), collectors, region=region)
        for missing in found.missing:
            click.echo(f"compliance: {missing}: not found by any collector", err=True)
        return found.snapshot

    snapshot = with_account(options, plugins, read)
    print_collection_summary(snapshot.collectionErrors)
    return snapshot
