"""Every command and option has help text; short flags mean the same thing everywhere; one
region option on 'export securityhub'."""

from __future__ import annotations

from collections import defaultdict

import click

from compliance.cli import cli


def _commands(command: click.Command, path: str = "compliance"):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, f"{path} {name}")


def test_every_command_and_option_has_help():
    missing = []
    for path, command in _commands(cli):
        if not (command.help or command.short_help):
            missing.append(path)
        missing += [
            f"{path} {param.opts[0]}"
            for param in command.params
            if isinstance(param, click.Option) and not param.hidden and not param.help
        ]
    assert missing == []


def test_short_flags_are_consistent():
    meanings = defaultdict(set)
    for _, command in _commands(cli):
        for param in command.params:
            if isinstance(param, click.Option):
                for short in (o for o in param.opts if len(o) == 2):
                    meanings[short].add(next(o for o in param.opts if o.startswith("--")))
    assert {k: sorted(v) for k, v in meanings.items()} == {
        "-f": ["--format"],
        "-h": ["--help"],
        "-o": ["--output"],
        "-q": ["--quiet"],
    } or all(len(v) == 1 for v in meanings.values())
    # every command with a --format takes -f
    without = [
        path
        for path, command in _commands(cli)
        for p in command.params
        if isinstance(p, click.Option) and "--format" in p.opts and "-f" not in p.opts
    ]
    assert without == []


def test_export_securityhub_has_one_region_option():
    command = cli.commands["export"].commands["securityhub"]
    region_options = [o for p in command.params if isinstance(p, click.Option) for o in p.opts if "region" in o]
    assert region_options == ["--region"]


def test_help_runs_for_every_command(run_cli):
    for path, _ in _commands(cli):
        code, out, _ = run_cli(*path.split()[1:], "--help")
        assert code == 0 and "Usage:" in out
