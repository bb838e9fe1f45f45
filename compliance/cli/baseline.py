"""``compliance baseline``: accept today's failing findings so the gate fails only on new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from compliance.baseline import create_baseline, render_baseline
from compliance.cli.recording import store_options
from compliance.cli.requests import collection_settings, recording_request, rule_selection, source_request
from compliance.cli.scan import evaluation_options, run
from compliance.cli.source import source_options
from compliance.errors import ExitStatus, InputError
from compliance.request import ScanRequest, Source
from compliance.results import ScanResult
from compliance.snapshot import write_atomic


@click.group()
def baseline() -> None:
    """Create baselines for 'scan --baseline'."""


@baseline.command("create")
@source_options
@evaluation_options
@click.option(
    "--scan",
    "scan_ref",
    metavar="REF",
    help="Take a stored scan (latest, an id or seq; see 'compliance scans') instead of a snapshot: its"
    " evaluations, or its state re-evaluated when --pack/--rule/--param are given.",
)
@store_options
@click.option("--output", "-o", "output_path", required=True, metavar="FILE", help="Write the baseline here.")
@click.pass_obj
def create(state: Any, **options: Any) -> int:
    """Evaluate like 'scan' (same --pack/--rule/--param) and record every failing finding."""
    plugins = state.plugins
    reevaluate = bool(options["packs"] or options["rule_ids"] or options["params"])
    if Path(options["output_path"]).is_dir():
        raise InputError(f"--output {options['output_path']}: is a directory")
    if options["scan_ref"] and options.get("snapshot_path"):
        raise InputError("give --snapshot FILE or --scan REF, not both")
    if options["scan_ref"] and not reevaluate:
        result = _stored_result(options)  # the stored scan as it was: nothing is evaluated
        rules: list[Any] = result.rules or sorted({e.configRuleName for e in result.evaluations})
    else:
        if options["scan_ref"]:
            source = Source.stored(options.get("store_url"), scan_ref=options["scan_ref"])
        else:
            source = source_request(options)
        selection, _ = rule_selection(options, plugins)
        request = ScanRequest(
            source=source,
            selection=selection,
            collection=collection_settings(options, plugins, source),
            recording=recording_request(options),
        )
        result = run(request, plugins, options).result
        rules = result.rules
    document = create_baseline(result)
    write_atomic(options["output_path"], render_baseline(document))
    click.echo(
        f"baseline: {len(document['findings'])} failing finding(s) of {len(rules)} rule(s) -> {options['output_path']}",
        err=True,
    )
    if result.incomplete or result.snapshot.collectionErrors:
        click.echo(
            f"baseline: known gaps: {len(document['gaps'])} evaluation(s) with insufficient data or errors and"
            f" {len(document['collectionErrors'])} collection error(s); the gate fails only on new ones"
            " (unless --strict), and every report still shows them",
            err=True,
        )
    return ExitStatus.OK


def _stored_result(options: dict[str, Any]) -> ScanResult:
    from compliance.history import open_store

    with open_store(options.get("store_url")) as store:
        record = store.resolve(options["scan_ref"])
        return ScanResult(store.state(record), store.evaluations(record), rules=[])


COMMANDS = [baseline]
