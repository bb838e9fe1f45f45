"""CSV: one row per evaluation, plus one row per collection error (``recordType`` tells which).

Streamed: rows go to the output as they are made. Values a spreadsheet would run as a formula
(starting ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from typing import IO

from compliance.model import ComplianceType
from compliance.report import Reporter, ReportOptions, rendered
from compliance.report.common import FAILED, INCOMPLETE, NOT_APPLICABLE, PASSED, SUPPRESSED
from compliance.results import ScanResult

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
_FORMULA = frozenset("=+-@\t\r")
# report.common.status() per compliance type, for an evaluation without a suppression.
_STATUS = {
    ComplianceType.NON_COMPLIANT: FAILED,
    ComplianceType.COMPLIANT: PASSED,
    ComplianceType.NOT_APPLICABLE: NOT_APPLICABLE,
    ComplianceType.INSUFFICIENT_DATA: INCOMPLETE,
    ComplianceType.ERROR: INCOMPLETE,
}


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell starting with these is run as a formula by spreadsheet apps.
    return "'" + text if text[:1] in _FORMULA else text


def write(result: ScanResult, options: ReportOptions, out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(COLUMNS)
        # The cells of one configured rule, made once for its run of consecutive evaluations.
        last: tuple[object, ...] = ()
        last_controls: object = None
        cells: tuple[str, ...] = ()
        rows = []
        for e in result.evaluations:
            if last != (e.configRuleName, e.ruleId, e.severity) or last_controls is not e.controls:
                last, last_controls = (e.configRuleName, e.ruleId, e.severity), e.controls
                cells = (e.severity.value, _cell(e.configRuleName), _cell(e.ruleId), _cell(";".join(e.controls)))
            s = e.suppression
            row = [
                "evaluation",
                _STATUS[e.complianceType] if s is None or e.complianceType is not ComplianceType.NON_COMPLIANT
                else SUPPRESSED,
                e.complianceType,  # a str enum: written as its value
                cells[0],
                cells[1],
                cells[2],
                e.accountId,
                e.awsRegion,
                e.resourceType,
                e.resourceId,
                e.arn,
                cells[3],
                e.annotation,
            ]
            for i in _CHECKED:  # values from the snapshot or a rule: escape formula starts
                value = row[i]
                if value and value[0] in _FORMULA:
                    row[i] = "'" + value
            if s:
                row += [_cell(s.get("kind")), _cell(s.get("reason")), _cell(s.get("owner")), _cell(s.get("expires"))]
            else:
                row += _NO_SUPPRESSION
            rows.append(row)
            if len(rows) == 2000:
                writer.writerows(rows)
                rows.clear()
        writer.writerows(rows)
        for error in result.snapshot.collectionErrors:
            record = {
                "recordType": "collectionError",
                "status": "INCOMPLETE",
                "accountId": error.accountId,
                "awsRegion": error.region,
                "resourceType": ";".join(error.resourceTypes),
                "resourceId": error.resourceId,
                "annotation": f"{error.service} {error.api} {error.errorCode}: {error.message}",
            }
            writer.writerow([_cell(record.get(c)) for c in COLUMNS])
    finally:
        text.flush()
        text.detach()  # the caller owns ``out``


_NO_SUPPRESSION = ["", "", "", ""]
_CHECKED = tuple(
    COLUMNS.index(c) for c in ("accountId", "awsRegion", "resourceType", "resourceId", "arn", "annotation")
)

render = rendered(write)

REPORTER = Reporter(
    "csv", "csv", render, "One row per evaluation and per collection error, for spreadsheets", write=write
)
