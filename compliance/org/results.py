"""Where job results go, and the organization-wide report built from them.

A job result is a small document (the scan summary, or the failure), one per (account, region),
under ``{prefix}/org-runs/{runId}/results/{account}/{region}.json`` in the history bucket. The
report is folded from them one at a time, so building it holds counts, never snapshots.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Protocol

from compliance.errors import InputError
from compliance.packs import ControlStatus

REPORT_TYPE = "compliance.org.report"


class ResultSink(Protocol):
    def put(self, run_id: str, name: str, document: dict[str, Any]) -> None: ...

    def get(self, run_id: str, name: str) -> dict[str, Any] | None: ...

    def results(self, run_id: str) -> Iterator[dict[str, Any]]: ...

    def result_count(self, run_id: str) -> int: ...


def result_name(account_id: str, region: str) -> str:
    return f"results/{account_id}/{region}.json"


class MemorySink:
    """Results kept in this process (``compliance scan --org``, tests)."""

    def __init__(self) -> None:
        self.documents: dict[tuple[str, str], str] = {}

    def put(self, run_id: str, name: str, document: dict[str, Any]) -> None:
        self.documents[(run_id, name)] = json.dumps(document, default=str)

    def get(self, run_id: str, name: str) -> dict[str, Any] | None:
        text = self.documents.get((run_id, name))
        return None if text is None else json.loads(text)

    def results(self, run_id: str) -> Iterator[dict[str, Any]]:
        for (run, name), text in sorted(self.documents.items()):
            if run == run_id and name.startswith("results/"):
                yield json.loads(text)

    def result_count(self, run_id: str) -> int:
        return sum(1 for run, name in self.documents if run == run_id and name.startswith("results/"))


def parse_s3_url(url: str) -> tuple[str, str]:
    if not url.startswith("s3://") or not url[5:].split("/", 1)[0]:
        raise InputError(f"store URL {url!r}: expected s3://bucket[/prefix]")
    bucket, _, prefix = url[5:].partition("/")
    return bucket, prefix.strip("/")


class S3Sink:
    """Results as JSON objects in the history bucket (SSE is the bucket's default encryption)."""

    def __init__(self, s3: Any, store_url: str) -> None:
        self.s3 = s3
        self.bucket, prefix = parse_s3_url(store_url)
        self.prefix = f"{prefix}/org-runs" if prefix else "org-runs"

    def _key(self, run_id: str, name: str) -> str:
        return f"{self.prefix}/{run_id}/{name}"

    def put(self, run_id: str, name: str, document: dict[str, Any]) -> None:
        body = json.dumps(document, default=str, sort_keys=True).encode()
        self.s3.put_object(Bucket=self.bucket, Key=self._key(run_id, name), Body=body, ContentType="application/json")

    def get(self, run_id: str, name: str) -> dict[str, Any] | None:
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=self._key(run_id, name))["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            return None
        return json.loads(body)

    def _result_keys(self, run_id: str) -> Iterator[str]:
        paginator = self.s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(run_id, "results/")):
            for entry in page.get("Contents", []):
                yield entry["Key"]

    def results(self, run_id: str) -> Iterator[dict[str, Any]]:
        for key in self._result_keys(run_id):
            yield json.loads(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read())

    def result_count(self, run_id: str) -> int:
        return sum(1 for _ in self._result_keys(run_id))


def _score(controls: dict[str, int]) -> float | None:
    evaluated = controls.get("PASSED", 0) + controls.get("FAILED", 0)
    return round(controls.get("PASSED", 0) / evaluated, 4) if evaluated else None


def _add_packs(target: dict[str, dict[str, int]], packs: dict[str, Any]) -> None:
    for name, pack in (packs or {}).items():
        counts = target.setdefault(name, {s.value: 0 for s in ControlStatus})
        for status, n in (pack.get("controls") or {}).items():
            counts[status] = counts.get(status, 0) + int(n)


def aggregate(sink: ResultSink, run_id: str, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
    """The organization-wide report of ``run_id``: per account (status, evaluation counts, per pack
    score) and per pack over the organization. A pack score is passed / (passed + failed) control
    results, summed over the account's (or organization's) region jobs. ``manifest`` (the
    dispatcher's list of jobs) lets the report name jobs with no result yet."""
    accounts: dict[str, dict[str, Any]] = {}
    org_packs: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    seen: set[str] = set()
    for document in sink.results(run_id):
        account = accounts.setdefault(
            document["accountId"],
            {
                "accountId": document["accountId"],
                "accountName": document.get("accountName", ""),
                "regions": [],
                "failedJobs": [],
                "counts": {},
                "collectionErrors": 0,
                "packs": {},
            },
        )
        seen.add(f"{document['accountId']}/{document['region']}")
        if document.get("status") != "ok":
            account["failedJobs"].append(
                {"region": document["region"], "error": document.get("error", ""), "attempt": document.get("attempt")}
            )
            continue
        account["regions"].append(document["region"])
        summary = document.get("summary") or {}
        for state, n in (summary.get("counts") or {}).items():
            account["counts"][state] = account["counts"].get(state, 0) + n
            totals[state] = totals.get(state, 0) + n
        account["collectionErrors"] += int(summary.get("collectionErrors", 0))
        _add_packs(account["packs"], summary.get("packs") or {})
        _add_packs(org_packs, summary.get("packs") or {})
    rows = []
    for account in sorted(accounts.values(), key=lambda a: a["accountId"]):
        account["status"] = "failed" if not account["regions"] else ("partial" if account["failedJobs"] else "ok")
        account["regions"].sort()
        account["packs"] = {n: {"score": _score(c), "controls": c} for n, c in sorted(account["packs"].items())}
        rows.append(account)
    expected = sorted(manifest.get("jobs", [])) if manifest else sorted(seen)
    missing = [job for job in expected if job not in seen]
    failed_jobs = sum(len(a["failedJobs"]) for a in rows)
    return {
        "type": REPORT_TYPE,
        "runId": run_id,
        "generatedAt": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "complete": not missing and not failed_jobs,
        "jobs": {
            "expected": len(expected),
            "succeeded": len(seen) - failed_jobs,
            "failed": failed_jobs,
            "missing": missing,
        },
        "accounts": rows,
        "packs": {n: {"score": _score(c), "controls": c} for n, c in sorted(org_packs.items())},
        "counts": totals,
    }
