"""``compliance collect``: read an account (or the demo) into a snapshot file, for later gating.

Exit 0 when everything was collected; 1 when the snapshot records collection errors (the file
is still written), unless ``--allow-partial``; 2 on bad input.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from compliance.cli.choice import Choice
from compliance.cli.recording import record_collect, store_options
from compliance.cli.source import collect_snapshot, live_options
from compliance.snapshot import FORMATS, dump_snapshot, snapshot_text


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
@live_options
@store_options
@click.pass_obj
def collect(state: Any, output_path: str | None, fmt: str, allow_partial: bool, **options: Any) -> int:
    """Collect an AWS account (or --demo) into a snapshot file."""
    snapshot = collect_snapshot(options, state.plugins)
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
    record_collect(options, snapshot)
    return 0 if allow_partial or snapshot.is_complete else 1


COMMANDS = [collect]
