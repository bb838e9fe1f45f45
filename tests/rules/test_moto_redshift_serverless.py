"""Redshift Serverless rules on namespaces and workgroups read by the real collector from a simulated
account. moto 5.2.5 has no Redshift Serverless: ListNamespaces and ListWorkgroups are answered in the
API's shape."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, answer_unimplemented, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

NAMESPACE = "AWS::RedshiftServerless::Namespace"
WORKGROUP = "AWS::RedshiftServerless::Workgroup"
ARN = f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT_ID}"


def _serverless(session: boto3.Session) -> None:
    namespaces = [
        {"namespaceName": "guarded", "namespaceArn": f"{ARN}:namespace/00000000-0000-4000-8000-00000000000a",
         "adminUsername": "warehouse_admin", "logExports": ["userlog", "connectionlog", "useractivitylog"]},
        {"namespaceName": "bare", "namespaceArn": f"{ARN}:namespace/00000000-0000-4000-8000-00000000000b",
         "adminUsername": "admin"},
    ]  # fmt: skip
    workgroups = [
        {"workgroupName": "guarded", "workgroupArn": f"{ARN}:workgroup/00000000-0000-4000-8000-00000000000c",
         "namespaceName": "guarded", "enhancedVpcRouting": True, "publiclyAccessible": False,
         "configParameters": [{"parameterKey": "require_ssl", "parameterValue": "true"}]},
        {"workgroupName": "bare", "workgroupArn": f"{ARN}:workgroup/00000000-0000-4000-8000-00000000000d",
         "namespaceName": "bare", "enhancedVpcRouting": False, "publiclyAccessible": True,
         "configParameters": [{"parameterKey": "require_ssl", "parameterValue": "false"}]},
    ]  # fmt: skip
    answer_unimplemented(session, "redshift-serverless", "ListNamespaces", {"namespaces": namespaces})
    answer_unimplemented(session, "redshift-serverless", "ListWorkgroups", {"workgroups": workgroups})


@pytest.fixture(scope="module")
def serverless_snapshot() -> Snapshot:
    return collected(_serverless, ["redshiftserverless"])


@pytest.mark.parametrize(
    ("rule_id", "resource_type"),
    [
        ("redshift-serverless-default-admin-check", NAMESPACE),
        ("redshift-serverless-publish-logs-to-cloudwatch", NAMESPACE),
        ("redshift-serverless-workgroup-encrypted-in-transit", WORKGROUP),
        ("redshift-serverless-workgroup-no-public-access", WORKGROUP),
        ("redshift-serverless-workgroup-routes-within-vpc", WORKGROUP),
    ],
)
def test_redshift_serverless_rules(serverless_snapshot, rule_id, resource_type):
    assert verdicts(rule_id, serverless_snapshot, resource_type) == {"guarded": COMPLIANT, "bare": NON_COMPLIANT}
