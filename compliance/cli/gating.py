"""Gate options of ``scan``: which findings fail the run (see compliance.gate).

``triage`` runs before any report is rendered (waivers and the baseline mark findings as
suppressed, which every format shows); ``apply_gate`` runs last and returns the exit code.
"""

from __future__ import annotations

from typing import Any

import click

from compliance.cli.choice import Choice
from compliance.errors import InputError
from compliance.evaluate import ScanResult
from compliance.gate import FAIL_ON_CHOICES, GatePolicy, Triage, decide


def gate_options(func: Any) -> Any:
    func = click.option(
        "--baseline",
        "baseline_path",
        metavar="FILE",
        help="Fail only on findings not in this baseline (compliance baseline create); report resolved ones.",
    )(func)
    func = click.option(
        "--waivers",
        "waivers_path",
        metavar="FILE",
        help="YAML waivers (rule or control, resource glob, reason, owner, expires) suppressing accepted risks.",
    )(func)
    func = click.option(
        "--strict",
        is_flag=True,
        help="With --baseline: fail on every INSUFFICIENT_DATA/ERROR evaluation and collection error,"
        " not only on those the baseline does not record.",
    )(func)
    func = click.option(
        "--allow-partial", is_flag=True, help="Do not fail on collection errors or INSUFFICIENT_DATA/ERROR evaluations."
    )(func)
    func = click.option(
        "--fail-on-control",
        "fail_on_controls",
        multiple=True,
        metavar="ID",
        help="Also fail when this control (id, PACK:id or Security Hub id) fails.",
    )(func)
    func = click.option(
        "--fail-on",
        type=Choice(FAIL_ON_CHOICES, case_sensitive=False),
        default="informational",
        show_default=True,
        help="Lowest severity of a failing finding that fails the run.",
    )(func)
    return func


def _check_controls(options: dict[str, Any], result: ScanResult) -> None:
    known = set()
    for pack in result.packs:
        for control in pack.controls:
            known |= {control.id, f"{pack.name}:{control.id}", control.securityHubId}
    for wanted in options.get("fail_on_controls") or ():
        if wanted not in known:
            where = "no --pack given" if not result.packs else f"not in {', '.join(p.name for p in result.packs)}"
            raise InputError(f"--fail-on-control {wanted}: unknown control ({where})")


def triage(options: dict[str, Any], result: ScanResult, today: Any = None) -> Triage:
    """Apply --waivers then --baseline to ``result`` (marking suppressed findings); check options."""
    from compliance.baseline import apply_baseline, load_baseline
    from compliance.waivers import apply_waivers, load_waivers

    _check_controls(options, result)
    outcome = Triage()
    if options.get("waivers_path"):
        waivers = load_waivers(options["waivers_path"])
        outcome.waivers = apply_waivers(result, waivers, options["waivers_path"], today)
    if options.get("baseline_path"):
        outcome.baseline = apply_baseline(result, load_baseline(options["baseline_path"]))
    return outcome


def apply_gate(options: dict[str, Any], result: ScanResult, triaged: Triage | None = None) -> int:
    """Print waiver/baseline notes and why the gate failed (on stderr); return the exit code."""
    for note in triaged.notes() if triaged else []:
        click.echo(f"compliance: {note}", err=True)
    policy = GatePolicy(
        options["fail_on"].lower(),
        list(options["fail_on_controls"]),
        options["allow_partial"],
        strict=bool(options.get("strict")),
    )
    decision = decide(result, policy, triaged)
    for reason in decision.reasons:
        click.echo(f"compliance: gate: {reason}", err=True)
    return decision.exit_code
