"""Planned infrastructure (CloudFormation, Terraform plans) as a scan source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.model import ComplianceType
from compliance.planned import load_planned, parse_parameters

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "planned"
TEMPLATE = str(EXAMPLES / "template.yaml")
PLAN = str(EXAMPLES / "plan.json")


def _items(path: str, **params: str) -> dict:
    return {i.resourceId: i for i in load_planned([path], params)}


def test_cfn_bucket_properties_and_line() -> None:
    snapshot = load_planned([TEMPLATE], {})
    items = {i.resourceId: i for i in snapshot}
    data = items["DataBucket"]
    assert data.supplementaryConfiguration["BucketVersioningConfiguration"]["status"] == "Enabled"
    assert items["ScratchBucket"].supplementaryConfiguration["BucketVersioningConfiguration"]["status"] == "Off"
    assert snapshot.locations["DataBucket"] == f"{TEMPLATE}:9"
    # !Ref to a parameter without a default, and !Sub with a reference, stay unknown
    assert (
        "supplementaryConfiguration.BucketLoggingConfiguration.destinationBucketName"
        in (snapshot.unknownProperties["DataBucket"])
    )
    assert "configuration.name" in snapshot.unknownProperties["DataBucket"]


def test_cfn_parameter_given() -> None:
    snapshot = load_planned([TEMPLATE], {"LogBucket": "my-logs"})
    data = next(i for i in snapshot if i.resourceId == "DataBucket")
    assert data.supplementaryConfiguration["BucketLoggingConfiguration"]["destinationBucketName"] == "my-logs"
    assert "supplementaryConfiguration.BucketLoggingConfiguration.destinationBucketName" not in (
        snapshot.unknownProperties.get("DataBucket", [])
    )


def test_cfn_security_group_ingress_resource_folds() -> None:
    group = _items(TEMPLATE)["WebGroup"]
    ports = sorted(p["fromPort"] for p in group.configuration["ipPermissions"])
    assert ports == [22, 443]
    assert group.configuration["ipPermissions"][0]["ipv4Ranges"] == [{"cidrIp": "0.0.0.0/0"}]


def test_cfn_json(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    template = {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b"}}}}
    path.write_text(json.dumps(template))
    assert _items(str(path))["B"].configuration == {"name": "b"}


def test_terraform_split_bucket_resources_fold() -> None:
    snapshot = load_planned([PLAN], {})
    bucket = next(i for i in snapshot if i.resourceId == "aws_s3_bucket.logs")
    supp = bucket.supplementaryConfiguration
    assert supp["BucketVersioningConfiguration"]["status"] == "Enabled"
    assert supp["PublicAccessBlockConfiguration"]["blockPublicAcls"] is True
    rule = supp["ServerSideEncryptionConfiguration"]["rules"][0]
    assert rule["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "aws:kms"
    assert supp["BucketLoggingConfiguration"]["logFilePrefix"] == "access/"
    unknown = snapshot.unknownProperties["aws_s3_bucket.logs"]
    assert "supplementaryConfiguration.BucketLoggingConfiguration.destinationBucketName" in unknown
    assert snapshot.locations["aws_s3_bucket.logs"] == "aws_s3_bucket.logs"
    assert bucket.tags == {"team": "core"}


def test_terraform_split_security_group_rules_fold() -> None:
    group = _items(PLAN)["aws_security_group.db"]
    ranges = {(p["fromPort"], p["ipv4Ranges"][0]["cidrIp"]) for p in group.configuration["ipPermissions"]}
    assert ranges == {(22, "0.0.0.0/0"), (5432, "10.0.0.0/16")}


def _verdicts(paths: list[str], rules: list[str], params: dict[str, str] | None = None) -> dict:
    from compliance.engine import Recording, RuleSelection, ScanRequest, Source, scan
    from compliance.plugins import load_plugins

    request = ScanRequest(
        source=Source.planned(*paths, parameters=params),
        selection=RuleSelection(rules=tuple(rules)),
        recording=Recording(enabled=False),
    )
    outcome = scan(request, load_plugins(entry_points_enabled=False))
    return {(e.configRuleName, e.resourceId): e.complianceType for e in outcome.result.evaluations}


def test_unknown_value_gives_insufficient_data_and_known_ones_decide() -> None:
    verdicts = _verdicts(
        [TEMPLATE, PLAN], ["s3-bucket-logging-enabled", "restricted-ssh", "s3-bucket-versioning-enabled"]
    )
    assert verdicts[("s3-bucket-logging-enabled", "DataBucket")] == ComplianceType.INSUFFICIENT_DATA
    assert verdicts[("s3-bucket-logging-enabled", "ScratchBucket")] == ComplianceType.NON_COMPLIANT
    assert verdicts[("s3-bucket-versioning-enabled", "DataBucket")] == ComplianceType.COMPLIANT
    assert verdicts[("restricted-ssh", "WebGroup")] == ComplianceType.NON_COMPLIANT
    assert verdicts[("restricted-ssh", "aws_security_group.db")] == ComplianceType.NON_COMPLIANT
    given = _verdicts([TEMPLATE], ["s3-bucket-logging-enabled"], {"LogBucket": "logs"})
    assert given[("s3-bucket-logging-enabled", "DataBucket")] == ComplianceType.COMPLIANT


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Resources: [1]\n", "Resources"),
        ("Resources:\n  X:\n    Properties: {}\n", "Resources.X.Type"),
        ("a: [\n", ":2"),
        ("a: &a [*a, *a]\n", "contains it"),
        ("!!python/object:os.system {}\n", "t.yaml"),
    ],
)
def test_bad_template_is_one_line_naming_file_and_field(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_planned([str(path)], {})
    message = str(caught.value)
    assert "t.yaml" in message and problem in message and "\n" not in message


def test_bad_plan(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"resource_changes": [{"address": "a"}]}))
    with pytest.raises(InputError, match=r"p.json: resource_changes\[0\].change"):
        load_planned([str(path)], {})


def test_parameters() -> None:
    assert parse_parameters(["A=1", "B=x=y"]) == {"A": "1", "B": "x=y"}
    with pytest.raises(InputError, match="KEY=VALUE"):
        parse_parameters(["nope"])


def test_cli_planned_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.cli import main

    assert main(["scan", "--planned", TEMPLATE, "--rule", "restricted-ssh", "--no-store"]) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources: 3\n")
    assert main(["scan", "--planned", str(bad), "--no-store"]) == 2
    assert "bad.yaml: Resources" in capsys.readouterr().err
