import json

import boto3
from collecting import access_denied, by_type, context, dumped, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.ssm import (
    ASSOCIATION,
    COLLECTORS,
    DOCUMENT,
    INVENTORY,
    PARAMETER,
    PATCH,
    SERVICE_SETTINGS,
)

SSM, SSM_ACCOUNT, SSM_DOCUMENTS = COLLECTORS
SECURE = "ssm-secure-string-value-ab12cd"


@mock_aws
def test_parameters_metadata_only_never_secure_values():
    ssm = boto3.client("ssm", region_name="us-east-1")
    ssm.put_parameter(Name="/app/db/password", Value=SECURE, Type="SecureString")
    ssm.put_parameter(Name="/app/stage", Value="prod", Type="String")

    items, errors = run(SSM)

    secure = one(items, PARAMETER, "/app/db/password")
    assert secure.configuration["Type"] == "SecureString"
    assert "Value" not in secure.configuration
    assert one(items, PARAMETER, "/app/stage").configuration["Type"] == "String"
    assert SECURE not in dumped(items)
    # the simulator lacks the managed-instance and compliance calls: recorded, not fatal
    assert {e.api for e in errors} == {"DescribeInstanceInformation", "ListResourceComplianceSummaries"}
    assert {t for e in errors for t in e.resourceTypes} == {INVENTORY, PATCH, ASSOCIATION}


def test_managed_instances_and_compliance_stubbed():
    client, stub = stubbed("ssm")
    stub.add_response("describe_parameters", {"Parameters": []})
    stub.add_response(
        "describe_instance_information",
        {
            "InstanceInformationList": [
                {
                    "InstanceId": "i-0abc",
                    "PingStatus": "Online",
                    "LastPingDateTime": "2026-11-28T10:00:00Z",
                    "PlatformType": "Linux",
                    "ResourceType": "EC2Instance",
                    "ComputerName": "web-1",
                }
            ],
            "NextToken": "t",
        },
    )
    stub.add_response(
        "describe_instance_information",
        {"InstanceInformationList": [{"InstanceId": "mi-0def", "PingStatus": "ConnectionLost"}]},
        {"NextToken": "t"},
    )
    summary = {"ResourceType": "ManagedInstance", "ExecutionSummary": {"ExecutionTime": "2026-11-28T09:00:00Z"}}
    stub.add_response(
        "list_resource_compliance_summaries",
        {
            "ResourceComplianceSummaryItems": [
                {
                    **summary,
                    "ComplianceType": "Patch",
                    "ResourceId": "i-0abc",
                    "Status": "NON_COMPLIANT",
                    "OverallSeverity": "CRITICAL",
                    "NonCompliantSummary": {"NonCompliantCount": 3},
                },
                {
                    **summary,
                    "ComplianceType": "Association",
                    "ResourceId": "i-0abc",
                    "Status": "COMPLIANT",
                    "OverallSeverity": "UNSPECIFIED",
                },
                {**summary, "ComplianceType": "Custom:Antivirus", "ResourceId": "i-0abc", "Status": "COMPLIANT"},
            ]
        },
    )
    with stub:
        ctx = context(clients={"ssm": client})
        items = list(SSM.collect(ctx))
    stub.assert_no_pending_responses()
    assert ctx.errors == []
    web = one(items, INVENTORY, "i-0abc")
    content = web.configuration["AWS:InstanceInformation"]["Content"]["i-0abc"]
    assert content["PingStatus"] == "Online" and "LastPingDateTime" not in content
    assert web.relationships[0].resourceType == "AWS::EC2::Instance"
    assert one(items, INVENTORY, "mi-0def").supplementaryConfiguration["instanceStatus"] == "ConnectionLost"
    patch = one(items, PATCH, "i-0abc")
    assert (patch.configuration["Status"], patch.configuration["OverallSeverity"]) == ("NON_COMPLIANT", "CRITICAL")
    assert one(items, ASSOCIATION, "i-0abc").configuration["Status"] == "COMPLIANT"
    assert len(by_type(items, PATCH)) == 1 and len(by_type(items, ASSOCIATION)) == 1  # custom types skipped


def test_denied_inventory_keeps_other_types():
    client, stub = stubbed("ssm")
    stub.add_response("describe_parameters", {"Parameters": []})
    stub.add_client_error("describe_instance_information", "AccessDeniedException", "denied", 403)
    stub.add_response("list_resource_compliance_summaries", {"ResourceComplianceSummaryItems": []})
    with stub:
        ctx = context(clients={"ssm": client})
        assert list(SSM.collect(ctx)) == []
    assert [(e.api, e.resourceTypes) for e in ctx.errors] == [("DescribeInstanceInformation", [INVENTORY])]


def test_no_managed_instance_no_compliance_listing():
    client, stub = stubbed("ssm")  # the stubber fails on a call not queued here
    stub.add_response("describe_parameters", {"Parameters": []})
    stub.add_response("describe_instance_information", {"InstanceInformationList": []})
    with stub:
        ctx = context(clients={"ssm": client})
        assert list(SSM.collect(ctx)) == []
    stub.assert_no_pending_responses()
    assert ctx.errors == []


def _setting(setting_id: str, value: str) -> dict:
    return {"ServiceSetting": {"SettingId": setting_id, "SettingValue": value, "Status": "Default",
                               "ARN": f"arn:aws:ssm:us-east-1:123456789012:servicesetting{setting_id}"}}  # fmt: skip


