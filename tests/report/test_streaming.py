"""Reports streamed into a file: the same content as ``render``, escaping intact, 17 CSV columns,
and nothing left behind (no target, no temporary file) when a format fails half-way."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from report_fixtures import WAIVED_SG, scenario

from compliance.errors import InputError
from compliance.model import ComplianceType, Evaluation
from compliance.report import Reporter, csv_report, junit
from compliance.report.output import discard_reports, render_reports, write_reports
from compliance.request import Outputs


@pytest.fixture
def scan(plugins):
    return scenario(plugins)


@pytest.mark.parametrize("name", ["json", "csv", "sarif", "junit", "asff", "ocsf"])
def test_streamed_output_is_what_render_returns(plugins, scan, name):
    result, options = scan
    reporter = plugins.reporters[name]
    assert reporter.write is not None
    out = io.BytesIO()
    reporter.write_to(result, options, out)
    body = reporter.render(result, options)
    expected = body.encode() if isinstance(body, str) else body
    if name in ("asff", "ocsf"):  # timestamps of "now" differ between the two calls
        assert len(out.getvalue()) == len(expected) and out.getvalue().count(b"{") == expected.count(b"{")
    else:
        assert out.getvalue() == expected


def _odd(result):
    e = result.evaluations[0]
    e.annotation = 'says <b>"no"</b> & then\nmore\tstuff'
    e.resourceId = "=HYPERLINK(1)"
    return e


def test_junit_escapes_attributes_and_text(scan):
    result, options = scan
    odd = _odd(result)
    odd.complianceType = ComplianceType.NON_COMPLIANT
    root = ET.fromstring(junit.render(result, options))
    case = next(c for c in root.iter("testcase") if "=HYPERLINK(1)" in c.get("name"))
    failure = case.find("failure")
    assert failure.get("message") == odd.annotation
    assert failure.text.endswith(odd.annotation + ("\ncontrols: " + ", ".join(odd.controls) if odd.controls else ""))
    assert int(root.get("tests")) == len(result.evaluations) + len(result.snapshot.collectionErrors)


def test_csv_rows_keep_every_column_and_escape_formulas(scan):
    result, options = scan
    odd = _odd(result)
    rows = list(csv.DictReader(io.StringIO(csv_report.render(result, options))))
    assert all(len(row) == len(csv_report.COLUMNS) and None not in row.values() for row in rows)
    row = next(r for r in rows if r["resourceId"] == "'=HYPERLINK(1)")
    assert row["annotation"] == odd.annotation and row["suppressionKind"] == ""
    waived = next(r for r in rows if r["resourceId"] == WAIVED_SG and r["status"] == "SUPPRESSED")
    assert waived["suppressionKind"] == "waiver" and waived["suppressionOwner"] == "platform"
    assert sum(r["recordType"] == "evaluation" for r in rows) == len(result.evaluations)


def _failing_writer(result, options, out):
    out.write(b"partial")
    raise RuntimeError("disk on fire")


def test_a_format_failing_half_way_leaves_no_file(plugins, scan, tmp_path):
    result, _ = scan
    reporters = {**plugins.reporters, "broken": Reporter("broken", "txt", lambda r, o: "", write=_failing_writer)}
    out = tmp_path / "out"
    outputs = Outputs(targets=(("json", str(out / "compliance.json")), ("broken", str(out / "compliance.txt"))))
    with pytest.raises(RuntimeError, match="disk on fire"):
        render_reports(result, outputs, reporters)
    assert list(out.iterdir()) == []  # neither the finished json nor any temporary file


def test_outputs_are_renamed_into_place_only_by_write_outputs(plugins, scan, tmp_path):
    result, _ = scan
    targets = (("json", str(tmp_path / "compliance.json")), ("csv", str(tmp_path / "compliance.csv")))
    rendered = render_reports(result, Outputs(targets=targets), plugins.reporters)
    assert not (tmp_path / "compliance.json").exists() and len(list(tmp_path.iterdir())) == 2
    write_reports(rendered)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compliance.csv", "compliance.json"]
    discard_reports(rendered)  # nothing left to discard: a no-op
    assert len(list(tmp_path.iterdir())) == 2


def test_an_unwritable_target_is_a_clear_error(plugins, scan, tmp_path):
    result, _ = scan
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot create the output directory"):
        render_reports(result, Outputs(targets=(("json", str(blocker / "r.json")),)), plugins.reporters)


def test_evaluations_of_one_rule_share_their_controls_list(scan):
    result, _ = scan
    by_rule: dict[str, list[Evaluation]] = {}
    for e in result.evaluations:
        by_rule.setdefault(e.configRuleName, []).append(e)
    assert any(len(group) > 1 and group[0].controls for group in by_rule.values())
    for group in by_rule.values():
        assert all(e.controls is group[0].controls for e in group if e.resourceId != "*")


def _where(e: Evaluation) -> tuple[str, ...]:
    return (e.configRuleName, e.accountId, e.awsRegion, e.resourceType, e.resourceId)


def test_evaluations_are_sorted_by_rule_then_resource(plugins, scan, example_snapshot_path):
    from compliance.evaluate import evaluate, select_rules
    from compliance.snapshot import load_snapshot

    result, _ = scan  # with a collection error
    assert [_where(e) for e in result.evaluations] == sorted(_where(e) for e in result.evaluations)
    snapshot = load_snapshot(example_snapshot_path)
    assert not snapshot.collectionErrors
    other = [replace(i, accountId="000011112222", resourceId=i.resourceId + "-b") for i in snapshot]
    snapshot.configurationItems = list(reversed(snapshot.configurationItems)) + other  # two accounts, any order
    rules, packs = select_rules(plugins)
    evaluations = evaluate(snapshot, rules, packs).evaluations
    assert {e.accountId for e in evaluations} >= {"000011112222", snapshot.configurationItems[0].accountId}
    assert [_where(e) for e in evaluations] == sorted(_where(e) for e in evaluations)
