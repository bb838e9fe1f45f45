"""Demo Systems Manager: parameters (one a SecureString whose value must never be stored), and
(simulated, see ``_simulated``: the simulator lacks these calls) managed instances: the first
region's EC2 instances are managed, one of them missing patches; the other regions' are not
managed at all (SSM.1-3). Service settings (simulated too): the first region sends Automation logs to
CloudWatch and blocks public sharing of documents, the others keep the defaults (no logs, sharing allowed;
SSM.6, SSM.7). Documents: a runbook shared with one partner account in the first region, and one shared
publicly in the last region, where public sharing is still allowed (SSM.4)."""

from __future__ import annotations

import json
from typing import Any

from compliance.demo._simulated import answer

SECRETS = ("demo-ssm-securestring-4c9e71",)
HARDENED = {
    "/ssm/automation/customer-script-log-destination": "CloudWatch",
    "/ssm/documents/console/public-sharing-permission": "Disable",
}
DEFAULTS = {
    "/ssm/automation/customer-script-log-destination": "None",
    "/ssm/documents/console/public-sharing-permission": "Enable",
}


RUNBOOK = {
    "schemaVersion": "2.2",
    "description": "Restart the order service",
    "mainSteps": [
        {"action": "aws:runShellScript", "name": "restart", "inputs": {"runCommand": ["systemctl restart orders"]}}
    ],
}


def _documents(session: Any, regions: list[str]) -> None:
    for region, name, accounts in ((regions[0], "orders-restart", ["210987654321"]),
                                   (regions[-1], "orders-restart-public", ["all"])):  # fmt: skip
        ssm = session.client("ssm", region_name=region)
        ssm.create_document(Content=json.dumps(RUNBOOK), Name=name, DocumentType="Command")
        ssm.modify_document_permission(Name=name, PermissionType="Share", AccountIdsToAdd=accounts)


def seed(session: Any, regions: list[str]) -> None:
    ssm = session.client("ssm", region_name=regions[0])
    ssm.put_parameter(Name="/orders/db/password", Value=SECRETS[0], Type="SecureString")
    ssm.put_parameter(Name="/orders/stage", Value="production", Type="String")
    _documents(session, regions)
    home = regions[0]

    def managed(region: str) -> list[str]:
        if region != home:
            return []
        reservations = session.client("ec2", region_name=region).describe_instances()["Reservations"]
        return sorted(i["InstanceId"] for r in reservations for i in r["Instances"])

    def information(region: str, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            "InstanceInformationList": [
                {
                    "InstanceId": instance,
                    "PingStatus": "Online",
                    "PlatformType": "Linux",
                    "PlatformName": "Amazon Linux",
                    "AgentVersion": "3.3.0.0",
                    "ResourceType": "EC2Instance",
                }
                for instance in managed(region)
            ]
        }

    def compliance(region: str, _params: dict[str, Any]) -> dict[str, Any]:
        items = []
        for index, instance in enumerate(managed(region)):
            patched = index > 0  # the first managed instance misses critical patches
            common = {"ResourceType": "ManagedInstance", "ResourceId": instance}
            items.append(
                {
                    **common,
                    "ComplianceType": "Patch",
                    "Status": "COMPLIANT" if patched else "NON_COMPLIANT",
                    "OverallSeverity": "UNSPECIFIED" if patched else "CRITICAL",
                    "NonCompliantSummary": {"NonCompliantCount": 0 if patched else 4},
                }
            )
            items.append({**common, "ComplianceType": "Association", "Status": "COMPLIANT"})
        return {"ResourceComplianceSummaryItems": items}

    answer(session, "ssm", "DescribeInstanceInformation", information)
    answer(session, "ssm", "ListResourceComplianceSummaries", compliance)

    def service_setting(region: str, params: dict[str, Any]) -> dict[str, Any]:
        setting_id = params.get("SettingId", "")
        hardened = region == home
        value = (HARDENED if hardened else DEFAULTS).get(setting_id, "")
        return {
            "ServiceSetting": {
                "SettingId": setting_id,
                "SettingValue": value,
                "ARN": f"arn:aws:ssm:{region}:123456789012:servicesetting{setting_id}",
                "Status": "Customized" if hardened else "Default",
            }
        }

    answer(session, "ssm", "GetServiceSetting", service_setting)
