"""CSV: one row per evaluation, plus one row per collection error (``recordType`` tells which)."""

from __future__ import annotations

import csv
import io

from compliance.evaluate import ScanResult
from compliance.report import Reporter, ReportOptions
from compliance.report.common import status

COLUMNS = (
    "recordType",
    "status",
    "complianceType",
    "severity",
    "configRuleName",
    "ruleId",
    "accountId",
    "awsRegion",
    "resourceType",
    "resourceId",
    "arn",
    "controls",
    "annotation",
    "suppressionKind",
    "suppressionReason",
    "suppressionOwner",
    "suppressionExpires",
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell starting with these is run as a formula by spreadsheet apps.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(result: ScanResult, options: ReportOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in result.evaluations:
        s = e.suppression or {}
        row = (
            "evaluation",
            status(e),
            e.complianceType.value,
            e.severity.value,
            e.configRuleName,
            e.ruleId,
            e.accountId,
            e.awsRegion,
            e.resourceType,
            e.resourceId,
            e.arn,
            ";".join(e.controls),
            e.annotation,
            s.get("kind"),
            s.get("reason"),
            s.get("owner"),
            s.get("expires"),
        )
        writer.writerow([_cell(v) for v in row])
    for error in result.snapshot.collectionErrors:
        row = {
            "recordType": "collectionError",
            "status": "INCOMPLETE",
            "accountId": error.accountId,
            "awsRegion": error.region,
            "resourceType": ";".join(error.resourceTypes),
            "resourceId": error.resourceId,
            "annotation": f"{error.service} {error.api} {error.errorCode}: {error.message}",
        }
        writer.writerow([_cell(row.get(c)) for c in COLUMNS])
    return buffer.getvalue()


REPORTER = Reporter("csv", "csv", render, "One row per evaluation and per collection error, for spreadsheets")
