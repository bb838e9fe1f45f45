"""The HTML report: summary first (scores, charts by severity and service, changes since the last
scan), anchored sections, every table filterable and sortable, failing rules grouped with their
remediation and the planned command, control ids once, large results summarised."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from report_fixtures import scenario

from compliance.model import ComplianceType, Evaluation, Severity, Snapshot
from compliance.report import ReportOptions, html_report
from compliance.results import ScanResult


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


@pytest.fixture(scope="module")
def scan():
    from compliance.plugins import load_plugins

    plugins = load_plugins(entry_points_enabled=False)
    result, options = scenario(
        plugins, packs=("cis-aws-foundations-3.0", "aws-foundational-security-best-practices"), rules=()
    )
    from compliance.cli.output import remediations_by_rule

    return result, replace(options, remediations=remediations_by_rule(plugins))


def test_summary_comes_first_with_charts_then_anchored_sections(scan):
    result, options = scan
    page = html_report.render(result, options)
    order = [
        page.index(f"id='{i}'")
        for i in ("overview", "by-severity", "by-service", "fix", "resources", "controls-section", "undecided")
    ]
    assert order == sorted(order)
    hrefs = [a["href"] for tag, a in _tags(page) if tag == "a" and a.get("href", "").startswith("#")]
    assert {"#overview", "#fix", "#resources", "#controls-section", "#undecided"} <= set(hrefs)
    assert ("#suppressed-section" in hrefs) == any(e.is_suppressed for e in result.evaluations)
    for href in hrefs:
        assert f"id='{href[1:]}'" in page
    severity_chart = page[page.index("id='by-severity'") : page.index("</svg>", page.index("id='by-severity'"))]
    failing = [e for e in result.evaluations if e.is_failing and not e.is_suppressed]
    for severity in {e.severity for e in failing}:
        count = sum(1 for e in failing if e.severity is severity)
        assert f"<title>{severity.value.title()}: {count}</title>" in severity_chart


def test_every_table_is_filterable_and_sortable(scan):
    result, options = scan
    tags = _tags(html_report.render(result, options))
    tables = [a for tag, a in tags if tag == "table"]
    filters = {a["data-filter"] for tag, a in tags if tag == "input" and "data-filter" in a}
    assert len(tables) >= 5
    assert all("sortable" in a.get("class", "") for a in tables)
    assert {a["id"] for a in tables} == filters


def test_failing_rules_are_grouped_with_remediation_and_the_planned_command(scan):
    result, options = scan
    page = html_report.render(result, options)
    fix = page[page.index("id='fix'") : page.index("id='resources'")]
    failing_rules = {e.configRuleName for e in result.evaluations if e.is_failing and not e.is_suppressed}
    rows = re.findall(r"<tr><td data-sort='\d'><span class='sev'.*?</tr>", fix)
    assert len(rows) == len(failing_rules)
    ports = next(r for r in rows if "<code class='id'>restricted-common-ports</code>" in r)
    configured = next(c for c in result.rules if c.name == "restricted-common-ports")
    assert html_report._e(configured.rule.remediation) in ports
    assert "compliance remediate --rule restricted-common-ports" in ports  # a built-in remediation exists
    no_builtin = next(c for c in result.rules if c.name in failing_rules and not options.remediations.get(c.rule.id))
    row = next(r for r in rows if f"<code class='id'>{no_builtin.name}</code>" in r)
    assert "compliance remediate" not in row


def test_control_ids_appear_once(scan):
    result, options = scan
    page = html_report.render(result, options)
    controls = page[page.index("id='controls-section'") :]
    assert not re.search(r"([A-Za-z]+\.\d+) \(\1\)", controls)
    assert not re.search(r">([A-Za-z0-9.]+) <span class='muted'>\1</span>", controls)


def test_changes_since_the_last_scan(scan):
    result, options = scan
    changes = {
        "sinceScan": "20261101T060000Z-abc",
        "since": "2026-11-01T06:00:00Z",
        "added": 1,
        "removed": 0,
        "changed": 2,
        "newlyFailing": [("restricted-ssh", "EC2 SecurityGroup sg-1 (us-east-1)")],
        "resolved": [],
    }
    page = html_report.render(result, replace(options, changes=changes))
    section = page[page.index("id='changes'") : page.index("id='fix'")]
    assert "20261101T060000Z-abc" in section and "sg-1" in section and "1 added, 0 removed, 2 changed" in section
    assert "id='changes'" not in html_report.render(result, options)


def test_very_large_results_are_summarised():
    count = 100_000
    evaluations = [
        Evaluation(
            f"rule-{i % 30}",
            f"rule-{i % 30}",
            "AWS::S3::Bucket",
            f"bucket-{i}",
            ComplianceType.NON_COMPLIANT,
            severity=Severity.HIGH,
            accountId="1",
            awsRegion="us-east-1",
        )
        for i in range(count)
    ]
    result = ScanResult(Snapshot(accountIds=["1"]), evaluations, rules=[])
    page = html_report.render(result, ReportOptions())
    assert page.count("<tr>") < html_report.MAX_ROWS + 200
    assert f"… and {count - html_report.MAX_ROWS} more" in page
    assert f"<title>High: {count}</title>" in page
