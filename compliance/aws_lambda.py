"""The periodic scanner's Lambda handler: ``compliance.aws_lambda.handler``.

One function serves every role; the event's shape says which:

* an SQS batch (``Records`` from ``aws:sqs``): organization jobs, one per (account, region);
  returns ``{"batchItemFailures": [...]}`` naming the jobs that failed, so SQS retries only those
  and moves them to the dead-letter queue after ``maxReceiveCount``;
* ``{"action": "aggregate", "runId": ...}``: rebuild an organization run's report;
* ``{"action": "dispatch"}``: dispatch an organization run now;
* ``{"action": "scan"}``: scan the function's own account now;
* a change event from EventBridge (``"AWS API Call via CloudTrail"``, or AWS Config's
  ``"Config Configuration Item Change"``): re-read and re-evaluate only the resources it names
  (:mod:`compliance.events`), recorded as an incremental scan with the event as the cause. In
  ``organization`` mode a member account's event (forwarded to the organization's bus) is read
  through the member role and recorded in that account's history;
* the EventBridge schedule (``"source": "aws.events"``) or an empty event: a dispatch in
  ``organization`` mode, else a scan of the function's own account.

Configuration is read from environment variables (:mod:`compliance.scanner.settings`); logs are
JSON lines (:mod:`compliance.scanner.logs`). Collection stops ``COMPLIANCE_RESERVE_SECONDS``
before the invocation's time limit; what it could not reach is recorded as collection errors.
"""

from __future__ import annotations

import json
import os
from typing import Any

from compliance.errors import InputError
from compliance.org.accounts import active_accounts, member_role_arn
from compliance.org.jobs import Job, dispatch, new_run_id, plan_jobs
from compliance.org.results import S3Sink, aggregate, parse_s3_url, result_name
from compliance.org.worker import run_job
from compliance.scanner.deadline import Deadline
from compliance.scanner.logs import log
from compliance.scanner.pipeline import ScanTarget, scan_account
from compliance.scanner.settings import ScannerSettings

CHANGE_DETAIL_TYPES = ("AWS API Call via CloudTrail", "Config Configuration Item Change")
MIN_JOB_SECONDS = 20.0  # a job is not started with less time left than this (beyond the reserve)
_PLUGINS: dict[tuple[str, ...], Any] = {}
_SESSION: dict[str, Any] = {}


def plugins(extra: tuple[str, ...] = ()) -> Any:
    """The plugin manager (built-ins, entry points, ``COMPLIANCE_PLUGINS``), built on first use and
    kept for the container's later invocations."""
    if extra not in _PLUGINS:
        from compliance.plugins import load_plugins

        _PLUGINS[extra] = load_plugins(extra)
    return _PLUGINS[extra]


def reset(*, keep_plugins: bool = False) -> None:
    """Forget the cached session and, unless ``keep_plugins``, the plugin managers (tests)."""
    if not keep_plugins:
        _PLUGINS.clear()
    _SESSION.clear()


def event_kind(event: Any) -> str:
    if not isinstance(event, dict):
        raise InputError(f"event: expected a JSON object, got {type(event).__name__}")
    records = event.get("Records")
    if isinstance(records, list) and records and all(r.get("eventSource") == "aws:sqs" for r in records):
        return "jobs"
    action = event.get("action")
    if action in ("aggregate", "dispatch", "scan"):
        return str(action)
    if action is not None:
        raise InputError(f"event.action: expected aggregate, dispatch or scan, got {action!r}")
    if event.get("detail-type") in CHANGE_DETAIL_TYPES:
        return "change"
    if event.get("source") == "aws.events" or not event:
        return "schedule"
    raise InputError("event: not a schedule, an SQS batch or an {'action': ...} request")


def _boto_session() -> Any:
    """One boto3 session per container: its loaded service models are reused by later invocations."""
    if "session" not in _SESSION:
        import boto3

        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        _SESSION["session"] = boto3.Session(region_name=region)
    return _SESSION["session"]


def handler(event: Any, context: Any) -> dict[str, Any]:
    settings = ScannerSettings.from_env(os.environ)
    kind = event_kind(event)
    if kind == "schedule":
        kind = "dispatch" if settings.mode == "organization" else "scan"
    log("invocation.start", kind=kind, mode=settings.mode, requestId=getattr(context, "aws_request_id", None))
    session = _boto_session()
    if kind == "jobs":
        response = handle_jobs(event["Records"], settings, session, context)
    elif kind == "dispatch":
        response = handle_dispatch(settings, session)
    elif kind == "change":
        response = handle_change(event, settings, session, context)
    elif kind == "aggregate":
        response = handle_aggregate(str(event.get("runId") or ""), settings, session)
    else:
        response = handle_scan(settings, session, context)
    response = json.loads(json.dumps(response, default=str))
    log("invocation.end", kind=kind, **{k: v for k, v in response.items() if k not in ("summary", "report")})
    return response


