"""``compliance permissions``: the least-privilege read-only IAM policy a scan needs."""

from __future__ import annotations

import json
from typing import Any

import click

from compliance.cli.requests import split
from compliance.errors import ExitStatus


@click.command()
@click.option("--services", multiple=True, metavar="NAME[,NAME]", help="Only these collectors (default: all).")
@click.option("--list", "list_only", is_flag=True, help="List the collectors and their actions instead.")
@click.pass_obj
def permissions(state: Any, services: tuple[str, ...], list_only: bool) -> int:
    """Print the IAM policy (JSON) that lets 'compliance scan' read the selected services."""
    from compliance.collect.permissions import scan_policy
    from compliance.collect.runner import select_collectors

    collectors = select_collectors(state.plugins.collectors.values(), split(services))
    if list_only:
        for collector in collectors:
            scope = "global" if collector.is_global else "regional"
            click.echo(f"{collector.name} ({scope}): {', '.join(collector.resource_types)}")
            click.echo(f"  {', '.join(collector.permissions)}")
        return ExitStatus.OK
    click.echo(json.dumps(scan_policy(collectors), indent=2))
    return ExitStatus.OK


COMMANDS = [permissions]
