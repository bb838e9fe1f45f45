"""``compliance collect``: read an account (or the demo) into a snapshot file, for later gating.

Exit 0 when everything was collected; 1 when the snapshot records collection errors (the file
is still written), unless ``--allow-partial``; 2 on bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from compliance import engine
from compliance.cli.choice import Choice
from compliance.cli.recording import say_recorded, store_options
from compliance.cli.requests import collection_settings, recording_request, source_request
from compliance.cli.source import (
    live_options,
    print_collection_summary,
    progress_for,
    read_resource_snapshot,
    show_plan,
)
from compliance.errors import ExitStatus, InputError
from compliance.request import ScanRequest
from compliance.snapshot import FORMATS, dump_snapshot, snapshot_text


def collect_request(options: dict[str, Any], plugins: Any) -> ScanRequest:
    """A scan without rules: collect and record the snapshot."""
    source = source_request(options)
    return ScanRequest(
        source=source,
        selection=None,
        collection=collection_settings(options, plugins, source),
        recording=recording_request(options, kind="collect"),
    )


@click.command()
@click.option(
    "--output", "-o", "output_path", metavar="PATH", help="Write here (atomically; .gz compresses). Default: stdout."
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=Choice(FORMATS),
    default="compliance",
    show_default=True,
    help="compliance (ours), config (AWS Config's delivery spelling) or jsonl.",
)
@click.option("--allow-partial", is_flag=True, help="Exit 0 even when something could not be collected.")
@click.option(
    "--resource",
    "resources",
    multiple=True,
    metavar="ARN",
    help="Read only this resource (an ARN, or an id), with its own calls; repeatable.",
)
@click.option(
    "--plan", "show", is_flag=True, help="Print the calls per service and region, with a request estimate, and exit."
)
@live_options
@store_options
@click.pass_obj
def collect(
    state: Any,
    output_path: str | None,
    fmt: str,
    allow_partial: bool,
    resources: tuple[str, ...],
    show: bool,
    **options: Any,
) -> int:
    """Collect an AWS account (or --demo) into a snapshot file."""
    plugins = state.plugins
    if output_path and output_path != "-" and Path(output_path).is_dir():
        raise InputError(f"--output {output_path}: is a directory")
    if show:
        return show_plan(options, plugins)
    outcome = None
    if resources:
        snapshot = read_resource_snapshot(options, plugins, resources)
        if not snapshot.configurationItems and not snapshot.collectionErrors:
            raise InputError(f"--resource: none of {', '.join(resources)} was found")
    else:
        request = collect_request(options, plugins)
        outcome = engine.scan(request, plugins, progress=progress_for(options, request.source))
        print_collection_summary(outcome.snapshot.collectionErrors)
        snapshot = outcome.snapshot
    if output_path and output_path != "-":
        dump_snapshot(snapshot, output_path, fmt)
    else:
        sys.stdout.write(snapshot_text(snapshot, fmt))
        sys.stdout.flush()
    if output_path and output_path != "-" and not options.get("quiet"):
        click.echo(
            f"compliance: wrote {len(snapshot)} configuration items "
            f"from {len(snapshot.regions)} region(s) to {output_path}",
            err=True,
        )
    if outcome is not None:
        say_recorded(outcome)
    return ExitStatus.OK if allow_partial or snapshot.is_complete else ExitStatus.FAILING


COMMANDS = [collect]