def handle_scan(settings: ScannerSettings, session: Any, context: Any) -> dict[str, Any]:
    """Scan the function's own account (account mode)."""
    from compliance.collect.session import AwsSession

    aws = AwsSession(boto_session=session, region=session.region_name)
    target = ScanTarget(
        regions=settings.regions or None,
        store_url=settings.store_url,
        remediation_session=_remediation_session(settings, session),
    )
    deadline = Deadline.from_lambda_context(context, settings.reserve_seconds)
    summary = scan_account(
        aws, settings, plugins(tuple(settings.plugins)), deadline, target, s3_reader=lambda url: _read_s3(session, url)
    )
    return {"action": "scan", "ok": summary["ok"], "summary": summary}


def _remediation_session(settings: ScannerSettings, session: Any) -> Any:
    """A session of the remediation role, when remediation is configured (else None: plans only)."""
    if not (settings.remediation_config and settings.remediation_role_arn):
        return None
    from compliance.collect.session import AwsSession

    return AwsSession(
        boto_session=session, role_arn=settings.remediation_role_arn, role_session_name="compliance-remediation"
    ).boto_session


def handle_change(event: dict[str, Any], settings: ScannerSettings, session: Any, context: Any) -> dict[str, Any]:
    """Re-read and re-evaluate what one change event names (see the module docstring)."""
    from compliance.collect.session import AwsSession
    from compliance.events import resolve
    from compliance.events.load import EventRecord
    from compliance.org.worker import job_store_url, member_session, own_session
    from compliance.request import EventScope

    loaded = plugins(tuple(settings.plugins))
    collectors = list(loaded.collectors.values())
    known = {t for c in collectors for t in c.resource_types}
    batch = resolve([EventRecord(event, f"event {event.get('id', '?')}")], known)
    response: dict[str, Any] = {
        "action": "change",
        "eventId": event.get("id"),
        "changes": len(batch.changes),
        "unknown": dict(batch.unknown),
        "skipped": dict(batch.skipped),
    }
    if not batch.changes:
        log("change.ignored", eventId=event.get("id"), unknown=dict(batch.unknown), skipped=dict(batch.skipped))
        return {**response, "ok": True}
    identity = session.client("sts").get_caller_identity()
    own, partition = identity["Account"], identity["Arn"].split(":")[1]
    account = str(event.get("account") or batch.changes[0].account or own)
    region = str(event.get("region") or batch.changes[0].region or session.region_name)
    if account != own and settings.mode != "organization":
        reason = f"event from account {account}: in account mode the scanner reads only its own account ({own})"
        log("change.refused", level=30, eventId=event.get("id"), reason=reason)
        return {**response, "ok": False, "reason": reason}
    global_types = {t for c in collectors if c.is_global for t in c.resource_types}
    is_global = any(c.resource_type in global_types for c in batch.changes)
    job = Job(
        f"event-{event.get('id', 'unknown')}",
        account,
        _regions(settings, session)[0] if is_global and settings.mode == "organization" else region,
        is_global,
        None if account == own else member_role_arn(account, settings.member_role_name, partition),
    )
    if job.roleArn:
        scanning = member_session(session, job, settings.member_external_id)
    else:
        scanning = own_session(session, region)
    aws = AwsSession(boto_session=scanning, region=region)
    store = job_store_url(settings.store_url, job) if settings.mode == "organization" else settings.store_url
    target = ScanTarget(
        regions=[region],
        store_url=store,
        notify_session=own_session(session, region) if job.roleArn else None,
        remediation_session=None if job.roleArn else _remediation_session(settings, session),
        labels={"eventId": event.get("id"), "accountId": account, "region": region},
        events=EventScope(tuple(batch.changes), batch.events, dict(batch.unknown), dict(batch.skipped)),
    )
    deadline = Deadline.from_lambda_context(context, settings.reserve_seconds)
    summary = scan_account(aws, settings, loaded, deadline, target, s3_reader=lambda url: _read_s3(session, url))
    return {**response, "ok": summary["ok"], "summary": summary}


def _read_s3(session: Any, url: str) -> str:
    bucket, key = parse_s3_url(url)
    return session.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read().decode()


def _regions(settings: ScannerSettings, session: Any) -> list[str]:
    if settings.regions:
        return list(settings.regions)
    from compliance.collect.session import AwsSession

    return AwsSession(boto_session=session, region=session.region_name).select_regions().regions


