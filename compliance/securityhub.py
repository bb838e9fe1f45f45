"""Send a scan's findings to AWS Security Hub and resolve the ones that now pass.

* Findings (ASFF, see compliance.report.asff) go out with ``BatchImportFindings`` in batches of
  at most 100 (the API's limit); the ``FailedFindings`` of a batch are retried with backoff.
* Imported: every failing, suppressed or incomplete evaluation. Passing ones are not imported
  as new findings (no noise), but a finding this tool imported before that is still ACTIVE and
  now passes (or whose resource is gone) is re-imported with ``Compliance.Status`` PASSED,
  ``Workflow.Status`` RESOLVED and ``RecordState`` ARCHIVED.
* Previously imported findings are read with ``GetFindings`` filtered on our product and
  generator prefix; the same filter is applied again to the answer, since a simulator (moto)
  may ignore ``Filters``. Only findings of rules and accounts this scan covered are resolved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from compliance.model import ComplianceType
from compliance.report.asff import ID_PREFIX, asff_findings, iso_now, product_arn
from compliance.results import ScanResult

MAX_BATCH = 100


@dataclass(slots=True)
class ExportSummary:
    imported: int = 0  # findings Security Hub accepted (new, updated and resolved ones)
    resolved: int = 0  # previously imported findings now marked RESOLVED / ARCHIVED
    batches: int = 0  # BatchImportFindings calls, retries included
    retried: int = 0  # findings sent again after a FailedFindings answer
    failed: list[dict[str, Any]] = field(default_factory=list)  # still failing after every attempt

    @property
    def ok(self) -> bool:
        return not self.failed


def _chunks(items: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def batch_import(
    client: Any,
    findings: list[dict],
    summary: ExportSummary,
    batch_size: int = MAX_BATCH,
    max_attempts: int = 4,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Import ``findings`` in batches; resend each batch's FailedFindings up to ``max_attempts`` times."""
    if not 1 <= batch_size <= MAX_BATCH:
        raise ValueError(f"batch size must be 1..{MAX_BATCH}")
    for batch in _chunks(findings, batch_size):
        pending = batch
        for attempt in range(1, max_attempts + 1):
            summary.batches += 1
            response = client.batch_import_findings(Findings=pending)
            summary.imported += int(response.get("SuccessCount", 0))
            failed = response.get("FailedFindings") or []
            if not failed:
                break
            failed_ids = {f.get("Id") for f in failed}
            pending = [f for f in pending if f["Id"] in failed_ids]
            if attempt == max_attempts:
                summary.failed.extend(failed)
                break
            summary.retried += len(pending)
            sleep(min(2.0 ** (attempt - 1), 10.0))


def _ours(finding: dict, products: set[str]) -> bool:
    return (
        finding.get("ProductArn") in products
        and str(finding.get("GeneratorId", "")).startswith(f"{ID_PREFIX}/")
        and finding.get("RecordState", "ACTIVE") == "ACTIVE"
    )


def previous_findings(client: Any, products: Iterable[str]) -> list[dict]:
    """Active findings this tool imported before, for the given product ARNs."""
    products = set(products)
    filters = {
        "ProductArn": [{"Value": p, "Comparison": "EQUALS"} for p in sorted(products)],
        "GeneratorId": [{"Value": f"{ID_PREFIX}/", "Comparison": "PREFIX"}],
        "RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}],
    }
    found = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"Filters": filters, "MaxResults": 100}
        if token:
            kwargs["NextToken"] = token
        page = client.get_findings(**kwargs)
        found += [f for f in page.get("Findings", []) if _ours(f, products)]
        token = page.get("NextToken")
        if not token:
            return found


def _resolved_copy(finding: dict, now: str) -> dict:
    copy = {k: v for k, v in finding.items() if k in _IMPORTABLE}
    copy["UpdatedAt"] = now
    copy["Compliance"] = {**(finding.get("Compliance") or {}), "Status": "PASSED"}
    copy["Compliance"].pop("StatusReasons", None)
    copy["Workflow"] = {"Status": "RESOLVED"}
    copy["RecordState"] = "ARCHIVED"
    return copy


# Fields BatchImportFindings takes; GetFindings answers carry more (e.g. ProcessedAt, CompanyName).
_IMPORTABLE = {
    "SchemaVersion",
    "Id",
    "ProductArn",
    "GeneratorId",
    "AwsAccountId",
    "Types",
    "CreatedAt",
    "UpdatedAt",
    "Severity",
    "Title",
    "Description",
    "ProductFields",
    "Resources",
    "Compliance",
    "Workflow",
    "RecordState",
    "Note",
}


def plan_export(result: ScanResult, previous: list[dict], region: str, titles: dict[str, str] | None = None):
    """(findings to import, number of them that resolve earlier findings)."""
    now = iso_now()
    everything = asff_findings(result, region, titles=titles)
    by_id = {f["Id"]: f for f in everything}
    passing = {ComplianceType.COMPLIANT.value, ComplianceType.NOT_APPLICABLE.value}

    def state(f: dict) -> str:
        return str(f.get("ProductFields", {}).get("compliance/complianceType", ""))

    to_send = [f for f in everything if state(f) not in passing]
    ran = {c.name for c in result.rules} | {e.configRuleName for e in result.evaluations} | {"collection"}
    accounts = set(result.snapshot.accountIds) | {f["AwsAccountId"] for f in everything}
    resolved = 0
    for old in previous:
        current = by_id.get(old["Id"])
        if current is not None and state(current) not in passing:
            continue  # still failing or incomplete: already in to_send
        rule = str(old.get("GeneratorId", "")).split("/", 1)[-1]
        if current is None and (rule not in ran or old.get("AwsAccountId") not in accounts):
            continue  # this scan did not look at it
        to_send.append(_resolved_copy(current or old, now))
        resolved += 1
    return to_send, resolved


def export_to_security_hub(
    result: ScanResult,
    client: Any,
    region: str,
    *,
    titles: dict[str, str] | None = None,
    batch_size: int = MAX_BATCH,
    max_attempts: int = 4,
    sleep: Callable[[float], None] = time.sleep,
) -> ExportSummary:
    accounts = set(result.snapshot.accountIds) | {e.accountId for e in result.evaluations if e.accountId}
    products = {product_arn(a, region) for a in accounts}
    previous = previous_findings(client, products) if products else []
    findings, resolved = plan_export(result, previous, region, titles)
    summary = ExportSummary(resolved=resolved)
    batch_import(client, findings, summary, batch_size, max_attempts, sleep)
    return summary
