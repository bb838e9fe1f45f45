"""Demo Redshift Serverless: a namespace with a custom admin user exporting its logs and a workgroup
routing through the VPC, private and requiring SSL; a namespace keeping the default admin name without
log exports and a public workgroup with none of those (RedshiftServerless.1-7). The simulator has no
Redshift Serverless: ListNamespaces and ListWorkgroups are answered as AWS would, in the first region."""

from __future__ import annotations

from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID
from compliance.demo._simulated import answer

CREATED = "2024-09-17T08:00:00Z"


def _namespaces(region: str) -> list[dict[str, Any]]:
    arn = f"arn:aws:redshift-serverless:{region}:{DEMO_ACCOUNT_ID}:namespace"
    return [
        {"namespaceName": "finance-warehouse", "namespaceId": "6a3f0c1e-5d2b-4c8e-9f10-1a2b3c4d5e01",
         "namespaceArn": f"{arn}/6a3f0c1e-5d2b-4c8e-9f10-1a2b3c4d5e01", "adminUsername": "finance_owner",
         "dbName": "finance", "kmsKeyId": "AWS_OWNED_KMS_KEY", "status": "AVAILABLE", "creationDate": CREATED,
         "logExports": ["userlog", "connectionlog", "useractivitylog"]},
        {"namespaceName": "sandbox-warehouse", "namespaceId": "6a3f0c1e-5d2b-4c8e-9f10-1a2b3c4d5e02",
         "namespaceArn": f"{arn}/6a3f0c1e-5d2b-4c8e-9f10-1a2b3c4d5e02", "adminUsername": "admin",
         "dbName": "dev", "kmsKeyId": "AWS_OWNED_KMS_KEY", "status": "AVAILABLE", "creationDate": CREATED,
         "logExports": []},
    ]  # fmt: skip


def _workgroups(region: str) -> list[dict[str, Any]]:
    arn = f"arn:aws:redshift-serverless:{region}:{DEMO_ACCOUNT_ID}:workgroup"

    def workgroup(name: str, number: str, namespace: str, private: bool) -> dict[str, Any]:
        return {
            "workgroupName": name, "workgroupId": f"9b4e1d2f-6e3c-4d9f-8a21-2b3c4d5e6f{number}",
            "workgroupArn": f"{arn}/9b4e1d2f-6e3c-4d9f-8a21-2b3c4d5e6f{number}", "namespaceName": namespace,
            "baseCapacity": 8, "enhancedVpcRouting": private, "publiclyAccessible": not private,
            "configParameters": [{"parameterKey": "require_ssl", "parameterValue": str(private).lower()},
                                 {"parameterKey": "enable_user_activity_logging", "parameterValue": "true"}],
            "securityGroupIds": ["sg-0a1b2c3d4e5f60001"], "subnetIds": ["subnet-0a1b2c3d4e5f60001"],
            "port": 5439, "status": "AVAILABLE", "creationDate": CREATED,
        }  # fmt: skip

    return [workgroup("finance-reports", "01", "finance-warehouse", True),
            workgroup("sandbox-adhoc", "02", "sandbox-warehouse", False)]  # fmt: skip


def seed(session: Any, regions: list[str]) -> None:
    first = regions[0]
    answer(session, "redshift-serverless", "ListNamespaces",
           lambda region, params: {"namespaces": _namespaces(region) if region == first else []})  # fmt: skip
    answer(session, "redshift-serverless", "ListWorkgroups",
           lambda region, params: {"workgroups": _workgroups(region) if region == first else []})  # fmt: skip
