"""CodeBuild report groups; moto 5.2.5 lacks the report group API, so a Stubber answers in its real shape."""

from collecting import access_denied, context, one, run, stubbed

from compliance.collect.services.codebuild import COLLECTORS, REPORT_GROUP

REPORT_GROUPS = next(c for c in COLLECTORS if c.name == "codebuild-reportgroups")
ARN = "arn:aws:codebuild:us-east-1:123456789012:report-group/{}"


def _group(name: str, export: dict) -> dict:
    return {
        "arn": ARN.format(name), "name": name, "type": "TEST", "exportConfig": export, "status": "ACTIVE",
        "tags": [{"key": "team", "value": "qa"}],
    }  # fmt: skip


SEALED = {
    "exportConfigType": "S3",
    "s3Destination": {"bucket": "reports", "path": "unit", "packaging": "ZIP", "encryptionKey": "alias/aws/s3",
                      "encryptionDisabled": False},
}  # fmt: skip
PLAIN = {"exportConfigType": "S3", "s3Destination": {"bucket": "reports", "encryptionDisabled": True}}


def test_report_groups_in_config_spelling():
    client, stubber = stubbed("codebuild")
    arns = [ARN.format("sealed"), ARN.format("plain")]
    stubber.add_response("list_report_groups", {"reportGroups": arns}, {})
    stubber.add_response(
        "batch_get_report_groups",
        {"reportGroups": [_group("sealed", SEALED), _group("plain", PLAIN)]},
        {"reportGroupArns": arns},
    )
    with stubber:
        items, errors = run(REPORT_GROUPS, clients={"codebuild": client})
    assert errors == []
    sealed = one(items, REPORT_GROUP, ARN.format("sealed"))
    assert (sealed.arn, sealed.resourceName, sealed.tags) == (ARN.format("sealed"), "sealed", {"team": "qa"})
    assert sealed.configuration == {
        "Arn": ARN.format("sealed"), "Name": "sealed", "Type": "TEST",
        "ExportConfig": {
            "ExportConfigType": "S3",
            "S3Destination": {"Bucket": "reports", "Path": "unit", "Packaging": "ZIP", "EncryptionKey": "alias/aws/s3",
                              "EncryptionDisabled": False},
        },
    }  # fmt: skip
    plain = one(items, REPORT_GROUP, ARN.format("plain"))
    assert plain.get("configuration.ExportConfig.S3Destination.EncryptionDisabled") is True


def test_a_denied_batch_read_is_an_error_and_yields_nothing_known():
    client, stubber = stubbed("codebuild")
    stubber.add_response("list_report_groups", {"reportGroups": [ARN.format("g")]}, {})
    access_denied(stubber, "batch_get_report_groups")
    with stubber:
        items, errors = run(REPORT_GROUPS, clients={"codebuild": client})
    assert items == [] and [(e.api, e.resourceTypes) for e in errors] == [("BatchGetReportGroups", [REPORT_GROUP])]


def test_an_empty_region_costs_one_request():
    client, stubber = stubbed("codebuild")
    stubber.add_response("list_report_groups", {}, {})  # the API leaves the (non-empty) list out
    with stubber:
        assert list(REPORT_GROUPS.collect(context(clients={"codebuild": client}))) == []
    stubber.assert_no_pending_responses()
