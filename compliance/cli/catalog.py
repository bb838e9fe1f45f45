"""``compliance rules``, ``packs`` and ``plugins``: what is installed and what it does."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 100, highlight=False)


@click.group()
def rules() -> None:
    """List and describe rules."""


@rules.command("list")
@click.option("--pack", "pack_name", metavar="NAME", help="Only the rules this pack runs.")
@click.pass_obj
def rules_list(state: Any, pack_name: str | None) -> int:
    plugins = state.plugins
    selected = plugins.rules.values()
    if pack_name:
        ids = {ref.rule for ref in plugins.pack(pack_name).rule_refs()}
        selected = [r for r in selected if r.id in ids]
    table = Table(pad_edge=False, box=None)
    table.add_column("ID", no_wrap=True)
    for column in ("Severity", "Resource types", "Title"):
        table.add_column(column, overflow="fold")
    for rule in sorted(selected, key=lambda r: r.id):
        table.add_row(rule.id, rule.severity.value, ", ".join(rule.resource_types), rule.title)
    _console().print(table)
    return 0


def describe_rule(rule: Any, packs: dict[str, Any], remediations: dict[str, Any] | None = None) -> str:
    lines = [f"{rule.id}: {rule.title}", ""]
    lines += [
        f"Severity:       {rule.severity.value}",
        f"Trigger:        {rule.trigger}",
        f"Scope:          {rule.scope} ({', '.join(rule.resource_types)})",
        f"Source:         {rule.source}",
    ]
    if rule.description:
        lines += ["", rule.description]
    if rule.rationale:
        lines += ["", "Rationale: " + rule.rationale]
    lines += ["", "Parameters:" if rule.parameters else "Parameters: none"]
    for name, param in rule.parameters.items():
        lines.append(f"  {name} ({param.type.__name__}, default {param.default!r}): {param.description}")
    controls = []
    for pack in sorted(packs.values(), key=lambda p: p.name):
        for control in pack.controls:
            for ref in control.rules:
                if ref.rule != rule.id:
                    continue
                shid = f" ({control.securityHubId})" if control.securityHubId else ""
                configured = f" [{ref.name}: {ref.parameters}]" if ref.parameters else ""
                controls.append(f"  {pack.name} {control.id}{shid}: {control.title}{configured}")
    lines += ["", "Controls:" if controls else "Controls: none", *controls]
    if rule.remediation:
        lines += ["", "Remediation: " + rule.remediation]
    fixes = sorted(r.id for r in (remediations or {}).values() if rule.id in (getattr(r, "rule_ids", ()) or ()))
    if fixes:
        lines.append("Automatic remediation: " + ", ".join(fixes) + " (compliance remediate --rule " + rule.id + ")")
    return "\n".join(lines) + "\n"


@rules.command("show")
@click.argument("rule_id")
@click.pass_obj
def rules_show(state: Any, rule_id: str) -> int:
    plugins = state.plugins
    click.echo(describe_rule(plugins.rule(rule_id), plugins.packs, plugins.remediations), nl=False)
    return 0


@click.group()
def packs() -> None:
    """List and describe packs."""


@packs.command("list")
@click.pass_obj
def packs_list(state: Any) -> int:
    table = Table(pad_edge=False, box=None)
    for column in ("Name", "Controls", "Rules", "Title"):
        table.add_column(column, overflow="fold")
    for pack in sorted(state.plugins.packs.values(), key=lambda p: p.name):
        table.add_row(pack.name, str(len(pack.controls)), str(len(pack.rule_refs())), pack.title)
    _console().print(table)
    return 0


@packs.command("show")
@click.argument("name")
@click.pass_obj
def packs_show(state: Any, name: str) -> int:
    pack = state.plugins.pack(name)
    click.echo(f"{pack.name}: {pack.title}")
    if pack.description:
        click.echo(pack.description)
    table = Table(pad_edge=False, box=None)
    for column in ("Control", "Security Hub", "Severity", "Rules", "Title"):
        table.add_column(column, overflow="fold")
    for control in pack.controls:
        rules_text = "manual" if control.manual else ", ".join(control.rule_names)
        table.add_row(control.id, control.securityHubId or "", control.severity.value, rules_text, control.title)
    _console().print(table)
    return 0


@click.command()
@click.pass_obj
def plugins(state: Any) -> int:
    """List loaded plugins, where each came from and what it registered."""
    loaded = state.plugins
    table = Table(pad_edge=False, box=None)
    for column in ("Plugin", "Origin", "Registered", "Status"):
        table.add_column(column, overflow="fold")
    for info in loaded.info.values():
        registered = ", ".join(f"{n} {k}" for k, n in sorted(info.registered.items())) or "-"
        table.add_row(info.name, info.origin, registered, "ok" if info.ok else f"failed: {info.error}")
    _console().print(table)
    return 0


COMMANDS = [rules, packs, plugins]
