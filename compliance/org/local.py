"""The organization fan-out on a local thread pool (``compliance scan --org``, see
:mod:`compliance.cli.org`), for users without the Lambda deployment. The same jobs, worker and
report as the Lambda path; results stay in memory (small per-job summaries), scans are
recorded when the settings name an ``s3://`` store.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from compliance.org.accounts import active_accounts, member_role_arn
from compliance.org.jobs import DEFAULT_ORG_WORKERS, new_run_id, plan_jobs
from compliance.org.results import MemorySink, ResultSink, aggregate
from compliance.org.worker import run_job
from compliance.scanner.deadline import Deadline
from compliance.scanner.settings import ScannerSettings


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
