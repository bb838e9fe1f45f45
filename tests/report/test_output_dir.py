"""scan --format ... --output-dir: every format from the example snapshot, written all or nothing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from compliance.report.builtin import BUILTIN_REPORTERS

ALL = tuple(r.name for r in BUILTIN_REPORTERS)  # the registered built-in formats, not a hand-kept list
FILES = {
    "table": "compliance.txt",
    "json": "compliance.json",
    "csv": "compliance.csv",
    "sarif": "compliance.sarif",
    "junit": "compliance.junit.xml",
    "markdown": "compliance.md",
    "asff": "compliance.asff.json",
    "ocsf": "compliance.ocsf.json",
    "html": "compliance.html",
}


def test_every_format_at_once(run_cli, example_snapshot_path, tmp_path):
    out = tmp_path / "reports"
    args = ["scan", "--snapshot", example_snapshot_path, "--pack", "cis-aws-foundations-3.0", "--output-dir", out]
    for name in ALL:
        args += ["--format", name]
    code, stdout, err = run_cli(*args)
    assert code == 1 and stdout == ""  # the example fails the gate; nothing goes to stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES.values())
    report = json.loads((out / "compliance.json").read_text())
    failing = report["summary"]["byComplianceType"]["NON_COMPLIANT"]
    junit = ET.parse(out / "compliance.junit.xml").getroot()
    assert int(junit.get("failures")) == failing
    sarif = json.loads((out / "compliance.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(
        example_snapshot_path
    )
    assert len(json.loads((out / "compliance.asff.json").read_text())["Findings"]) == len(report["evaluations"])


def test_several_formats_need_output_dir(run_cli, example_snapshot_path):
    code, out, err = run_cli("scan", "--snapshot", example_snapshot_path, "-f", "json", "-f", "csv")
    assert code == 2 and out == "" and "--output-dir" in err


def test_output_and_output_dir_conflict(run_cli, example_snapshot_path, tmp_path):
    code, _, err = run_cli(
        "scan", "--snapshot", example_snapshot_path, "-f", "json", "-o", tmp_path / "a", "--output-dir", tmp_path
    )
    assert code == 2 and "not both" in err


BOOM = """
from compliance.hookspecs import hookimpl
from compliance.report import Reporter

def _boom(result, options):
    raise ValueError("renderer broke")

@hookimpl
def compliance_register_reporters(register):
    register(Reporter("boom", "boom", _boom))
"""


def test_a_failing_format_writes_nothing(run_cli, example_snapshot_path, tmp_path):
    plugin = tmp_path / "boom_plugin.py"
    plugin.write_text(BOOM)
    out = tmp_path / "reports"
    code, _, err = run_cli(
        "--plugin", plugin, "scan", "--snapshot", example_snapshot_path, "-f", "json", "-f", "boom", "--output-dir", out
    )
    assert code == 2 and "renderer broke" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_trend_file_feeds_the_html_chart(run_cli, example_snapshot_path, tmp_path):
    trend = tmp_path / "trend.json"
    trend.write_text(json.dumps([{"time": "2026-01-01", "score": 0.5}, {"time": "2026-02-01", "score": 0.75}]))
    page = tmp_path / "r.html"
    run_cli("scan", "--snapshot", example_snapshot_path, "-f", "html", "-o", page, "--trend", trend)
    assert page.read_text().count("<circle") == 2
    trend.write_text(json.dumps([{"time": "2026-01-01", "score": 7}]))
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path, "-f", "html", "-o", page, "--trend", trend)
    assert code == 2 and "trend.json: [0].score" in err


def test_html_trend_comes_from_the_history_store(run_cli, example_snapshot_path, tmp_path):
    store = tmp_path / "history.db"
    page = tmp_path / "r.html"
    args = ("scan", "--snapshot", example_snapshot_path, "--rule", "restricted-ssh", "--store", store)
    run_cli(*args, "--rule", "s3-bucket-versioning-enabled")  # first scan: two rules
    run_cli(*args, "-f", "html", "-o", page)  # second scan: restricted-ssh only (1 of 3 groups compliant)
    html = page.read_text()
    assert html.count("<circle") == 2 and "id='trend'" in html
    assert html.count(": 33%</title>") == 2  # each scan scored over the current scan's rules
    run_cli(*args, "--no-store", "-f", "html", "-o", page)
    assert "id='trend'" not in page.read_text()


def test_unwritable_output_dir_is_an_input_error(run_cli, example_snapshot_path, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, out, err = run_cli(
        "scan", "--snapshot", example_snapshot_path, "-f", "json", "-f", "csv", "--output-dir", blocker / "reports"
    )
    assert code == 2 and out == "" and "cannot create the output directory" in err
