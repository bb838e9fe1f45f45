"""``compliance scan``: snapshot → evaluate → report → gate."""

from __future__ import annotations

from typing import Any

import click

from compliance.cli.gating import apply_gate, gate_options, triage
from compliance.cli.output import output_options, output_targets, render_outputs, write_outputs
from compliance.cli.recording import record_scan, recording_options
from compliance.cli.source import obtain_snapshot, source_options
from compliance.errors import InputError
from compliance.evaluate import evaluate, select_rules
from compliance.org.local import org_options, run_org_scan


def parse_params(values: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``RULE.PARAM=VALUE`` values into {rule: {param: value}}."""
    overrides: dict[str, dict[str, str]] = {}
    for value in values:
        target, sep, setting = value.partition("=")
        rule, dot, param = target.rpartition(".")
        if not sep or not dot or not rule or not param:
            raise InputError(f"--param {value!r}: expected RULE.PARAMETER=VALUE")
        overrides.setdefault(rule, {})[param] = setting
    return overrides


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


@click.command()
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
    output_targets(options, plugins)  # a wrong --format fails before any work
    if options["org"]:
        return run_org_scan(options, plugins)
    rules, packs = select_rules(plugins, options["packs"], options["rule_ids"], parse_params(options["params"]))
    snapshot = obtain_snapshot(options, plugins)
    plugins.notify("compliance_scan_started", snapshot=snapshot)
    result = evaluate(snapshot, rules, packs, rule_timeout=options.get("rule_timeout"))
    triaged = triage(options, result)
    record_scan(options, result, plugins)
    plugins.notify("compliance_scan_finished", result=result)
    rendered = render_outputs(options, result, plugins, triaged)
    write_outputs(rendered)
    return apply_gate(options, result, triaged)


COMMANDS = [scan]
