"""SARIF 2.1.0 for GitHub code scanning (validated against the OASIS schema in the tests).

One ``reportingDescriptor`` per configured rule; one result per failing, suppressed or
incomplete evaluation (passing ones are left out, so GitHub closes alerts that now pass).
Cloud resources have no source file: every result points at the snapshot file (line 1) and
names the resource as a logical location; ``partialFingerprints`` carry the finding's
identity (rule + account, region, type, id) so alerts are tracked per resource across runs.
Suppressed findings carry ``suppressions`` (kind external, status accepted); incomplete ones
are ``kind: open``; collection errors are tool execution notifications.
"""

from __future__ import annotations

import hashlib
from operator import attrgetter
from typing import IO, Any

import orjson

from compliance import __version__
from compliance.model import INCOMPLETE_STATES, ComplianceType, Evaluation, Severity
from compliance.report import Reporter, ReportOptions, rendered
from compliance.report.common import FAILED, INCOMPLETE, SUPPRESSED, status, suppression_text
from compliance.results import ScanResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# GitHub maps security-severity to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9), low.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFORMATIONAL: "0.0",
}
_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFORMATIONAL: "note",
}


def fingerprint(e: Evaluation) -> str:
    identity = "|".join((e.configRuleName, e.accountId, e.awsRegion, e.resourceType, e.resourceId))
    return hashlib.sha256(identity.encode()).hexdigest()


def _descriptor(configured: Any) -> dict[str, Any]:
    rule = configured.rule
    text = rule.description or rule.title
    help_text = "\n\n".join(t for t in (rule.rationale, rule.remediation and f"Remediation: {rule.remediation}") if t)
    tags = ["security", "compliance", rule.id] + [c.split(":", 1)[-1] for c in configured.controls]
    return {
        "id": configured.name,
        "name": rule.id,
        "shortDescription": {"text": rule.title or rule.id},
        "fullDescription": {"text": text or rule.id},
        "help": {"text": help_text or text or rule.id},
        "defaultConfiguration": {"level": _LEVEL[configured.severity]},
        "properties": {
            "tags": sorted(set(tags)),
            "security-severity": _SECURITY_SEVERITY[configured.severity],
            "precision": "very-high",
            "resourceTypes": list(rule.resource_types),
        },
    }


def _result(e: Evaluation, index: dict[str, int], artifact: str) -> dict[str, Any]:
    state = status(e)
    where = f"{e.resourceType} {e.resourceId} in {e.accountId or '?'} {e.awsRegion or 'global'}"
    message = f"{e.configRuleName}: {where}: {e.annotation}"
    if state == INCOMPLETE:
        message = f"{e.configRuleName}: {e.complianceType.value}: {where}: {e.annotation}"
    result: dict[str, Any] = {
        "ruleId": e.configRuleName,
        "kind": "fail" if state in (FAILED, SUPPRESSED) else "open",
        "level": _LEVEL[e.severity] if state in (FAILED, SUPPRESSED) else "none",
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": artifact}, "region": {"startLine": 1}},
                "logicalLocations": [
                    {
                        "name": e.resourceId,
                        "fullyQualifiedName": e.arn or f"{e.resourceType}/{e.resourceId}",
                        "kind": "resource",
                    }
                ],
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": (mark := fingerprint(e)), "complianceFinding/v1": mark},
        "properties": {
            "complianceType": e.complianceType.value,
            "severity": e.severity.value,
            "accountId": e.accountId,
            "awsRegion": e.awsRegion,
            "resourceType": e.resourceType,
            "resourceId": e.resourceId,
            "controls": e.controls,
        },
    }
    if e.configRuleName in index:
        result["ruleIndex"] = index[e.configRuleName]
    if state == SUPPRESSED:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": suppression_text(e)}]
    return result


def _reported(result: ScanResult) -> list[Evaluation]:
    """Failing, suppressed and incomplete evaluations, by rule then resource."""
    failing = ComplianceType.NON_COMPLIANT
    shown = [e for e in result.evaluations if e.complianceType is failing or e.complianceType in INCOMPLETE_STATES]
    shown.sort(key=_BY_RULE_AND_RESOURCE)  # already in this order from evaluate(): nothing to do then
    return shown


_BY_RULE_AND_RESOURCE = attrgetter("configRuleName", "accountId", "awsRegion", "resourceType", "resourceId")


def _run(result: ScanResult, options: ReportOptions, results: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """The artifact location and the run object, with ``results`` as given."""
    artifact = str(options.extra.get("artifact") or "snapshot.json")
    rules = [_descriptor(c) for c in result.rules]
    notifications = [
        {
            "level": "error",
            "message": {
                "text": f"could not collect {', '.join(err.resourceTypes) or err.service} in "
                f"{err.accountId or '?'} {err.region or 'global'}: "
                f"{err.service} {err.api} {err.errorCode}: {err.message}"
            },
            "descriptor": {"id": f"collection/{err.errorCode}"},
        }
        for err in result.snapshot.collectionErrors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "compliance",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "automationDetails": {"id": "compliance/" + ",".join(result.snapshot.accountIds or ["unknown"]) + "/"},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "artifacts": [{"location": {"uri": artifact}, "roles": ["analysisTarget"]}],
        "results": results,
        "properties": {
            "complete": result.snapshot.is_complete,
            "counts": result.counts(),
            "suppressed": sum(1 for e in result.evaluations if e.suppression is not None),
        },
    }
    return artifact, run


def to_sarif(result: ScanResult, options: ReportOptions) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    artifact, run = _run(result, options, results)
    index = {r["id"]: i for i, r in enumerate(run["tool"]["driver"]["rules"])}
    results += [_result(e, index, artifact) for e in _reported(result)]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(result: ScanResult, options: ReportOptions, out: IO[bytes]) -> None:
    """The same log as :func:`to_sarif`, its results serialised a chunk at a time."""
    artifact, run = _run(result, options, [])
    index = {r["id"]: i for i, r in enumerate(run["tool"]["driver"]["rules"])}
    document = orjson.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]})
    head, tail = document.split(b'"results":[]', 1)
    out.write(head + b'"results":[')
    shown = _reported(result)
    for start in range(0, len(shown), CHUNK):
        piece = orjson.dumps([_result(e, index, artifact) for e in shown[start : start + CHUNK]])
        out.write(piece[1:-1] if start == 0 else b"," + piece[1:-1])
    out.write(b"]" + tail + b"\n")


CHUNK = 2000
render = rendered(write)

REPORTER = Reporter("sarif", "sarif", render, "SARIF 2.1.0 for GitHub code scanning", write=write)
