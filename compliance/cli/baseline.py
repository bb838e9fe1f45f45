"""``compliance baseline``: accept today's failing findings so the gate fails only on new ones."""

from __future__ import annotations

from typing import Any

import click

from compliance.baseline import create_baseline, render_baseline
from compliance.cli.recording import store_option
from compliance.cli.scan import evaluation_options, parse_params
from compliance.cli.source import obtain_snapshot, source_options
from compliance.errors import InputError
from compliance.evaluate import ScanResult, evaluate, select_rules
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
@store_option
@click.option("--output", "-o", "output_path", required=True, metavar="FILE", help="Write the baseline here.")
@click.pass_obj
def create(state: Any, **options: Any) -> int:
    """Evaluate like 'scan' (same --pack/--rule/--param) and record every failing finding."""
    plugins = state.plugins
    selection = options["packs"] or options["rule_ids"] or options["params"]
    if options["scan_ref"]:
        result = _from_history(options, plugins, bool(selection))
        rules = result.rules or sorted({e.configRuleName for e in result.evaluations})
    else:
        rules, packs = select_rules(plugins, options["packs"], options["rule_ids"], parse_params(options["params"]))
        result = evaluate(obtain_snapshot(options, plugins), rules, packs, rule_timeout=options.get("rule_timeout"))
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
    return 0


def _from_history(options: dict[str, Any], plugins: Any, reevaluate: bool) -> ScanResult:
    from compliance.history import open_store

    if options.get("snapshot_path"):
        raise InputError("give --snapshot FILE or --scan REF, not both")
    with open_store(options.get("store_url")) as store:
        record = store.resolve(options["scan_ref"])
        snapshot = store.state(record)
        if not reevaluate:
            return ScanResult(snapshot, store.evaluations(record), rules=[])
    rules, packs = select_rules(plugins, options["packs"], options["rule_ids"], parse_params(options["params"]))
    return evaluate(snapshot, rules, packs)


COMMANDS = [baseline]
