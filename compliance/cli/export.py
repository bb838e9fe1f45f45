"""``compliance export``: send findings to other systems (Security Hub)."""

from __future__ import annotations

import functools
from typing import Any

import click

from compliance import engine
from compliance.cli.recording import store_options
from compliance.cli.requests import (
    collection_settings,
    recording_request,
    rule_selection,
    source_request,
    waivers_request,
)
from compliance.cli.scan import evaluation_options, run
from compliance.cli.source import source_options
from compliance.errors import ExitStatus, InputError
from compliance.request import ScanRequest


@click.group()
def export() -> None:
    """Send findings to other systems."""


@export.command("securityhub")
@functools.partial(source_options, with_regions=False)
@evaluation_options
@click.option("--report", "report_path", metavar="FILE", help="Export this scan's JSON report instead of scanning.")
@click.option("--waivers", "waivers_path", metavar="FILE", help="Waivers: matching findings go in as SUPPRESSED.")
@click.option(
    "--region",
    metavar="REGION",
    help="The region to import into (Security Hub is regional) and, for a live scan, to read with the"
    " global services. Default: the session's region.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100),
    default=100,
    show_default=True,
    help="Findings per BatchImportFindings call.",
)
@store_options
@click.pass_obj
def securityhub(state: Any, **options: Any) -> int:
    """Import findings with BatchImportFindings; resolve earlier ones that now pass.

    The findings come from a scan (same source and rule options as 'scan', recorded like one)
    or from a scan's JSON report (--report). --profile / --role-arn also choose the Security Hub
    account.

    Exit 0 when every finding was imported, 1 when some still failed after retries.
    """
    from compliance.collect.session import AwsSession
    from compliance.report.json_report import load_report
    from compliance.securityhub import export_to_security_hub

    plugins = state.plugins
    titles = None
    waivers = waivers_request(options)
    if options["report_path"]:
        if options["snapshot_path"] or options["packs"] or options["rule_ids"] or options["params"]:
            raise InputError("--report takes the scan as it was: no --snapshot, --pack, --rule or --param")
        result = load_report(options["report_path"])
        titles = {
            e.configRuleName: plugins.rules[e.ruleId].title for e in result.evaluations if e.ruleId in plugins.rules
        }
        triaged = engine.triage(waivers, result) if waivers else None
    else:
        if options["region"] and not options["snapshot_path"]:
            options["regions"] = (options["region"],)  # a live scan reads the region it exports to
        source = source_request(options)
        selection, _ = rule_selection(options, plugins)
        request = ScanRequest(
            source=source,
            selection=selection,
            collection=collection_settings(options, plugins, source),
            recording=recording_request(options),
            gate=waivers,
        )
        outcome = run(request, plugins, options)
        result, triaged = outcome.result, outcome.triage
    for note in triaged.notes() if triaged else []:
        click.echo(f"compliance: {note}", err=True)
    session = AwsSession(
        profile=options.get("profile"),
        role_arn=options.get("role_arn"),
        external_id=options.get("external_id"),
        region=options["region"],
    )
    region = session.default_region
    summary = export_to_security_hub(
        result, session.client("securityhub", region), region, titles=titles, batch_size=options["batch_size"]
    )
    click.echo(
        f"security hub ({region}): {summary.imported} finding(s) imported in {summary.batches} batch(es),"
        f" {summary.resolved} resolved, {summary.retried} retried, {len(summary.failed)} failed",
        err=True,
    )
    for failed in summary.failed[:20]:
        click.echo(
            f"compliance: not imported: {failed.get('Id')}: {failed.get('ErrorCode')}: {failed.get('ErrorMessage')}",
            err=True,
        )
    return ExitStatus.OK if summary.ok else ExitStatus.FAILING


COMMANDS = [export]
