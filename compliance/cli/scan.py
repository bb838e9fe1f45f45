"""``compliance scan``: build the request, run the engine, say what happened, gate."""

from __future__ import annotations

from typing import Any

import click

from compliance import engine
from compliance.cli.gating import finish, gate_options
from compliance.cli.org import org_options, run_org_scan
from compliance.cli.output import output_options
from compliance.cli.recording import recording_options, say_recorded
from compliance.cli.requests import outputs_request, scan_request
from compliance.cli.source import print_collection_summary, progress_for, source_options
from compliance.gcpause import keep_until_exit
from compliance.request import ScanRequest


def evaluation_options(func: Any) -> Any:
    func = click.option(
        "--rule-timeout",
        type=click.FloatRange(min=0),
        metavar="SECONDS",
        help="Time budget per rule over all its resources; past it the rule's evaluations are ERROR"
        " (default $COMPLIANCE_RULE_TIMEOUT or 300; 0 for none).",
    )(func)
    func = click.option(
        "--param",
        "params",
        multiple=True,
        metavar="RULE.PARAM=VALUE",
        help="Set a rule parameter (overrides the pack's). Repeatable.",
    )(func)
    func = click.option("--rule", "rule_ids", multiple=True, metavar="ID", help="Run this rule. Repeatable.")(func)
    func = click.option(
        "--pack",
        "packs",
        multiple=True,
        metavar="NAME",
        help="Run this pack's rules and report its controls. Repeatable.",
    )(func)
    return func


def announce(outcome: engine.ScanOutcome) -> None:
    """On stderr: what could not be collected, and what was recorded."""
    if outcome.collected:
        print_collection_summary(outcome.snapshot.collectionErrors)
    read = outcome.incremental
    if read is not None:
        click.echo(
            f"compliance: re-read {read.reads} resource(s), {len(read.deleted)} deleted,"
            f" {len(outcome.result.evaluations)} evaluation(s)",
            err=True,
        )
        for what in read.missing:
            click.echo(f"compliance: {what}: not found by any collector", err=True)
        for what in read.not_reread:
            click.echo(
                f"compliance: {what}: account settings are not re-read by events (the periodic scan reads them)",
                err=True,
            )
    say_recorded(outcome)


def run(request: ScanRequest, plugins: Any, options: dict[str, Any]) -> engine.ScanOutcome:
    """Run ``request`` through the engine (with the progress bar the options allow) and announce it."""
    outcome = engine.scan(request, plugins, progress=progress_for(options, request.source))
    keep_until_exit(outcome)  # in the command's own process: freed at exit, not object by object
    announce(outcome)
    return outcome


@click.command()
@click.option(
    "--plan",
    "show_plan",
    is_flag=True,
    help="Print the calls the selected rules need per service and region, with a request estimate, and exit.",
)
@click.option(
    "--event",
    "event_paths",
    multiple=True,
    metavar="FILE",
    help="Re-read and re-evaluate only the resources this change event names (an EventBridge event,"
    " a CloudTrail record or log file (.json.gz), or JSON Lines of them), recorded with the event as"
    " the cause. Repeatable.",
)
@source_options
@org_options
@evaluation_options
@recording_options
@output_options
@gate_options
@click.pass_obj
def scan(state: Any, **options: Any) -> int:
    """Evaluate a snapshot against rules and packs; exit 1 when findings fail the gate."""
    plugins = state.plugins
    if options.pop("show_plan", False):
        from compliance.cli.requests import rule_selection
        from compliance.cli.source import show_plan
        from compliance.engine import select

        selection, _ = rule_selection(options, plugins)
        rules, _ = select(plugins, selection)
        return show_plan(options, plugins, rules)
    event_paths = options.pop("event_paths", ())
    if options["org"]:
        outputs_request(options, plugins)  # a wrong --format fails before any work
        return run_org_scan(options, plugins)
    request = scan_request(options, plugins)
    if event_paths:
        request = event_request(request, event_paths, plugins)
    return finish(run(request, plugins, options))


def event_request(request: ScanRequest, paths: tuple[str, ...], plugins: Any) -> ScanRequest:
    """``--event``: the request made incremental over what the event files name."""
    from dataclasses import replace

    from compliance.request import EventScope

    known = {t for c in plugins.collectors.values() for t in c.resource_types}
    events = EventScope.from_files(paths, known)
    unknown = sum(events.unknown.values())
    skipped = sum(events.skipped.values())
    click.echo(
        f"compliance: {events.events} event(s): {len(events.changes)} resource change(s),"
        f" {unknown} unknown and {skipped} skipped event(s)",
        err=True,
    )
    return replace(request, events=events)


COMMANDS = [scan]
