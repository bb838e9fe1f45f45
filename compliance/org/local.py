"""``compliance scan --org``: the organization fan-out on a local thread pool, for users without
the Lambda deployment. The same jobs, worker and report as the Lambda path; results stay in
memory (small per-job summaries), scans are recorded when ``--store`` is an ``s3://`` URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import click

from compliance.errors import InputError
from compliance.org.accounts import active_accounts, member_role_arn
from compliance.org.jobs import new_run_id, plan_jobs
from compliance.org.results import MemorySink, ResultSink, aggregate
from compliance.org.worker import run_job
from compliance.scanner.deadline import Deadline
from compliance.scanner.settings import DEFAULT_MEMBER_ROLE_NAME, ScannerSettings

DEFAULT_ORG_WORKERS = 4


def scan_organization(
    session: Any,
    settings: ScannerSettings,
    plugins: Any,
    *,
    workers: int = DEFAULT_ORG_WORKERS,
    sink: ResultSink | None = None,
    on_job: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Scan every ACTIVE account of the organization ``session`` belongs to (one job per account
    and region, ``workers`` at a time) and return the organization report."""
    identity = session.client("sts").get_caller_identity()
    own, partition = identity["Account"], identity["Arn"].split(":")[1]
    accounts = active_accounts(session.client("organizations"))
    regions = list(settings.regions)
    if not regions:
        from compliance.collect.session import AwsSession

        regions = AwsSession(boto_session=session, region=session.region_name).select_regions().regions
    run_id = new_run_id()
    jobs = list(
        plan_jobs(
            run_id,
            accounts,
            regions,
            lambda a: None if a == own else member_role_arn(a, settings.member_role_name, partition),
        )
    )
    sink = sink or MemorySink()
    manifest = {
        "runId": run_id,
        "regions": regions,
        "accounts": [a.id for a in accounts],
        "jobs": [j.key for j in jobs],
    }
    sink.put(run_id, "manifest.json", manifest)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="org-job") as pool:
        for document in pool.map(lambda job: run_job(job, settings, plugins, session, sink, Deadline(None)), jobs):
            if on_job is not None:
                on_job(document)
    return aggregate(sink, run_id, manifest)


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


_INCOMPATIBLE = ("snapshot_path", "snapshot_at", "demo")


def _split(values: Any) -> list[str]:
    return [v.strip() for value in values or () for v in str(value).split(",") if v.strip()]


def run_org_scan(options: dict[str, Any], plugins: Any) -> int:
    """The ``scan --org`` command: 0 when every job succeeded and nothing is NON_COMPLIANT, else 1."""
    from compliance.cli.scan import parse_params
    from compliance.collect.session import AwsSession
    from compliance.scanner.logs import get_logger
    from compliance.snapshot import write_atomic

    given = [name for name in _INCOMPATIBLE if options.get(name)]
    if given:
        raise InputError(f"--org cannot be combined with --{given[0].replace('_path', '').replace('_', '-')}")
    store = None if options.get("no_store") else options.get("store_url")
    settings = ScannerSettings(
        mode="organization",
        packs=list(options.get("packs") or ()),
        rules=list(options.get("rule_ids") or ()),
        parameters=parse_params(tuple(options.get("params") or ())),
        regions=_split(options.get("regions")),
        services=_split(options.get("services")),
        store_url=store if store and str(store).startswith("s3://") else None,
        member_role_name=options.get("member_role_name") or DEFAULT_MEMBER_ROLE_NAME,
        member_external_id=options.get("member_external_id"),
        workers=options.get("workers") or 8,
    )
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
            workers=options.get("org_workers") or 4,
            on_job=None if options.get("quiet") else _progress,
        )
    finally:
        logger.setLevel(level)
    if options.get("org_report"):
        write_atomic(options["org_report"], json.dumps(report, indent=2) + "\n")
    click.echo(render_report(report))
    failing = any(a["counts"].get("NON_COMPLIANT") for a in report["accounts"])
    return 1 if failing or not report["complete"] else 0


def _progress(document: dict[str, Any]) -> None:
    state = "ok" if document["status"] == "ok" else f"FAILED: {document.get('error', '')}"
    click.echo(f"  {document['accountId']} {document['region']}: {state}", err=True)


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def render_report(report: dict[str, Any]) -> str:
    packs = sorted(report["packs"])
    header = ["account", "status", "NON_COMPLIANT", "INSUFFICIENT_DATA", *packs]
    rows = [header]
    for account in report["accounts"]:
        rows.append(
            [
                f"{account['accountId']} {account.get('accountName') or ''}".strip(),
                account["status"],
                str(account["counts"].get("NON_COMPLIANT", 0)),
                str(account["counts"].get("INSUFFICIENT_DATA", 0)),
                *[_score(account["packs"].get(p, {}).get("score")) for p in packs],
            ]
        )
    rows.append(
        [
            "organization",
            "complete" if report["complete"] else "incomplete",
            str(report["counts"].get("NON_COMPLIANT", 0)),
            str(report["counts"].get("INSUFFICIENT_DATA", 0)),
            *[_score(report["packs"][p]["score"]) for p in packs],
        ]
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for account in report["accounts"]:
        for failed in account["failedJobs"]:
            lines.append(f"failed: {account['accountId']} {failed['region']}: {failed['error']}")
    jobs = report["jobs"]
    lines.append(f"jobs: {jobs['succeeded']} succeeded, {jobs['failed']} failed, {len(jobs['missing'])} missing")
    return "\n".join(lines)
