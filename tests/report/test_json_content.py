"""The JSON report's documented content (docs/json-output.md) is exactly what the implementation
before the streaming writer produced: a reference built here the old way (``dataclasses.asdict``
over the result, standard-library ``json``) is compared with the report, keys in the same order.

Both are built from one scan of the example snapshot in which every state occurs (failing,
compliant, not applicable, INSUFFICIENT_DATA from a collection error, a waiver's suppression).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest
from report_fixtures import scenario

from compliance import __version__
from compliance.evaluate import evaluate, select_rules
from compliance.report import ReportOptions, json_report
from compliance.report.output import REPORT_STEM
from compliance.results import ScanResult
from compliance.snapshot import load_snapshot


def reference_report(result: ScanResult, options: ReportOptions | None) -> dict[str, Any]:
    """The report as the first implementation built it (kept here as the oracle)."""
    snapshot = result.snapshot
    failing_by_severity: dict[str, int] = {}
    for evaluation in result.evaluations:
        if evaluation.is_failing:
            key = evaluation.severity.value
            failing_by_severity[key] = failing_by_severity.get(key, 0) + 1
    evaluations = []
    for evaluation in result.evaluations:
        data = asdict(evaluation)
        data["complianceType"] = evaluation.complianceType.value
        data["severity"] = evaluation.severity.value
        evaluations.append(data)
    return {
        "schemaVersion": "1",
        "tool": {"name": "compliance", "version": __version__},
        "snapshot": {
            "configSnapshotId": snapshot.configSnapshotId,
            "source": snapshot.source,
            "accountIds": snapshot.accountIds,
            "regions": snapshot.regions,
            "captureTime": snapshot.captureTime,
            "configurationItems": len(snapshot.configurationItems),
            "complete": snapshot.is_complete,
            "collectionErrors": [asdict(e) for e in snapshot.collectionErrors],
        },
        "summary": {
            "rules": len(result.rules),
            "evaluations": len(result.evaluations),
            "byComplianceType": result.counts(),
            "failingBySeverity": failing_by_severity,
            "suppressed": sum(1 for e in result.evaluations if e.is_suppressed),
        },
        "packs": [{"name": p.name, "title": p.title, **result.scores()[p.name]} for p in result.packs],
        "controls": [
            {
                "pack": c.pack,
                "controlId": c.control.id,
                "securityHubId": c.control.securityHubId,
                "title": c.control.title,
                "severity": c.control.severity.value,
                "status": c.status.value,
                "rules": c.control.rule_names,
                "failingResources": sorted({e.resourceId for e in c.evaluations if e.is_failing}),
                "requirements": c.control.requirements,
                "note": c.note,
            }
            for c in result.controls()
        ],
        "requirements": [  # added by the framework-requirements change (additive)
            {
                "pack": r.pack,
                "requirement": r.requirement,
                "status": r.status.value,
                "controls": [c.control.id for c in r.controls],
            }
            for r in result.requirements()
        ],
        "evaluations": evaluations,
        "triage": options.triage.to_dict() if options is not None and options.triage else None,
    }


def ordered(value: Any) -> Any:
    """``value`` with every object as a list of (key, value) pairs, so key order is compared too."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def assert_same_report(text: str | bytes, expected: dict[str, Any]) -> None:
    report = json.loads(text)
    # Compare section by section first, so a difference names its section.
    assert list(report) == list(expected)
    for key in expected:
        assert ordered(report[key]) == ordered(json.loads(json.dumps(expected[key]))), key


@pytest.mark.parametrize("packs", [("cis-aws-foundations-3.0",), ()])
def test_json_report_content_is_unchanged(plugins, packs):
    result, options = scenario(plugins, packs=packs)
    assert any(e.is_suppressed for e in result.evaluations) and result.snapshot.collectionErrors
    assert_same_report(json_report.render(result, options), reference_report(result, options))


def test_json_report_without_triage_has_null_triage(plugins):
    result, _ = scenario(plugins)
    text = json_report.render(result, ReportOptions())
    assert json.loads(text)["triage"] is None
    assert_same_report(text, reference_report(result, None))


def test_cli_json_report_of_every_rule_matches_the_reference(plugins, run_cli, example_snapshot_path, tmp_path):
    out = tmp_path / f"{REPORT_STEM}.json"
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path, "--format", "json", "-o", out, "--no-store")
    assert code in (0, 1), err
    rules, packs = select_rules(plugins)
    result = evaluate(load_snapshot(example_snapshot_path), rules, packs)
    report = json.loads(out.read_bytes())
    assert report["summary"]["evaluations"] == len(result.evaluations) > 100
    assert report["triage"] == {"waivers": None, "baseline": None}
    expected = reference_report(result, None)
    expected["triage"] = report["triage"]  # the CLI always triages (nothing given here)
    assert_same_report(out.read_bytes(), expected)


def test_evaluation_to_dict_spells_every_field():
    from dataclasses import fields

    from compliance.model import ComplianceType, Evaluation, Severity

    evaluation = Evaluation("r", "rid", "AWS::S3::Bucket", "b", ComplianceType.NON_COMPLIANT, severity=Severity.HIGH)
    data = evaluation.to_dict()
    assert list(data) == [f.name for f in fields(Evaluation)]
    assert data["complianceType"] == "NON_COMPLIANT" and data["severity"] == "HIGH"
    assert Evaluation.from_dict(data) == evaluation
