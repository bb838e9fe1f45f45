import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.athena import COLLECTORS, WORKGROUP

ATHENA = COLLECTORS[0]
ARN = "arn:aws:athena:us-east-1:123456789012:workgroup/{}"


def _workgroups() -> None:
    athena = boto3.client("athena", region_name="us-east-1")
    athena.create_work_group(
        Name="metered",
        Configuration={
            "ResultConfiguration": {"OutputLocation": "s3://results/", "EncryptionConfiguration": {
                "EncryptionOption": "SSE_KMS", "KmsKey": "alias/results"}},
            "PublishCloudWatchMetricsEnabled": True,
        },
        Description="with metrics",
    )  # fmt: skip
    athena.create_work_group(Name="quiet", Configuration={"PublishCloudWatchMetricsEnabled": False})


@mock_aws
def test_workgroups_in_config_spelling():
    _workgroups()
    items, errors = run(ATHENA)
    assert errors == []
    assert sorted(i.resourceId for i in items) == ["metered", "primary", "quiet"]
    metered = one(items, WORKGROUP, "metered")
    assert (metered.arn, metered.resourceName) == (ARN.format("metered"), "metered")
    assert metered.get("configuration.Name") == "metered"
    assert metered.get("configuration.State") == "ENABLED"
    assert metered.get("configuration.Description") == "with metrics"
    settings = metered.get("configuration.WorkGroupConfiguration")
    assert settings["PublishCloudWatchMetricsEnabled"] is True
    assert settings["ResultConfiguration"] == {
        "OutputLocation": "s3://results/",
        "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": "alias/results"},
    }
    assert "Configuration" not in metered.configuration
    quiet = one(items, WORKGROUP, "quiet")
    assert quiet.get("configuration.WorkGroupConfiguration.PublishCloudWatchMetricsEnabled") is False


@mock_aws
def test_a_denied_workgroup_read_is_an_error_and_leaves_the_configuration_unknown():
    _workgroups()
    items, errors = run(ATHENA, deny={"athena": ["GetWorkGroup"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("GetWorkGroup", "metered"),
        ("GetWorkGroup", "primary"),
        ("GetWorkGroup", "quiet"),
    ]
    assert all("WorkGroupConfiguration" not in i.configuration for i in items)
    assert one(items, WORKGROUP, "quiet").get("configuration.Name") == "quiet"


@mock_aws
def test_a_denied_list_is_an_error_and_yields_nothing():
    items, errors = run(ATHENA, deny={"athena": ["ListWorkGroups"]})
    assert items == [] and [e.api for e in errors] == ["ListWorkGroups"]


@mock_aws
def test_a_region_with_only_the_primary_workgroup_costs_two_requests():
    calls: list[str] = []
    ctx = context()
    ctx.client("athena", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert [i.resourceId for i in ATHENA.collect(ctx)] == ["primary"]  # every region has it
    assert calls == ["ListWorkGroups", "GetWorkGroup"]


@mock_aws
def test_one_workgroup_by_name_or_arn():
    _workgroups()
    ctx = context()
    assert ATHENA.read_one(ctx, "metered").arn == ARN.format("metered")
    assert ATHENA.read_one(ctx, ARN.format("quiet")).resourceId == "quiet"
    assert ATHENA.read_one(ctx, "gone") is None
