"""Every output format, produced from the example snapshot and validated: SARIF against the OASIS
2.1.0 schema, JUnit and HTML by parsing, ASFF against botocore's BatchImportFindings model, OCSF
by its Compliance Finding required attributes. Each must show suppressed and incomplete findings."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import botocore.session
import jsonschema
import pytest
from botocore.validate import ParamValidator
from report_fixtures import DENIED_BUCKET, RULES, WAIVED_SG, find, scenario

from compliance.report import asff, csv_report, html_report, json_report, junit, markdown, ocsf, sarif, table

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def scan(plugins):
    return scenario(plugins)


def test_scenario_has_every_state(scan):
    result, _ = scan
    assert find(result, "restricted-ssh", WAIVED_SG).suppression["kind"] == "waiver"
    assert find(result, "s3-bucket-versioning-enabled", DENIED_BUCKET).complianceType.value == "INSUFFICIENT_DATA"
    assert {"COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"} <= {e.complianceType.value for e in result.evaluations}


def test_sarif_is_valid_against_the_oasis_schema(scan):
    result, options = scan
    log = json.loads(sarif.render(result, options))
    jsonschema.validate(log, json.loads(SCHEMA.read_text()), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) == len(result.rules)
    by_resource = {(r["ruleId"], r["properties"]["resourceId"]): r for r in run["results"]}
    failing = [e for e in result.evaluations if e.is_failing or e.is_incomplete]
    assert len(run["results"]) == len(failing)  # passing evaluations are left out
    waived = by_resource[("restricted-ssh", WAIVED_SG)]
    assert waived["suppressions"][0]["status"] == "accepted" and "bastion" in waived["suppressions"][0]["justification"]
    incomplete = by_resource[("s3-bucket-versioning-enabled", DENIED_BUCKET)]
    assert incomplete["kind"] == "open" and "suppressions" not in incomplete
    ssh = by_resource[("restricted-ssh", "sg-0a1b2c3d4e5f60003")]
    assert ssh["level"] == "error" and ssh["kind"] == "fail"
    assert run["tool"]["driver"]["rules"][ssh["ruleIndex"]]["id"] == "restricted-ssh"
    assert ssh["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "snapshots/account.json"
    fingerprints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "AccessDenied" in notes[0]["message"]["text"]


def test_junit_one_case_per_rule_and_resource(scan):
    result, options = scan
    root = ET.fromstring(junit.render(result, options))
    cases = root.findall("./testsuite/testcase")
    rule_cases = [c for c in cases if c.get("classname") != "compliance.collection"]
    assert len(rule_cases) == len(result.evaluations)
    names = [(c.get("classname"), c.get("name")) for c in rule_cases]
    assert len(set(names)) == len(names)
    failures = root.findall(".//testcase/failure")
    assert len(failures) == len([e for e in result.evaluations if e.is_failing and not e.is_suppressed])
    assert int(root.get("failures")) == len(failures)
    ssh = root.find("./testsuite[@name='restricted-ssh']")
    skipped = [c.find("skipped") for c in ssh.findall("testcase") if c.find("skipped") is not None]
    assert len(skipped) == 1 and skipped[0].get("message").startswith("SUPPRESSED")
    errors = [c.get("classname") for c in cases if c.find("error") is not None]
    incomplete = [f"compliance.{e.configRuleName}" for e in result.evaluations if e.is_incomplete]
    assert "compliance.s3-bucket-versioning-enabled" in incomplete
    assert sorted(errors) == sorted(incomplete + ["compliance.collection"])
    assert int(root.get("errors")) == len(incomplete) + 1


def test_csv_rows_and_states(scan):
    result, options = scan
    rows = list(csv.DictReader(io.StringIO(csv_report.render(result, options))))
    evaluations = [r for r in rows if r["recordType"] == "evaluation"]
    assert len(evaluations) == len(result.evaluations)
    waived = next(r for r in evaluations if r["resourceId"] == WAIVED_SG and r["configRuleName"] == "restricted-ssh")
    assert (waived["status"], waived["suppressionOwner"], waived["suppressionExpires"]) == (
        "SUPPRESSED",
        "platform",
        "2026-12-31",
    )
    errors = [r for r in rows if r["recordType"] == "collectionError"]
    assert len(errors) == 1 and errors[0]["status"] == "INCOMPLETE" and "AccessDenied" in errors[0]["annotation"]


def test_csv_neutralises_spreadsheet_formulas():
    assert csv_report._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_report._cell("plain") == "plain"


def test_markdown_summary_sections(scan):
    result, options = scan
    text = markdown.render(result, options)
    assert text.startswith("## Compliance report")
    failing = len([e for e in result.evaluations if e.is_failing and not e.is_suppressed])
    assert f"**{failing} failing finding(s)**" in text
    assert "### Incomplete (INSUFFICIENT_DATA / ERROR)" in text and "### Collection errors" in text
    suppressed = text.split("<summary>Suppressed findings (1)</summary>")[1]
    assert WAIVED_SG in suppressed and "owner platform" in suppressed
    assert "<b>" not in text and "bastion &lt;b&gt;host&lt;/b&gt; \\| reviewed" in text  # escaped cell text


def test_asff_valid_for_batch_import_findings(scan):
    result, options = scan
    findings = json.loads(asff.render(result, options))["Findings"]
    model = botocore.session.get_session().get_service_model("securityhub")
    report = ParamValidator().validate({"Findings": findings}, model.operation_model("BatchImportFindings").input_shape)
    assert not report.has_errors(), report.generate_report()
    required = {"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt"}
    required |= {"UpdatedAt", "Severity", "Title", "Description", "Resources"}  # the ASFF docs' required list
    assert all(required <= set(f) for f in findings)
    assert len({f["Id"] for f in findings}) == len(findings) == len(result.evaluations) + 1
    by_id = {
        (f["ProductFields"].get("compliance/configRuleName"), f["Resources"][0]["Id"]): f
        for f in findings
        if "ProductFields" in f
    }
    waived = next(v for (rule, rid), v in by_id.items() if rule == "restricted-ssh" and rid.endswith(WAIVED_SG))
    assert waived["Workflow"]["Status"] == "SUPPRESSED" and waived["Compliance"]["Status"] == "FAILED"
    denied = next(
        v for (rule, rid), v in by_id.items() if rule == "s3-bucket-versioning-enabled" and rid.endswith(DENIED_BUCKET)
    )
    assert denied["Compliance"]["Status"] == "NOT_AVAILABLE"
    assert denied["Compliance"]["StatusReasons"][0]["ReasonCode"] == "CONFIG_ACCESS_DENIED"
    assert all(
        f["ProductArn"] == "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default" for f in findings
    )
    assert {f["Resources"][0]["Type"] for f in findings} >= {"AwsEc2SecurityGroup", "AwsS3Bucket", "AwsAccount"}


def test_ocsf_compliance_findings(scan):
    result, options = scan
    events = json.loads(ocsf.render(result, options))
    assert len(events) == len(result.evaluations) + 1  # + the collection error
    base = {"activity_id", "category_uid", "class_uid", "type_uid", "severity_id", "time", "metadata"}
    for event in events:
        assert base | {"finding_info", "compliance"} <= set(event)
        assert (event["class_uid"], event["category_uid"], event["type_uid"]) == (2003, 2, 200301)
        assert event["finding_info"]["uid"] and event["finding_info"]["title"]
        assert event["compliance"]["standards"] and event["compliance"]["status_id"] in (0, 1, 2, 3, 99)
        assert event["metadata"]["version"] == "1.1.0" and event["metadata"]["product"]["name"] == "compliance"
    by_key = {(e["compliance"]["control"], e.get("resources", [{}])[0].get("name")): e for e in events}
    waived = by_key[("restricted-ssh", WAIVED_SG)]
    assert (waived["status_id"], waived["compliance"]["status_id"]) == (3, 3)
    assert waived["unmapped"]["suppression"]["owner"] == "platform"
    assert by_key[("s3-bucket-versioning-enabled", DENIED_BUCKET)]["compliance"]["status_code"] == "INSUFFICIENT_DATA"
    assert by_key[("collection", None)]["compliance"]["status_code"] == "COLLECTION_ERROR"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])


def test_html_is_self_contained_with_trend(scan):
    result, options = scan
    options.trend = [("2026-05-01", 0.4), ("2026-05-15", 0.55), ("2026-06-01", 0.6)]
    page = html_report.render(result, options)
    parser = _Collector()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert not (tag in ("script", "img", "iframe") and attrs.get("src")), (tag, attrs)
        assert not (tag == "link"), attrs
        assert not str(attrs.get("href", "")).startswith(("http:", "https:", "//"))
    assert "url(" not in page and "@import" not in page
    assert {"summary", "packs", "controls", "failing", "incomplete", "suppressed", "trend"} <= parser.ids
    assert "collection-errors" in parser.ids
    assert sum(1 for tag, _ in parser.tags if tag == "circle") == 3
    assert "<b>host</b>" not in page and "&lt;b&gt;host&lt;/b&gt;" in page
    score = result.scores()["cis-aws-foundations-3.0"]["score"]
    assert f"{score:.0%}" in page


def test_html_without_trend_has_no_chart(scan):
    result, options = scan
    assert "id='trend'" not in html_report.render(result, options)


def test_trend_svg_scales_points():
    svg = html_report.trend_svg([("a", 0.0), ("b", 1.0)], width=100, height=100)
    assert "points='30.0,70.0 70.0,30.0'" in svg


def test_table_and_json_show_suppressed_and_incomplete(scan):
    result, options = scan
    assert "1 failing finding(s) suppressed" in table.render(result, options)
    text = table.render(result, replace(options, by="resource"))
    assert "Suppressed (waiver or baseline)" in text and "INSUFFICIENT_DATA" in text
    report = json.loads(json_report.render(result, options))
    assert report["summary"]["suppressed"] == 1
    waived = next(e for e in report["evaluations"] if e["resourceId"] == WAIVED_SG and e["configRuleName"] in RULES)
    assert waived["suppression"]["owner"] == "platform" and waived["complianceType"] == "NON_COMPLIANT"
    assert report["triage"]["waivers"]["applied"][0]["matched"] == 1


@pytest.mark.parametrize(
    ("config_type", "asff_type"),
    [
        ("AWS::EC2::SecurityGroup", "AwsEc2SecurityGroup"),
        ("AWS::RDS::DBInstance", "AwsRdsDbInstance"),
        ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsElbv2LoadBalancer"),
        ("AWS::::Account", "AwsAccount"),
        ("AWS::Config::ConfigurationRecorder", "Other"),
    ],
)
def test_asff_resource_type_names(config_type, asff_type):
    assert asff.asff_resource_type(config_type) == asff_type


def test_table_caps_rows_and_says_how_many_more(scan, monkeypatch):
    result, options = scan
    monkeypatch.setattr(table, "MAX_ROWS", 2)
    shown = [e for e in result.evaluations if (e.is_failing and not e.is_suppressed) or e.is_incomplete]
    text = table.render(result, replace(options, by="resource"))
    assert f"… and {len(shown) - 2} more row(s) (--all, or --format json, csv or html)" in text
    assert "more row(s)" not in table.render(result, replace(options, by="resource", show_all=True))
