"""Systems Manager: managed instances, their patch and association compliance, and parameters.

* ``AWS::SSM::ManagedInstanceInventory`` per managed instance (``describe_instance_information``),
  shaped like AWS Config's item: ``configuration["AWS:InstanceInformation"]["Content"][<id>]``.
* ``AWS::SSM::PatchCompliance`` / ``AWS::SSM::AssociationCompliance`` per instance, from one
  account-wide ``list_resource_compliance_summaries`` listing: ``configuration.Status``
  (COMPLIANT / NON_COMPLIANT), ``OverallSeverity``, compliant/non-compliant counts; not listed in a region
  with no managed instance.
* ``AWS::SSM::Parameter`` (not recorded by AWS Config; CloudFormation's name) from
  ``describe_parameters``: metadata only. Values are never read, so a SecureString cannot leak.
* ``AWS::SSM::Document`` (``ssm-documents``, a resource spec): the documents this account owns
  (ListDocuments with ``Owner=Self``; AWS's and other accounts' shared documents are not this account's
  configuration), in the API's spelling as AWS Config records them (resource id the name), and
  DescribeDocumentPermission (``Share``) per document into ``supplementaryConfiguration.DocumentPermission``
  (``AccountIds``, ``"all"`` meaning public; ``AccountSharingInfoList``). The content is not read.

``ssm-account`` contributes two of the region's service settings to the regional account item, from
GetServiceSetting: ``ssmAutomationLogDestination`` (``/ssm/automation/customer-script-log-destination``:
``CloudWatch`` or ``None``) and ``ssmDocumentsPublicSharingPermission``
(``/ssm/documents/console/public-sharing-permission``: ``Enable`` or ``Disable``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, jsonable, paginate
from compliance.collect.spec import Detail, ResourceSpec, spec_collector
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem, Relationship

INVENTORY = "AWS::SSM::ManagedInstanceInventory"
PATCH = "AWS::SSM::PatchCompliance"
ASSOCIATION = "AWS::SSM::AssociationCompliance"
PARAMETER = "AWS::SSM::Parameter"
DOCUMENT = "AWS::SSM::Document"
OWNED = {"Key": "Owner", "Values": ["Self"]}
TYPES = (INVENTORY, PATCH, ASSOCIATION, PARAMETER)
COMPLIANCE_TYPES = {"Patch": PATCH, "Association": ASSOCIATION}
# timestamps that move on every heartbeat would make every scan look like a change
VOLATILE = ("LastPingDateTime", "LastAssociationExecutionDate", "LastSuccessfulAssociationExecutionDate")
SERVICE_SETTINGS = {
    "ssmAutomationLogDestination": "/ssm/automation/customer-script-log-destination",
    "ssmDocumentsPublicSharingPermission": "/ssm/documents/console/public-sharing-permission",
}


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    ssm = ctx.client("ssm")
    for parameter in paginate(ctx, ssm, "describe_parameters", "Parameters", (PARAMETER,)) or []:
        configuration = jsonable(parameter)
        configuration.pop("LastModifiedDate", None)
        yield ctx.item(PARAMETER, parameter["Name"], configuration, arn=parameter.get("ARN"), name=parameter["Name"])
    instances = paginate(ctx, ssm, "describe_instance_information", "InstanceInformationList", (INVENTORY,))
    for info in instances or []:
        yield _inventory(ctx, info)
    if instances == []:  # compliance is reported by managed instances: none here, none to list
        return
    summaries = paginate(
        ctx, ssm, "list_resource_compliance_summaries", "ResourceComplianceSummaryItems", (PATCH, ASSOCIATION)
    )
    for summary in summaries or []:
        resource_type = COMPLIANCE_TYPES.get(summary.get("ComplianceType", ""))
        if resource_type is None or summary.get("ResourceType") != "ManagedInstance":
            continue
        instance_id = summary["ResourceId"]
        yield ctx.item(
            resource_type,
            instance_id,
            jsonable(summary),
            relationships=[_instance(instance_id)],
        )


def _instance(instance_id: str) -> Relationship:
    resource_type = "AWS::EC2::Instance" if instance_id.startswith("i-") else "AWS::SSM::ManagedInstance"
    return Relationship(resource_type, instance_id, relationshipName="Is associated with Instance")


def _inventory(ctx: CollectContext, info: dict[str, Any]) -> ConfigurationItem:
    instance_id = info["InstanceId"]
    content = jsonable({k: v for k, v in info.items() if k not in VOLATILE})
    return ctx.item(
        INVENTORY,
        instance_id,
        {"AWS:InstanceInformation": {"Content": {instance_id: content}}},
        name=info.get("ComputerName"),
        supplementary={"instanceStatus": info.get("PingStatus")},
        relationships=[_instance(instance_id)],
    )


def collect_service_settings(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    """The region's service settings, as account settings (no item of their own)."""
    ssm = ctx.client("ssm")
    for key, setting_id in SERVICE_SETTINGS.items():
        try:
            setting = ssm.get_service_setting(SettingId=setting_id)["ServiceSetting"]
        except AWS_ERRORS as exc:
            ctx.record_error("ssm", "GetServiceSetting", exc, (ACCOUNT_RESOURCE_TYPE,), resource_id=setting_id)
            continue
        ctx.account_setting(key, setting.get("SettingValue"), regional=True)
    return iter(())


def _document_arn(ctx: CollectContext, entry: dict[str, Any]) -> str:
    return f"arn:{ctx.partition}:ssm:{ctx.region}:{ctx.account_id}:document/{entry['Name']}"


def _permission(response: dict[str, Any]) -> dict[str, Any]:
    """Who the document is shared with (the first 200 accounts; "all" when public)."""
    return {key: response[key] for key in ("AccountIds", "AccountSharingInfoList") if key in response}


DOCUMENTS = ResourceSpec(
    DOCUMENT,
    "ListDocuments",
    "DocumentIdentifiers",
    "Name",
    arn=_document_arn,
    name_key="Name",
    list_params={"Filters": [OWNED]},
    casing="api",
    details=(
        Detail(
            "DescribeDocumentPermission",
            "supplementaryConfiguration.DocumentPermission",
            lambda e: {"Name": e["Name"], "PermissionType": "Share", "MaxResults": 200},
            _permission,
        ),
    ),
    one=lambda name: {"Filters": [OWNED, {"Key": "Name", "Values": [name]}]},
)


COLLECTORS = [
    Collector(
        name="ssm",
        resource_types=TYPES,
        permissions=(
            "ssm:DescribeParameters",
            "ssm:DescribeInstanceInformation",
            "ssm:ListResourceComplianceSummaries",
        ),
        collect=collect,
        description="SSM managed instances, patch/association compliance, parameter metadata (never values)",
    ),
    Collector(
        name="ssm-account",
        resource_types=(ACCOUNT_RESOURCE_TYPE,),
        calls=(
            Call(
                "GetServiceSetting",
                "ssm:GetServiceSetting",
                {ACCOUNT_RESOURCE_TYPE: tuple(f"configuration.{key}" for key in SERVICE_SETTINGS)},
            ),
        ),
        collect=collect_service_settings,
        description="SSM service settings: Automation log destination, public sharing of documents (per region)",
    ),
    spec_collector(
        "ssm-documents",
        "ssm",
        (DOCUMENTS,),
        description="SSM documents this account owns and who they are shared with (never their content)",
    ),
]
