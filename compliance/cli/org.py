"""``compliance scan --org``: every ACTIVE account of the organization, one job per (account,
region) on a local thread pool (:mod:`compliance.org.local`); each job runs the one scan
pipeline (:mod:`compliance.engine`) through the organization worker."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from compliance.cli.requests import collection_settings, rule_selection, source_request
from compliance.errors import ExitStatus, InputError
from compliance.org.jobs import DEFAULT_ORG_WORKERS
from compliance.scanner.settings import DEFAULT_MEMBER_ROLE_NAME, ScannerSettings

_INCOMPATIBLE = ("snapshot_path", "snapshot_at", "demo")


def org_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--org`` and its options, for ``compliance scan``."""
    options = [
        click.option("--org-report", metavar="FILE", help="With --org: write the organization report (JSON)."),
        click.option(
            "--org-workers",
            type=click.IntRange(1, 64),
            default=DEFAULT_ORG_WORKERS,
            show_default=True,
            help="With --org: (account, region) jobs run at once.",
        ),
        click.option("--member-external-id", metavar="ID", help="With --org: ExternalId for the member roles."),
        click.option(
            "--member-role-name",
            default=DEFAULT_MEMBER_ROLE_NAME,
            show_default=True,
            metavar="NAME",
            help="With --org: the read-only role assumed in each member account.",
        ),
        click.option(
            "--org",
            "org",
            is_flag=True,
            help="Scan every ACTIVE account of the organization (run from its management or a "
            "delegated administrator account); prints a report per account and pack.",
        ),
    ]
    for option in options:
        func = option(func)
    return func


def org_settings(options: dict[str, Any], plugins: Any) -> ScannerSettings:
    """The organization scan's settings, every option checked before any AWS call."""
    given = [name for name in _INCOMPATIBLE if options.get(name)]
    if given:
        raise InputError(f"--org cannot be combined with --{given[0].replace('_path', '').replace('_', '-')}")
    selection, _ = rule_selection(options, plugins)
    collection = collection_settings(options, plugins, source_request(options))
    store = None if options.get("no_store") else options.get("store_url")
    return ScannerSettings(
        mode="organization",
        packs=list(selection.packs),
        rules=list(selection.rules),
        parameters=selection.overrides(),
        regions=list(collection.regions),
        services=list(collection.services),
        store_url=store if store and str(store).startswith("s3://") else None,
        member_role_name=options.get("member_role_name") or DEFAULT_MEMBER_ROLE_NAME,
        member_external_id=options.get("member_external_id"),
        workers=collection.workers or 8,
    )


def run_org_scan(options: dict[str, Any], plugins: Any) -> int:
    """The ``scan --org`` command: 0 when every job succeeded and nothing is NON_COMPLIANT, else 1."""
    from compliance.collect.session import AwsSession
    from compliance.org.local import render_report, scan_organization  # boto3: only when scanning
    from compliance.scanner.logs import get_logger
    from compliance.snapshot import write_atomic

    settings = org_settings(options, plugins)
    store = None if options.get("no_store") else options.get("store_url")
    if store and settings.store_url is None:
        click.echo(f"compliance: --org records only to an s3:// store; {store} is not used", err=True)
    session = AwsSession(
        profile=options.get("profile"), role_arn=options.get("role_arn"), external_id=options.get("external_id")
    ).boto_session
    logger = get_logger()
    level = logger.level
    logger.setLevel(100)  # the report says what failed; no JSON log lines on the terminal
    try:
        report = scan_organization(
            session,
            settings,
            plugins,
            workers=options.get("org_workers") or DEFAULT_ORG_WORKERS,
            on_job=None if options.get("quiet") else _progress,
        )
    finally:
        logger.setLevel(level)
    if options.get("org_report"):
        write_atomic(options["org_report"], json.dumps(report, indent=2) + "\n")
    click.echo(render_report(report))
    failing = any(a["counts"].get("NON_COMPLIANT") for a in report["accounts"])
    return ExitStatus.FAILING if failing or not report["complete"] else ExitStatus.OK


def _progress(document: dict[str, Any]) -> None:
    state = "ok" if document["status"] == "ok" else f"FAILED: {document.get('error', '')}"
    click.echo(f"  {document['accountId']} {document['region']}: {state}", err=True)
