"""Demo Systems Manager: parameters (one a SecureString whose value must never be stored), and
(simulated, see ``_simulated``: the simulator lacks these calls) managed instances: the first
region's EC2 instances are managed, one of them missing patches; the other regions' are not
managed at all (SSM.1-3). Service settings (simulated too): the first region sends Automation logs to
CloudWatch and blocks public sharing of documents, the others keep the defaults (no logs, sharing allowed;
SSM.6, SSM.7)."""

from __future__ import annotations

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


def seed(session: Any, regions: list[str]) -> None:
    ssm = session.client("ssm", region_name=regions[0])
    ssm.put_parameter(Name="/orders/db/password", Value=SECRETS[0], Type="SecureString")
    ssm.put_parameter(Name="/orders/stage", Value="production", Type="String")
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
