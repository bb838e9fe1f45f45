"""``compliance permissions``: the least-privilege read-only IAM policy a scan needs.

Derived from the collectors' call declarations: with ``--pack``/``--rule``, only the actions of
the calls those rules' reads plan (:mod:`compliance.collect.plan`); without, every call."""

from __future__ import annotations

import json
from typing import Any

import click

from compliance.cli.requests import split as _split
from compliance.errors import ExitStatus


@click.command()
@click.option("--services", multiple=True, metavar="NAME[,NAME]", help="Only these collectors (default: all).")
@click.option("--pack", "packs", multiple=True, metavar="NAME", help="Only what this pack's rules read (repeatable).")
@click.option("--rule", "rule_ids", multiple=True, metavar="ID", help="Only what this rule reads (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the collectors and their actions instead.")
@click.pass_obj
def permissions(
    state: Any, services: tuple[str, ...], packs: tuple[str, ...], rule_ids: tuple[str, ...], list_only: bool
) -> int:
    """Print the IAM policy (JSON) that lets 'compliance scan' read the selected services (and,
    with --pack or --rule, only what those rules read)."""
    from compliance.collect.permissions import scan_policy
    from compliance.collect.plan import plan, rule_reads
    from compliance.collect.runner import select_collectors
    from compliance.evaluate import select_rules

    collectors = select_collectors(state.plugins.collectors.values(), _split(services))
    reads = None
    if packs or rule_ids:
        rules, _ = select_rules(state.plugins, list(packs), list(rule_ids))
        reads = rule_reads(rules)
    planned = plan(collectors, reads)
    if list_only:
        for collector in planned.selected():
            scope = "global" if collector.is_global else "regional"
            actions = sorted({c.action for c in planned.planned_calls(collector) if c.action})
            click.echo(f"{collector.name} ({scope}): {', '.join(collector.resource_types)}")
            click.echo(f"  {', '.join(actions)}")
        return ExitStatus.OK
    click.echo(json.dumps(scan_policy(planned.actions(getattr(reads, "lookups", ()))), indent=2))
    return ExitStatus.OK


COMMANDS = [permissions]
