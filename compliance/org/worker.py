"""One organization job: assume the member account's role, scan one region (plus the account's
global part when the job says so), record into the job's history prefix, and write the result.

A job that cannot assume the role, or whose scan or recording fails, writes a ``failed`` result
(so the report names it) and returns it; the caller decides about retries (the Lambda worker
reports it in ``batchItemFailures``, so SQS redelivers it and, after ``maxReceiveCount``, moves
it to the dead-letter queue).
"""

from __future__ import annotations

import threading
from typing import Any

import boto3
import botocore.session

from compliance.collect.session import AwsSession
from compliance.errors import InputError, error_code_and_message
from compliance.org.jobs import Job
from compliance.org.results import ResultSink, result_name
from compliance.scanner.deadline import Deadline
from compliance.scanner.logs import log
from compliance.scanner.pipeline import ScanTarget, scan_account
from compliance.scanner.settings import ScannerSettings

_BASE_LOCK = threading.Lock()
# Short retries and timeouts: a member account's stuck endpoint must not eat the invocation.
WORKER_MAX_ATTEMPTS = 4
WORKER_READ_TIMEOUT = 20


def job_store_url(store_url: str | None, job: Job) -> str | None:
    """Each (account, region) keeps its own history sequence under the store: its scans are then
    compared with its own previous scan, and concurrent workers never write the same store."""
    if not store_url:
        return None
    if not store_url.startswith("s3://"):
        raise InputError(f"store URL {store_url!r}: an organization scan records to an s3:// store")
    return f"{store_url.rstrip('/')}/accounts/{job.accountId}/{job.region}"


def member_session(base: Any, job: Job, external_id: str | None) -> Any:
    """A boto3 session with the job role's credentials (AssumeRole; STS's one-hour default outlasts
    any invocation, so no refresh is needed). It shares ``base``'s loaded service models: loading
    them again costs about a second per job, which adds up over hundreds of accounts."""
    kwargs: dict[str, Any] = {"RoleArn": job.roleArn, "RoleSessionName": f"compliance-{job.runId}"[:64]}
    if external_id:
        kwargs["ExternalId"] = external_id
    with _BASE_LOCK:  # boto3 sessions are not thread-safe for client creation
        sts = base.client("sts", region_name=job.region)
    try:
        credentials = sts.assume_role(**kwargs)["Credentials"]
    except Exception as exc:
        code, message = error_code_and_message(exc)
        raise InputError(f"cannot assume {job.roleArn}: {code}: {message}") from None
    return derived_session(
        base, credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"], job.region
    )


def derived_session(base: Any, key: str, secret: str, token: str | None, region: str) -> Any:
    """A new boto3 session with these credentials, sharing ``base``'s loaded service models (so
    each job, possibly on its own thread, has its own session and clients)."""
    core = botocore.session.Session()
    core.register_component("data_loader", base._session.get_component("data_loader"))
    core.set_credentials(key, secret, token)
    return boto3.Session(botocore_session=core, region_name=region)


def own_session(base: Any, region: str) -> Any:
    """A per-job session with ``base``'s own (current) credentials."""
    with _BASE_LOCK:
        credentials = base.get_credentials()
        if credentials is None:
            raise InputError("no AWS credentials found for the organization's own account")
        frozen = credentials.get_frozen_credentials()
    return derived_session(base, frozen.access_key, frozen.secret_key, frozen.token, region)


def run_job(
    job: Job,
    settings: ScannerSettings,
    plugins: Any,
    base_session: Any,
    sink: ResultSink,
    deadline: Deadline,
    *,
    attempt: int = 1,
) -> dict[str, Any]:
    labels = {"runId": job.runId, "accountId": job.accountId, "region": job.region}
    document: dict[str, Any] = {
        "runId": job.runId,
        "accountId": job.accountId,
        "accountName": job.accountName,
        "region": job.region,
        "includeGlobal": job.includeGlobal,
        "roleArn": job.roleArn,
        "attempt": attempt,
    }
    try:
        if job.roleArn:
            boto_session = member_session(base_session, job, settings.member_external_id)
        else:
            boto_session = own_session(base_session, job.region)
        session = AwsSession(
            boto_session=boto_session,
            region=job.region,
            max_attempts=WORKER_MAX_ATTEMPTS,
            read_timeout=WORKER_READ_TIMEOUT,
        )
        # notifications go to the function's own topic with its own credentials, not the member's
        notifier = own_session(base_session, job.region) if settings.sns_topic_arn and job.roleArn else None
        target = ScanTarget(
            regions=[job.region],
            include_global=job.includeGlobal,
            store_url=job_store_url(settings.store_url, job),
            labels=labels,
            notify_session=notifier,
        )
        summary = scan_account(session, settings, plugins, deadline, target)
    except Exception as exc:
        error = str(exc) if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
        document.update(status="failed", error=error.splitlines()[0] if error else type(exc).__name__)
        log("job.failed", level=40, error=document["error"], attempt=attempt, **labels)
    else:
        failed = {name: s for name, s in summary["stages"].items() if s.get("status") == "failed"}
        document["summary"] = summary
        if failed:
            document.update(status="failed", error="; ".join(f"{n}: {s['error']}" for n, s in sorted(failed.items())))
            log("job.failed", level=40, error=document["error"], attempt=attempt, **labels)
        else:
            document["status"] = "ok"
            log("job.done", counts=summary["counts"], collectionErrors=summary["collectionErrors"], **labels)
    sink.put(job.runId, result_name(job.accountId, job.region), document)
    return document
