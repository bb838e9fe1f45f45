"""Where a scan's snapshot comes from: a file (``--snapshot``), the embedded demo account
(``--demo``), or a live AWS account read with the standard credential chain.

Shared by ``compliance scan`` and ``compliance collect``. Progress goes to stderr, and only when
stderr is a terminal and ``--quiet`` is not given; what could not be collected is always
summarised on stderr.
"""

from __future__ import annotations

import contextlib
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import click
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from compliance.collect.base import error_code_and_message
from compliance.errors import InputError
from compliance.model import CollectionError, Snapshot
from compliance.snapshot import load_snapshot, merge_snapshots
from compliance.suggest import did_you_mean

LIVE_OPTIONS = ("demo", "profile", "role_arn", "external_id", "regions", "services")
SUMMARY_LINES = 15


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values or () for v in str(value).split(",") if v.strip()]


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


def obtain_snapshot(options: dict[str, Any], plugins: Any) -> Snapshot:
    if options.get("snapshot_at"):  # the stored state at a past time (compliance.cli.recording)
        from compliance.cli.recording import stored_snapshot

        return stored_snapshot(options)
    path = options.get("snapshot_path")
    if path:
        given = [f"--{name.replace('_', '-')}" for name in LIVE_OPTIONS if options.get(name)]
        if given:
            raise InputError(f"--snapshot cannot be combined with {given[0]}")
        paths = [path] if isinstance(path, str) else list(path)
        loaded = [load_snapshot(p, skip_invalid=bool(options.get("skip_invalid"))) for p in paths]
        return merge_snapshots(loaded, [str(p) for p in paths])
    if options.get("skip_invalid"):
        raise InputError("--skip-invalid needs --snapshot")
    return collect_snapshot(options, plugins)


def aws_input_error(exc: Exception) -> InputError:
    """A credentials or account-wide AWS failure before anything could be collected, as one line."""
    if isinstance(exc, NoCredentialsError):
        return InputError(
            "no AWS credentials found: configure a profile, environment variables or an instance role (or try --demo)"
        )
    code, message = error_code_and_message(exc)
    return InputError(f"cannot read the account: {code}: {message}")


def collect_snapshot(options: dict[str, Any], plugins: Any) -> Snapshot:
    """Read the demo or a live account as the options say; summarise failures on stderr."""
    from compliance.collect.runner import DEFAULT_WORKERS, run_collectors, select_collectors
    from compliance.collect.session import AwsSession

    collectors = select_collectors(plugins.collectors.values(), _split(options.get("services", ())))
    regions = _split(options.get("regions", ())) or None
    workers = options.get("workers") or DEFAULT_WORKERS
    progress = _progress(options)
    try:
        if options.get("demo"):
            snapshot = _collect_demo(options, collectors, regions, workers, progress)
        else:
            session = AwsSession(
                profile=options.get("profile"),
                role_arn=options.get("role_arn"),
                external_id=options.get("external_id"),
                role_session_name=options.get("role_session_name") or "compliance-scan",
                max_pool_connections=max(10, 2 * workers),
            )
            snapshot = run_collectors(session, collectors, regions=regions, workers=workers, progress=progress)
    except (NoCredentialsError, ClientError, BotoCoreError) as exc:
        raise aws_input_error(exc) from None
    finally:
        if progress is not None:
            progress.close()
    print_collection_summary(snapshot.collectionErrors)
    return snapshot


def check_demo_options(options: dict[str, Any], regions: Any) -> None:
    """--demo reads the simulated account: no credentials options, only the demo's regions."""
    from compliance.demo import DEMO_REGIONS

    for name in ("profile", "role_arn", "external_id"):
        if options.get(name):
            raise InputError(f"--demo cannot be combined with --{name.replace('_', '-')}")
    unknown = [r for r in regions or () if r not in DEMO_REGIONS]
    if unknown:
        hint = did_you_mean(unknown[0], DEMO_REGIONS)
        raise InputError(f"--regions: the demo account has {', '.join(DEMO_REGIONS)}, not {unknown[0]!r}{hint}")


def _collect_demo(
    options: dict[str, Any], collectors: list[Any], regions: Any, workers: int, progress: Any
) -> Snapshot:
    from compliance.collect.runner import run_collectors
    from compliance.collect.session import AwsSession
    from compliance.demo import DEMO_REGIONS, demo_account, steady

    check_demo_options(options, regions)
    services = [c.name for c in collectors] if options.get("services") else None
    with contextlib.ExitStack() as stack:
        with _status(progress, "starting the simulated demo account"):  # seeding happens on entry
            boto_session = stack.enter_context(demo_account(DEMO_REGIONS, services))
        session = AwsSession(boto_session=boto_session, max_pool_connections=max(10, 2 * workers))
        return steady(
            run_collectors(
                session, collectors, regions=regions or list(DEMO_REGIONS), workers=workers, progress=progress
            )
        )


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


def _status(progress: _RichProgress | None, text: str) -> Any:
    """A spinner on stderr while ``text`` happens (only where the progress bar would show)."""
    if progress is None:
        return contextlib.nullcontext()
    return progress.progress.console.status(text)


def _progress(options: dict[str, Any]) -> _RichProgress | None:
    if options.get("quiet") or not sys.stderr.isatty():
        return None
    return _RichProgress()


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
