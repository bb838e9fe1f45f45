"""The jobs of an organization run: one per (account, region), and their dispatch to SQS.

The first region of each account's job list also scans the account's global part (IAM, account
settings, account-wide rules), so global resources are read once per account, not per region.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from compliance.errors import InputError
from compliance.org.accounts import Account

DEFAULT_ORG_WORKERS = 4  # (account, region) jobs run at once by ``compliance scan --org``
BATCH = 10  # SQS SendMessageBatch's limit
JOB_TYPE = "compliance.org.job"


@dataclass(slots=True, frozen=True)
class Job:
    runId: str
    accountId: str
    region: str
    includeGlobal: bool
    roleArn: str | None = None  # None: scan with the function's own credentials (its own account)
    accountName: str = ""

    @property
    def key(self) -> str:
        return f"{self.accountId}/{self.region}"

    def to_json(self) -> str:
        return json.dumps({"type": JOB_TYPE, **asdict(self)}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Job:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"job message: not JSON: {exc.msg}") from None
        if not isinstance(data, dict) or data.get("type") != JOB_TYPE:
            raise InputError(f"job message: expected a {JOB_TYPE} object")
        try:
            return cls(
                runId=str(data["runId"]),
                accountId=str(data["accountId"]),
                region=str(data["region"]),
                includeGlobal=bool(data["includeGlobal"]),
                roleArn=data.get("roleArn"),
                accountName=str(data.get("accountName", "")),
            )
        except KeyError as exc:
            raise InputError(f"job message: missing field {exc.args[0]}") from None


def new_run_id(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    return f"{moment.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:6]}"


def plan_jobs(
    run_id: str,
    accounts: Iterable[Account],
    regions: Sequence[str],
    role_arn_for: Any,
) -> Iterator[Job]:
    """The jobs of a run. ``role_arn_for(account_id)`` gives the role to assume (None: none)."""
    if not regions:
        raise InputError("organization scan: no regions to scan")
    for account in accounts:
        role = role_arn_for(account.id)
        for index, region in enumerate(regions):
            yield Job(run_id, account.id, region, index == 0, role, account.name)


@dataclass(slots=True)
class DispatchResult:
    sent: int = 0
    failed: list[dict[str, str]] | None = None  # [{"job": key, "code", "message"}]


def dispatch(sqs: Any, queue_url: str, jobs: Iterable[Job]) -> DispatchResult:
    """Send ``jobs`` with SendMessageBatch, ten per call; entries SQS rejects are retried once and
    then reported (never silently dropped)."""
    outcome = DispatchResult(failed=[])
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == BATCH:
            _send(sqs, queue_url, batch, outcome)
            batch = []
    if batch:
        _send(sqs, queue_url, batch, outcome)
    return outcome


def _send(sqs: Any, queue_url: str, batch: list[Job], outcome: DispatchResult) -> None:
    pending = {str(i): job for i, job in enumerate(batch)}
    for attempt in (1, 2):
        response = sqs.send_message_batch(
            QueueUrl=queue_url,
            Entries=[{"Id": i, "MessageBody": job.to_json()} for i, job in pending.items()],
        )
        outcome.sent += len(response.get("Successful", []))
        failed = {f["Id"]: f for f in response.get("Failed", [])}
        retry = {i: job for i, job in pending.items() if i in failed and not failed[i].get("SenderFault")}
        if attempt == 2 or not retry:
            for i, entry in failed.items():
                if i not in retry or attempt == 2:
                    outcome.failed.append(
                        {"job": pending[i].key, "code": entry.get("Code", ""), "message": entry.get("Message", "")}
                    )
            return
        pending = retry
