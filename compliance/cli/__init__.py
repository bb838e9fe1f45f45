"""The ``compliance`` command: thin over the library. ``main()`` returns the exit status.

Exit codes: 0 nothing at or above the threshold failed; 1 failing findings (or an incomplete
scan, unless allowed); 2 usage or input error, shown as one line on stderr.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import click

from compliance import __version__
from compliance.errors import ExitStatus, InputError

EXIT_OK, EXIT_FAILING, EXIT_USAGE = ExitStatus.OK, ExitStatus.FAILING, ExitStatus.USAGE

# Each module defines COMMANDS, a list of click commands added to the group.
COMMAND_MODULES: tuple[str, ...] = (
    "scan",
    "catalog",
    "collect",
    "permissions",
    "history",
    "baseline",
    "export",
    "remediate",
    "package",
)


class CliState:
    def __init__(self, plugin_specs: Sequence[str]) -> None:
        self.plugin_specs = list(plugin_specs)

    @cached_property
    def plugins(self) -> Any:
        from compliance.plugins import load_plugins

        plugins = load_plugins(self.plugin_specs)
        for failed in plugins.failures:
            click.echo(f"compliance: warning: plugin {failed.name} not loaded: {failed.error}", err=True)
        return plugins


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="compliance")
@click.option(
    "--plugin",
    "plugin_specs",
    multiple=True,
    metavar="PATH_OR_MODULE",
    help="Load a plugin: a module name, a .py file, or a .yaml rule file or pack. Repeatable.",
)
@click.pass_context
def cli(ctx: click.Context, plugin_specs: tuple[str, ...]) -> None:
    """A Config-style compliance rule engine for AWS."""
    ctx.obj = CliState(plugin_specs)


for _module in COMMAND_MODULES:
    for _command in importlib.import_module(f"compliance.cli.{_module}").COMMANDS:
        cli.add_command(_command)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> ExitStatus:
    """Run the CLI and return its exit status (never raises for bad input)."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="compliance", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("compliance: error: aborted", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        click.echo(f"compliance: error: {_one_line(exc.format_message())}", err=True)
        return EXIT_USAGE
    except InputError as exc:
        click.echo(f"compliance: error: {_one_line(str(exc))}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("compliance: error: interrupted", err=True)
        return ExitStatus.INTERRUPTED
    except RecursionError:
        click.echo("compliance: error: input nested too deeply to process", err=True)
        return EXIT_USAGE
    except Exception as exc:
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        click.echo(
            f"compliance: error: unexpected {type(exc).__name__}: {_one_line(str(exc))}"
            " (set COMPLIANCE_DEBUG=1 for the traceback)",
            err=True,
        )
        return EXIT_USAGE
    return ExitStatus(result) if isinstance(result, int) else ExitStatus.OK


def run() -> None:
    from compliance.gcpause import exit_process, freeze_after_pauses

    freeze_after_pauses()  # a process that ends with the command (see compliance.gcpause)
    exit_process(main())
