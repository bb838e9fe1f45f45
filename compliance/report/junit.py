"""JUnit XML: a test suite per configured rule, a test case per rule x resource.

NON_COMPLIANT -> ``<failure>``; INSUFFICIENT_DATA/ERROR -> ``<error>``; suppressed and
NOT_APPLICABLE -> ``<skipped>`` whose message says which. Collection errors form one more suite
of ``<error>`` cases, so an incomplete scan is never a green test report.

Streamed: the counts are gathered in a first pass, then each case is written as it is formed
(escaped as ElementTree escapes, laid out as ``ElementTree.indent`` does).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import IO

from compliance.model import Evaluation
from compliance.report import Reporter, ReportOptions, rendered
from compliance.report.common import FAILED, INCOMPLETE, NOT_APPLICABLE, SUPPRESSED, status, suppression_text
from compliance.results import ScanResult

_ATTR_SPECIAL = re.compile(r'[&<>"\n\r\t]')
_TEXT_SPECIAL = re.compile(r"[&<>]")


def _attr(value: object) -> str:
    text = str(value)
    if _ATTR_SPECIAL.search(text) is None:
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _text(value: str) -> str:
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tag(name: str, attributes: dict[str, object]) -> str:
    return f"<{name}" + "".join(f' {key}="{_attr(value)}"' for key, value in attributes.items())


def _case(e: Evaluation, state: str) -> str:
    name = f"{e.resourceType} {e.resourceId} ({e.accountId or '-'} {e.awsRegion or 'global'})"
    head = f'    <testcase name="{_attr(name)}" classname="{_attr("compliance." + e.configRuleName)}"'
    if state == FAILED:
        detail = f"{e.configRuleName} on {e.arn or e.resourceId}: {e.annotation}"
        detail += f"\ncontrols: {', '.join(e.controls)}" if e.controls else ""
        kind = f"{e.complianceType.value}/{e.severity.value}"
        child = f'<failure message="{_attr(e.annotation)}" type="{_attr(kind)}">{_text(detail)}</failure>'
    elif state == INCOMPLETE:
        detail = f"{e.configRuleName} on {e.arn or e.resourceId}: {e.annotation}"
        child = (
            f'<error message="{_attr(e.annotation)}" type="{_attr(e.complianceType.value)}">{_text(detail)}</error>'
        )
    elif state == SUPPRESSED:
        detail = f"{e.configRuleName} on {e.arn or e.resourceId}: {e.annotation}"
        child = f'<skipped message="{_attr(f"SUPPRESSED: {suppression_text(e)}")}">{_text(detail)}</skipped>'
    elif state == NOT_APPLICABLE:
        child = '<skipped message="NOT_APPLICABLE" />'
    else:
        return head + " />\n"
    return f"{head}>\n      {child}\n    </testcase>\n"


def _counts(states: list[str]) -> dict[str, int]:
    return {
        "tests": len(states),
        "failures": states.count(FAILED),
        "errors": states.count(INCOMPLETE),
        "skipped": states.count(SUPPRESSED) + states.count(NOT_APPLICABLE),
    }


def write(result: ScanResult, options: ReportOptions, out: IO[bytes]) -> None:
    by_rule: dict[str, list[Evaluation]] = defaultdict(list)
    for e in result.evaluations:
        by_rule[e.configRuleName].append(e)
    errors = result.snapshot.collectionErrors
    suites = [(name, by_rule[name], [status(e) for e in by_rule[name]]) for name in sorted(by_rule)]
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for _, _, states in suites:
        for key, value in _counts(states).items():
            totals[key] += value
    if errors:
        totals["tests"] += len(errors)
        totals["errors"] += len(errors)
    root = _tag("testsuites", {"name": "compliance", **totals, "time": f"{result.duration_seconds:.3f}"})
    out.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
    if not suites and not errors:
        out.write(f"{root} />\n".encode())
        return
    out.write(f"{root}>\n".encode())
    for name, evaluations, states in suites:
        suite = _tag("testsuite", {"name": name, **_counts(states)})
        out.write(f"  {suite}>\n".encode())
        chunk: list[str] = []
        for e, state in zip(evaluations, states, strict=True):
            chunk.append(_case(e, state))
            if len(chunk) == 2000:
                out.write("".join(chunk).encode())
                chunk.clear()
        out.write(("".join(chunk) + "  </testsuite>\n").encode())
    if errors:
        suite = _tag("testsuite", {"name": "collection", **_counts([INCOMPLETE] * len(errors))})
        parts = [f"  {suite}>\n"]
        for error in errors:
            name = f"{error.service} {error.api} ({error.accountId or '-'} {error.region or 'global'})"
            text = f"could not collect {', '.join(error.resourceTypes) or error.service}: {error.errorCode}: "
            text += error.message
            parts.append(
                f'    <testcase name="{_attr(name)}" classname="compliance.collection">\n'
                f'      <error message="{_attr(error.message)}" type="{_attr(error.errorCode)}">{_text(text)}</error>\n'
                "    </testcase>\n"
            )
        out.write(("".join(parts) + "  </testsuite>\n").encode())
    out.write(b"</testsuites>\n")


def render(result: ScanResult, options: ReportOptions) -> bytes:
    return rendered(write)(result, options).encode()


REPORTER = Reporter(
    "junit", "junit.xml", render, "JUnit XML: one test case per rule x resource, for CI test reports", write=write
)
