"""The terminal report: what to fix first on one screen, the terminal's width, plain text when
piped, the --by views, --severity and --all, and a summary of very large results."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from dataclasses import replace

import pytest
from report_fixtures import EXAMPLE, scenario

from compliance.model import ComplianceType, Evaluation, Severity, Snapshot
from compliance.report import ReportOptions, table
from compliance.results import ScanResult


@pytest.fixture(scope="module")
def full_scan():
    from compliance.plugins import load_plugins

    plugins = load_plugins(entry_points_enabled=False)
    result, options = scenario(
        plugins, packs=("cis-aws-foundations-3.0", "aws-foundational-security-best-practices"), rules=()
    )
    return result, options


def test_summary_groups_failing_rules_with_their_fix_then_top_resources(full_scan):
    result, options = full_scan
    text = table.render(result, options)
    lines = text.splitlines()
    assert lines[0].startswith("Account 111122223333")
    assert any(x.startswith("Pack cis-aws-foundations-3.0: score ") for x in lines)
    failing_rules = {e.configRuleName for e in result.evaluations if e.is_failing and not e.is_suppressed}
    assert f"Fix first: {len(failing_rules)} failing rule(s)" in text
    # one row per rule: severity, rule, resources failing, the remediation text of the rule
    ports = next(x for x in lines if x.split()[1:2] == ["restricted-common-ports"])
    failing = {
        e.resource_key
        for e in result.evaluations
        if e.configRuleName == "restricted-common-ports" and e.is_failing and not e.is_suppressed
    }
    assert ports.split()[0] == "CRIT" and ports.split()[2] == str(len(failing))
    configured = next(c for c in result.rules if c.name == "restricted-common-ports")
    assert table.one_line(configured.rule.remediation) in ports
    assert "Top failing resources" in text and "Not decided:" in text
    assert text.index("Fix first") < text.index("Top failing resources") < text.index("Not decided")
    assert len(lines) < 60  # a screen, not a listing


def test_severity_filters_what_is_shown_and_all_shows_every_rule(full_scan):
    result, options = full_scan
    high = table.render(result, replace(options, severity="high"))
    shown = [x.split()[0] for x in high.splitlines() if x[:4] in ("CRIT", "HIGH", "MED ", "LOW ", "INFO")]
    assert shown and set(shown) <= {"CRIT", "HIGH"}
    assert "below --severity high not shown" in high
    failing_rules = {e.configRuleName for e in result.evaluations if e.is_failing and not e.is_suppressed}
    everything = table.render(result, replace(options, by="rule", show_all=True))
    assert all(any(x.split()[1:2] == [name] for x in everything.splitlines()) for name in failing_rules)
    assert "more failing rule(s)" not in everything


def test_by_control_shows_each_control_id_once(full_scan):
    result, options = full_scan
    text = table.render(result, replace(options, by="control", show_all=True))
    row = next(x for x in text.splitlines() if " S3.5 " in f" {x} ")
    assert row.count("S3.5") == 1


def test_width_follows_the_terminal(full_scan):
    result, options = full_scan
    for width in (80, 132, 200):
        text = table.render(result, replace(options, width=width))
        assert max(len(x) for x in text.splitlines()) <= width
    wide = table.render(result, replace(options, width=200)).splitlines()
    assert max(len(x) for x in wide) > 132  # the extra columns are used
    # rule ids are never broken mid-word, whatever the width
    row = next(
        x for x in table.render(result, replace(options, width=100)).splitlines() if "restricted-common-ports" in x
    )
    assert row.split()[1] == "restricted-common-ports"


def test_plain_text_when_not_a_terminal_keeps_every_row_whole(full_scan):
    result, options = full_scan
    text = table.render(result, replace(options, width=None, by="resource", show_all=True))
    assert "─" not in text and "\x1b[" not in text
    arns = [e.resourceId for e in result.evaluations if e.is_failing]
    assert all(any(a in x for x in text.splitlines()) for a in arns)


def _run_in_terminal(columns: int, *args: str) -> str:
    """The CLI in a pseudo-terminal of ``columns`` columns; returns what it printed."""
    main, child = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "50", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "compliance", *args], stdin=child, stdout=child, stderr=subprocess.DEVNULL, env=env
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode()


@pytest.mark.parametrize("columns", [100, 180])
def test_cli_table_in_a_terminal_uses_its_width(columns):
    import re

    out = _run_in_terminal(columns, "scan", "--snapshot", str(EXAMPLE), "--no-store")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\r", "")
    lines = plain.splitlines()
    assert "─" in plain and "Fix first" in plain
    assert max(len(x) for x in lines) == columns  # rules under the headers span the terminal


def test_very_large_results_are_summarised_not_listed():
    count = 200_000
    evaluations = [
        Evaluation(
            configRuleName=f"rule-{i % 40}",
            ruleId=f"rule-{i % 40}",
            resourceType="AWS::S3::Bucket",
            resourceId=f"bucket-{i}",
            complianceType=ComplianceType.NON_COMPLIANT if i % 3 else ComplianceType.COMPLIANT,
            severity=Severity.HIGH if i % 7 == 0 else Severity.MEDIUM,
            accountId="111122223333",
            awsRegion="us-east-1",
        )
        for i in range(count)
    ]
    result = ScanResult(Snapshot(configurationItems=[], accountIds=["111122223333"]), evaluations, rules=[])
    text = table.render(result, ReportOptions())
    lines = text.splitlines()
    assert len(lines) < 50
    assert "Fix first: 40 failing rule(s)" in text and f"{count} evaluations" in text
    failing = sum(1 for e in evaluations if e.is_failing)
    assert f"{failing} finding(s)" in text
    capped = table.render(result, ReportOptions(by="resource"))
    assert len(capped.splitlines()) < table.MAX_ROWS + 20
    assert f"… and {failing - table.MAX_ROWS} more row(s)" in capped
