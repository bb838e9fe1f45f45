"""Systems Manager document rules on resources created in a simulated account (moto) and read by the real
collectors (one collection per service)."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

# --- SSM documents -----------------------------------------------------------------------------------

DOCUMENT = "AWS::SSM::Document"
STEPS = {
    "schemaVersion": "2.2",
    "description": "rotate logs",
    "mainSteps": [
        {"action": "aws:runShellScript", "name": "rotate", "inputs": {"runCommand": ["logrotate -f /etc/lr.conf"]}}
    ],
}


def _documents(session: boto3.Session) -> None:
    ssm = session.client("ssm", region_name=REGION)
    for name in ("shared-with-all", "shared-with-one", "unshared"):
        ssm.create_document(Content=json.dumps(STEPS), Name=name, DocumentType="Command")
    ssm.modify_document_permission(Name="shared-with-all", PermissionType="Share", AccountIdsToAdd=["all"])
    ssm.modify_document_permission(Name="shared-with-one", PermissionType="Share", AccountIdsToAdd=["111122223333"])


@pytest.fixture(scope="module")
def ssm_documents_snapshot() -> Snapshot:
    return collected(_documents, ["ssm-documents"])


def test_ssm_document_not_public(ssm_documents_snapshot):
    assert verdicts("ssm-document-not-public", ssm_documents_snapshot, DOCUMENT) == {
        "shared-with-all": NON_COMPLIANT,
        "shared-with-one": COMPLIANT,
        "unshared": COMPLIANT,
    }
