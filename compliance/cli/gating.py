"""Gate options of ``scan``: which findings fail the run (see compliance.gate)."""

from __future__ import annotations

from typing import Any

import click

from compliance.evaluate import ScanResult
from compliance.gate import FAIL_ON_CHOICES, GatePolicy, decide


def gate_options(func: Any) -> Any:
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
        type=click.Choice(FAIL_ON_CHOICES, case_sensitive=False),
        default="informational",
        show_default=True,
        help="Lowest severity of a failing finding that fails the run.",
    )(func)
    return func


def apply_gate(options: dict[str, Any], result: ScanResult) -> int:
    """Print why the gate failed (one line per reason, on stderr) and return the exit code."""
    policy = GatePolicy(options["fail_on"].lower(), list(options["fail_on_controls"]), options["allow_partial"])
    decision = decide(result, policy)
    for reason in decision.reasons:
        click.echo(f"compliance: gate: {reason}", err=True)
    return decision.exit_code
