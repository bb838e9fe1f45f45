"""Gate options of ``scan``: which findings fail the run (see compliance.gate).

They become a :class:`compliance.request.GateRequest`; the engine triages before any report is
rendered (waivers and the baseline mark findings as suppressed, which every format shows) and
decides last; :func:`finish` says why and returns the exit status.
"""

from __future__ import annotations

from typing import Any

import click

from compliance.cli.choice import Choice
from compliance.engine import ScanOutcome
from compliance.gate import FAIL_ON_CHOICES


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


def finish(outcome: ScanOutcome) -> int:
    """Print waiver/baseline notes and why the gate failed (on stderr); return the exit status."""
    for note in outcome.triage.notes() if outcome.triage else []:
        click.echo(f"compliance: {note}", err=True)
    for reason in outcome.decision.reasons if outcome.decision else []:
        click.echo(f"compliance: gate: {reason}", err=True)
    return outcome.exit_code
