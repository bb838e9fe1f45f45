"""``compliance rules``, ``packs`` and ``plugins``: what is installed and what it does."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from compliance.cli.choice import Choice
from compliance.cli.history import format_option
from compliance.cli.output import SEVERITY_CHOICES, console, remediations_by_rule
from compliance.errors import ExitStatus, InputError
from compliance.model import Severity
from compliance.suggest import did_you_mean


def _console() -> Console:
    return console()


@click.group()
def rules() -> None:
    """List and describe rules (what each checks, its controls and its fix)."""


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2))


def rule_services(rule: Any) -> list[str]:
    """The AWS services a rule is about, from its resource types (``AWS::S3::Bucket`` -> ``s3``);
    account-level rules are ``account``."""
    names = {t.split("::")[1].lower() or "account" for t in rule.resource_types if t.count("::") >= 2}
    return sorted(names)


def _matches_type(rule: Any, wanted: str) -> bool:
    wanted = wanted.lower().removeprefix("aws::")
    return any(t.lower().removeprefix("aws::") == wanted for t in rule.resource_types)


def rule_data(rule: Any, packs: dict[str, Any], remediations: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.value,
        "resourceTypes": list(rule.resource_types),
        "services": rule_services(rule),
        "trigger": rule.trigger,
        "scope": rule.scope,
        "parameters": {
            name: {"type": param.type.__name__, "default": param.default, "description": param.description}
            for name, param in rule.parameters.items()
        },
        "controls": [
            f"{pack.name}:{control.id}"
            for pack in sorted(packs.values(), key=lambda p: p.name)
            for control in pack.controls
            if any(ref.rule == rule.id for ref in control.rules)
        ],
        "remediation": rule.remediation,
        "automaticRemediations": sorted(remediations.get(rule.id, [])),
        "source": rule.source,
    }


@rules.command("list")
@click.option("--pack", "pack_name", metavar="NAME", help="Only the rules this pack runs.")
@click.option(
    "--service",
    "services",
    multiple=True,
    metavar="NAME",
    help="Only rules about this service (s3, ec2, iam, account, ...). Repeatable.",
)
@click.option(
    "--severity",
    type=Choice(SEVERITY_CHOICES, case_sensitive=False),
    help="Only rules of this severity or higher.",
)
@click.option(
    "--type",
    "resource_types",
    multiple=True,
    metavar="TYPE",
    help="Only rules over this resource type (AWS::S3::Bucket or S3::Bucket). Repeatable.",
)
@format_option
@click.pass_obj
def rules_list(
    state: Any,
    pack_name: str | None,
    services: tuple[str, ...],
    severity: str | None,
    resource_types: tuple[str, ...],
    fmt: str,
) -> int:
    """List the installed rules (id, severity, resource types, title), filtered by pack,
    service, severity and resource type."""
    plugins = state.plugins
    selected = list(plugins.rules.values())
    if pack_name:
        ids = {ref.rule for ref in plugins.pack(pack_name).rule_refs()}
        selected = [r for r in selected if r.id in ids]
    if services:
        known = {s for r in plugins.rules.values() for s in rule_services(r)}
        for service in services:
            if service.lower() not in known:
                raise InputError(f"--service: no rule is about {service!r}{did_you_mean(service.lower(), known)}")
        wanted = {s.lower() for s in services}
        selected = [r for r in selected if wanted & set(rule_services(r))]
    if severity:
        floor = Severity.parse(severity.upper()).rank
        selected = [r for r in selected if r.severity.rank >= floor]
    if resource_types:
        known_types = {t for r in plugins.rules.values() for t in r.resource_types}
        for wanted_type in resource_types:
            if not any(_matches_type(r, wanted_type) for r in plugins.rules.values()):
                raise InputError(f"--type: no rule reads {wanted_type!r}{did_you_mean(wanted_type, known_types)}")
        selected = [r for r in selected if any(_matches_type(r, t) for t in resource_types)]
    selected.sort(key=lambda r: r.id)
    if fmt == "json":
        remediations = remediations_by_rule(plugins)
        _echo_json([rule_data(r, plugins.packs, remediations) for r in selected])
        return ExitStatus.OK
    table = Table(pad_edge=False, box=None)
    table.add_column("ID", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    for column in ("Resource types", "Title"):
        table.add_column(column, overflow="fold")
    for rule in selected:
        table.add_row(rule.id, rule.severity.value, ", ".join(rule.resource_types), rule.title)
    _console().print(table)
    return ExitStatus.OK


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
@format_option
@click.pass_obj
def rules_show(state: Any, rule_id: str, fmt: str) -> int:
    """Describe one rule: what it checks, its parameters, the controls it answers and how to fix
    what it finds."""
    plugins = state.plugins
    rule = plugins.rule(rule_id)
    if fmt == "json":
        _echo_json(rule_data(rule, plugins.packs, remediations_by_rule(plugins)))
        return ExitStatus.OK
    click.echo(describe_rule(rule, plugins.packs, plugins.remediations), nl=False)
    return ExitStatus.OK


@click.group()
def packs() -> None:
    """List and describe packs (framework controls and the rules that answer them)."""


def pack_data(pack: Any, controls: bool, registered: Any = ()) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": pack.name,
        "title": pack.title,
        "framework": pack.framework,
        "version": pack.version,
        "description": pack.description,
        "controlCount": len(pack.controls),
        "rules": [ref.name for ref in pack.rule_refs()],
        "source": pack.source,
        "reference": pack.reference,
        "retired": pack.retired or None,
        "counts": pack.counts(registered),
    }
    if controls:
        data["controls"] = [
            {
                "id": c.id,
                "securityHubId": c.securityHubId,
                "title": c.title,
                "severity": c.severity.value,
                "manual": c.manual,
                "requirements": c.requirements,
                "rules": [
                    {"name": r.name, "rule": r.rule, "parameters": r.parameters, "pending": r.pending} for r in c.rules
                ],
                "notRegisteredYet": c.missing_rules(registered),
            }
            for c in pack.controls
        ]
    return data


@packs.command("list")
@format_option
@click.pass_obj
def packs_list(state: Any, fmt: str) -> int:
    """Each pack: version, control counts (automated, pending = not automated yet, manual) and status
    (current, or retired; `packs show NAME` prints the date, title, source and controls)."""
    registered = state.plugins.rules
    ordered = sorted(state.plugins.packs.values(), key=lambda p: p.name)
    if fmt == "json":
        _echo_json([pack_data(p, controls=False, registered=registered) for p in ordered])
        return ExitStatus.OK
    table = Table(pad_edge=False, box=None)
    for column in ("Name", "Version", "Controls", "Automated", "Pending", "Manual", "Status"):
        table.add_column(column, no_wrap=True)
    for pack in ordered:
        n = pack.counts(registered)
        status = "retired" if pack.retired else "current"
        row = (n["controls"], n["automated"], n["pending"], n["manual"])
        table.add_row(pack.name, pack.version, *map(str, row), status)
    _console().print(table)
    return ExitStatus.OK


@packs.command("show")
@click.argument("name", required=False)
@click.option(
    "--crosswalk",
    nargs=2,
    metavar="OLD NEW",
    help="Instead: which controls of pack OLD are judged by the same rules as which of pack NEW.",
)
@format_option
@click.pass_obj
def packs_show(state: Any, name: str | None, crosswalk: tuple[str, str] | None, fmt: str) -> int:
    """Describe one pack (a name or a pack .yaml file): each control, its Security Hub id, requirements,
    severity and the rules that answer it. With --crosswalk OLD NEW: what changes for a team moving
    from one pack to the other (docs/crosswalk.md)."""
    if crosswalk:
        if name:
            raise click.UsageError("give a pack NAME or --crosswalk OLD NEW, not both")
        return _show_crosswalk(state, *crosswalk, fmt)
    if not name:
        raise click.UsageError("give a pack NAME (or --crosswalk OLD NEW)")
    pack = state.plugins.pack(name)
    registered = state.plugins.rules
    if fmt == "json":
        _echo_json(pack_data(pack, controls=True, registered=registered))
        return ExitStatus.OK
    click.echo(f"{pack.name}: {pack.title}")
    n = pack.counts(registered)
    click.echo(
        f"Version {pack.version or '-'}; {n['controls']} controls: {n['automated']} automated,"
        f" {n['pending']} not automated yet, {n['manual']} manual"
        + (f"; retired {pack.retired}" if pack.retired else "")
    )
    if pack.reference:
        click.echo(f"Source: {pack.reference}")
    if pack.description:
        click.echo(pack.description)
    table = Table(pad_edge=False, box=None)
    for column in ("Control", "Security Hub", "Requirements", "Severity", "Rules", "Title"):
        table.add_column(column, overflow="fold")
    for control in pack.controls:
        missing = set(control.missing_rules(registered))
        names = [f"{r.name} (not registered yet)" if r.rule in missing else r.name for r in control.rules]
        rules_text = "manual" if control.manual else ", ".join(names)
        requirements = ", ".join(control.requirements)
        row = (control.id, control.securityHubId or "", requirements, control.severity.value, rules_text)
        table.add_row(*row, control.title)
    _console().print(table)
    return ExitStatus.OK


def _show_crosswalk(state: Any, old_name: str, new_name: str, fmt: str) -> int:
    from compliance.crosswalk import KINDS, counts, crosswalk, label

    old, new = state.plugins.pack(old_name), state.plugins.pack(new_name)
    rows = crosswalk(old, new, state.plugins.rules)
    if fmt == "json":
        _echo_json(
            {
                "old": old.name,
                "new": new.name,
                "counts": counts(rows),
                "rows": [
                    {"change": r.kind, "old": [c.id for c in r.old], "new": [c.id for c in r.new], "note": r.note}
                    for r in rows
                ],
            }
        )
        return ExitStatus.OK
    click.echo(f"{old.name} -> {new.name}: " + ", ".join(f"{n} {k}" for k, n in counts(rows).items() if n))
    table = Table(pad_edge=False, box=None)
    for column in ("Change", old.name, new.name, "Title", "Note"):
        table.add_column(column, overflow="fold")
    for row in rows:
        title = (row.new or row.old)[0].title
        table.add_row(row.kind, ", ".join(map(label, row.old)), ", ".join(map(label, row.new)), title, row.note)
    _console().print(table)
    click.echo("Changes: " + "; ".join(f"{k}: {v}" for k, v in KINDS.items()))
    return ExitStatus.OK


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
    return ExitStatus.OK


COMMANDS = [rules, packs, plugins]