def handle_dispatch(settings: ScannerSettings, session: Any) -> dict[str, Any]:
    """List the organization's ACTIVE accounts and queue one job per (account, region)."""
    if not settings.queue_url or not settings.store_url:
        raise InputError("dispatch: COMPLIANCE_QUEUE_URL and an s3:// COMPLIANCE_STORE are required")
    identity = session.client("sts").get_caller_identity()
    own, partition = identity["Account"], identity["Arn"].split(":")[1]
    accounts = active_accounts(session.client("organizations"))
    regions = _regions(settings, session)
    run_id = new_run_id()

    def role_for(account_id: str) -> str | None:
        return None if account_id == own else member_role_arn(account_id, settings.member_role_name, partition)

    jobs = list(plan_jobs(run_id, accounts, regions, role_for))
    sink = S3Sink(session.client("s3"), settings.store_url)
    sink.put(
        run_id,
        "manifest.json",
        {"runId": run_id, "regions": regions, "accounts": [a.id for a in accounts], "jobs": [j.key for j in jobs]},
    )
    outcome = dispatch(session.client("sqs"), settings.queue_url, jobs)
    for failure in outcome.failed or []:
        account_id, region = failure["job"].split("/", 1)
        sink.put(
            run_id,
            result_name(account_id, region),
            {
                "runId": run_id,
                "accountId": account_id,
                "region": region,
                "status": "failed",
                "attempt": 0,
                "error": f"could not be queued: {failure['code']}: {failure['message']}",
            },
        )
    log(
        "dispatch.done",
        runId=run_id,
        accounts=len(accounts),
        regions=regions,
        jobs=len(jobs),
        sent=outcome.sent,
        failed=len(outcome.failed or []),
    )
    return {
        "action": "dispatch",
        "runId": run_id,
        "accounts": len(accounts),
        "regions": regions,
        "jobs": len(jobs),
        "sent": outcome.sent,
        "failed": outcome.failed,
    }


def handle_jobs(records: list[dict[str, Any]], settings: ScannerSettings, session: Any, context: Any) -> dict[str, Any]:
    """Run each SQS job; name the failed ones in ``batchItemFailures``. A job is not started when
    too little time is left: it is reported failed and comes back after the visibility timeout."""
    if not settings.store_url:
        raise InputError("jobs: an s3:// COMPLIANCE_STORE is required")
    sink = S3Sink(session.client("s3"), settings.store_url)
    failures: list[dict[str, str]] = []
    runs: set[str] = set()
    done = 0
    for record in records:
        message_id = record.get("messageId", "")
        deadline = Deadline.from_lambda_context(context, settings.reserve_seconds)
        left = deadline.remaining()
        if left is not None and left < MIN_JOB_SECONDS:
            log("job.deferred", messageId=message_id, secondsLeft=round(left, 1))
            failures.append({"itemIdentifier": message_id})
            continue
        try:
            job = Job.from_json(record.get("body", ""))
        except InputError as exc:
            log("job.malformed", level=40, messageId=message_id, error=str(exc))
            failures.append({"itemIdentifier": message_id})
            continue
        attempt = int((record.get("attributes") or {}).get("ApproximateReceiveCount", "1") or 1)
        try:
            document = run_job(
                job, settings, plugins(tuple(settings.plugins)), session, sink, deadline, attempt=attempt
            )
        except Exception as exc:  # e.g. the result could not be written: retry this job, run the others
            log("job.failed", level=40, messageId=message_id, error=f"{type(exc).__name__}: {exc}")
            failures.append({"itemIdentifier": message_id})
            continue
        runs.add(job.runId)
        if document["status"] == "ok":
            done += 1
        else:
            failures.append({"itemIdentifier": message_id})
    reports = [r for r in (maybe_aggregate(sink, run_id, settings, session) for run_id in sorted(runs)) if r]
    return {"batchItemFailures": failures, "done": done, "failed": len(failures), "reports": reports}


def maybe_aggregate(sink: S3Sink, run_id: str, settings: ScannerSettings, session: Any) -> str | None:
    """Write the run's report once every job it dispatched has a result (success or failure);
    later retries that succeed rewrite it. Returns the report's run id when written."""
    manifest = sink.get(run_id, "manifest.json")
    if manifest is None or sink.result_count(run_id) < len(manifest.get("jobs", [])):
        return None
    write_report(sink, run_id, manifest, settings, session)
    return run_id


def write_report(
    sink: S3Sink, run_id: str, manifest: dict[str, Any] | None, settings: ScannerSettings, session: Any
) -> dict[str, Any]:
    report = aggregate(sink, run_id, manifest)
    if settings.dlq_url:
        names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        attributes = session.client("sqs").get_queue_attributes(QueueUrl=settings.dlq_url, AttributeNames=names)[
            "Attributes"
        ]
        report["deadLetterQueue"] = {"url": settings.dlq_url, "messages": sum(int(attributes.get(n, 0)) for n in names)}
    sink.put(run_id, "report.json", report)
    log(
        "report.written",
        runId=run_id,
        complete=report["complete"],
        jobs=report["jobs"],
        accounts=len(report["accounts"]),
    )
    return report


def handle_aggregate(run_id: str, settings: ScannerSettings, session: Any) -> dict[str, Any]:
    if not run_id:
        raise InputError("event.runId: required for action aggregate")
    if not settings.store_url:
        raise InputError("aggregate: an s3:// COMPLIANCE_STORE is required")
    sink = S3Sink(session.client("s3"), settings.store_url)
    report = write_report(sink, run_id, sink.get(run_id, "manifest.json"), settings, session)
    return {"action": "aggregate", "runId": run_id, "complete": report["complete"], "report": report}
