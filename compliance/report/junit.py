"""JUnit XML: a test suite per configured rule, a test case per rule x resource.

NON_COMPLIANT -> ``<failure>``; INSUFFICIENT_DATA/ERROR -> ``<error>``; suppressed and
NOT_APPLICABLE -> ``<skipped>`` whose message says which. Collection errors form one more suite
of ``<error>`` cases, so an incomplete scan is never a green test report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from compliance.evaluate import ScanResult
from compliance.model import Evaluation
from compliance.report import Reporter, ReportOptions
from compliance.report.common import FAILED, INCOMPLETE, NOT_APPLICABLE, SUPPRESSED, status, suppression_text


def _case(suite: ET.Element, e: Evaluation) -> str:
    region = e.awsRegion or "global"
    case = ET.SubElement(
        suite,
        "testcase",
        name=f"{e.resourceType} {e.resourceId} ({e.accountId or '-'} {region})",
        classname=f"compliance.{e.configRuleName}",
    )
    state = status(e)
    detail = f"{e.configRuleName} on {e.arn or e.resourceId}: {e.annotation}"
    if state == FAILED:
        ET.SubElement(
            case, "failure", message=e.annotation, type=f"{e.complianceType.value}/{e.severity.value}"
        ).text = detail + (f"\ncontrols: {', '.join(e.controls)}" if e.controls else "")
    elif state == INCOMPLETE:
        ET.SubElement(case, "error", message=e.annotation, type=e.complianceType.value).text = detail
    elif state == SUPPRESSED:
        ET.SubElement(case, "skipped", message=f"SUPPRESSED: {suppression_text(e)}").text = detail
    elif state == NOT_APPLICABLE:
        ET.SubElement(case, "skipped", message="NOT_APPLICABLE")
    return state


def render(result: ScanResult, options: ReportOptions) -> bytes:
    root = ET.Element("testsuites", name="compliance")
    by_rule: dict[str, list[Evaluation]] = defaultdict(list)
    for e in result.evaluations:
        by_rule[e.configRuleName].append(e)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suites = []
    for name in sorted(by_rule):
        suite = ET.SubElement(root, "testsuite", name=name)
        states = [_case(suite, e) for e in by_rule[name]]
        suites.append((suite, states))
    if result.snapshot.collectionErrors:
        suite = ET.SubElement(root, "testsuite", name="collection")
        states = []
        for error in result.snapshot.collectionErrors:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{error.service} {error.api} ({error.accountId or '-'} {error.region or 'global'})",
                classname="compliance.collection",
            )
            ET.SubElement(case, "error", message=error.message, type=error.errorCode).text = (
                f"could not collect {', '.join(error.resourceTypes) or error.service}: {error.errorCode}: "
                + (error.message)
            )
            states.append(INCOMPLETE)
        suites.append((suite, states))
    for suite, states in suites:
        counts = {
            "tests": len(states),
            "failures": states.count(FAILED),
            "errors": states.count(INCOMPLETE),
            "skipped": states.count(SUPPRESSED) + states.count(NOT_APPLICABLE),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{result.duration_seconds:.3f}")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


REPORTER = Reporter("junit", "junit.xml", render, "JUnit XML: one test case per rule x resource, for CI test reports")
