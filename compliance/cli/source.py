"""Source options (where a scan's snapshot comes from: a file with ``--snapshot``, the embedded
demo account with ``--demo``, or a live AWS account read with the standard credential chain),
and how a collection shows on stderr.

Progress goes to stderr, and only when stderr is a terminal and ``--quiet`` is not given; what
could not be collected is always summarised on stderr.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import click

from compliance.model import CollectionError
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
