"""``compliance package``: build deployable artifacts (the Lambda zip)."""

from __future__ import annotations

import click

from compliance.errors import ExitStatus


@click.group()
def package() -> None:
    """Build deployable artifacts."""


@package.command("lambda")
@click.option(
    "-o",
    "--output",
    default="dist/compliance-lambda.zip",
    show_default=True,
    metavar="FILE",
    help="Where to write the zip.",
)
def lambda_(output: str) -> int:
    """Build the Lambda deployment zip: this package with its built-in rules and packs and its
    dependencies except those the Lambda Python runtime provides (boto3, botocore, ...).

    The same installed packages give the same bytes. Build on the function's platform and Python
    version (python3.11, x86_64 in deploy/template.yaml): compiled extensions are copied as installed.
    """
    from compliance.scanner.bundle import build_lambda_zip

    bundle = build_lambda_zip(output)
    click.echo(
        f"wrote {bundle.path}: {bundle.size:,} bytes ({bundle.size / 1_048_576:.1f} MiB), "
        f"{bundle.entries} files, sha256 {bundle.sha256}"
    )
    click.echo(f"bundled: {', '.join(bundle.distributions)}")
    click.echo(f"left to the runtime: {', '.join(bundle.excluded)} and what it depends on")
    click.echo("handler: compliance.aws_lambda.handler")
    return ExitStatus.OK


COMMANDS = [package]