def test_service_settings_become_regional_account_settings():
    client, stubber = stubbed("ssm")
    values = {"ssmAutomationLogDestination": "CloudWatch", "ssmDocumentsPublicSharingPermission": "Enable"}
    for key, value in values.items():
        setting_id = SERVICE_SETTINGS[key]
        stubber.add_response("get_service_setting", _setting(setting_id, value), {"SettingId": setting_id})
    ctx = context(clients={"ssm": client})
    with stubber:
        assert list(SSM_ACCOUNT.collect(ctx)) == []
    stubber.assert_no_pending_responses()
    assert ctx.errors == []
    assert ctx.account_settings == {
        "us-east-1": {"ssmAutomationLogDestination": "CloudWatch", "ssmDocumentsPublicSharingPermission": "Enable"}
    }
    assert {c.action for c in SSM_ACCOUNT.calls} == {"ssm:GetServiceSetting"}


def test_a_refused_service_setting_is_an_error_and_leaves_the_other():
    client, stubber = stubbed("ssm")
    access_denied(stubber, "get_service_setting")
    setting_id = SERVICE_SETTINGS["ssmDocumentsPublicSharingPermission"]
    stubber.add_response("get_service_setting", _setting(setting_id, "Disable"), {"SettingId": setting_id})
    ctx = context(clients={"ssm": client})
    with stubber:
        list(SSM_ACCOUNT.collect(ctx))
    assert [(e.api, e.resourceId) for e in ctx.errors] == [
        ("GetServiceSetting", SERVICE_SETTINGS["ssmAutomationLogDestination"])
    ]
    assert ctx.account_settings == {"us-east-1": {"ssmDocumentsPublicSharingPermission": "Disable"}}


STEPS = {
    "schemaVersion": "2.2",
    "description": "restart the web tier",
    "mainSteps": [
        {"action": "aws:runShellScript", "name": "restart", "inputs": {"runCommand": ["systemctl restart web"]}}
    ],
}
DOCUMENT_ARN = "arn:aws:ssm:us-east-1:123456789012:document/{}"


def _documents() -> None:
    ssm = boto3.client("ssm", region_name="us-east-1")
    for name in ("restart-public", "restart-team"):
        ssm.create_document(Content=json.dumps(STEPS), Name=name, DocumentType="Command",
                            Tags=[{"Key": "team", "Value": "web"}])  # fmt: skip
    ssm.modify_document_permission(Name="restart-public", PermissionType="Share", AccountIdsToAdd=["all"])
    ssm.modify_document_permission(Name="restart-team", PermissionType="Share", AccountIdsToAdd=["111122223333"])


@mock_aws
def test_owned_documents_and_their_sharing_in_config_spelling():
    _documents()
    calls: list[tuple[str, dict]] = []
    ctx = context()
    ctx.client("ssm", "us-east-1").meta.events.register(
        "provide-client-params.ssm.ListDocuments", lambda params, **_: calls.append(("ListDocuments", params))
    )
    items = list(SSM_DOCUMENTS.collect(ctx))
    assert ctx.errors == []
    assert calls == [("ListDocuments", {"Filters": [{"Key": "Owner", "Values": ["Self"]}]})]  # owned only
    public = one(items, DOCUMENT, "restart-public")
    assert (public.arn, public.resourceName, public.tags) == (DOCUMENT_ARN.format("restart-public"), "restart-public",
                                                            {"team": "web"})  # fmt: skip
    assert public.get("configuration.Name") == "restart-public"
    assert public.get("configuration.DocumentType") == "Command"
    assert public.get("configuration.DocumentFormat") == "JSON"
    assert "Tags" not in public.configuration and "Content" not in public.configuration
    assert public.get("supplementaryConfiguration.DocumentPermission.AccountIds") == ["all"]
    team = one(items, DOCUMENT, "restart-team")
    assert team.get("supplementaryConfiguration.DocumentPermission.AccountIds") == ["111122223333"]
    assert "systemctl" not in dumped(items)


@mock_aws
def test_a_denied_permission_read_is_an_error_and_leaves_the_sharing_unknown():
    _documents()
    items, errors = run(SSM_DOCUMENTS, deny={"ssm": ["DescribeDocumentPermission"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("DescribeDocumentPermission", "restart-public"),
        ("DescribeDocumentPermission", "restart-team"),
    ]
    assert len(items) == 2
    assert all("DocumentPermission" not in i.supplementaryConfiguration for i in items)


@mock_aws
def test_no_owned_documents_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("ssm", "us-east-1").meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    assert list(SSM_DOCUMENTS.collect(ctx)) == []
    assert calls == ["ListDocuments"]


@mock_aws
def test_one_document_by_name_or_arn():
    _documents()
    ctx = context()
    assert SSM_DOCUMENTS.read_one(ctx, "restart-team").arn == DOCUMENT_ARN.format("restart-team")
    found = SSM_DOCUMENTS.read_one(ctx, DOCUMENT_ARN.format("restart-public"))
    assert found.get("supplementaryConfiguration.DocumentPermission.AccountIds") == ["all"]
    assert SSM_DOCUMENTS.read_one(ctx, "gone") is None
