"""Systems Manager document, Route 53 hosted zone and Service Catalog portfolio rules on resources created in a
simulated account (moto) and read by the real collectors (one collection per service)."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

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


# --- Route 53 hosted zones ---------------------------------------------------------------------------

HOSTED_ZONE = "AWS::Route53::HostedZone"


def _zones(session: boto3.Session) -> None:
    route53 = session.client("route53", region_name=REGION)
    logs = session.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/aws/route53/logged.example.com")
    group = logs.describe_log_groups()["logGroups"][0]["arn"]
    logged = route53.create_hosted_zone(Name="logged.example.com", CallerReference="logged")["HostedZone"]["Id"]
    route53.create_query_logging_config(HostedZoneId=logged.rsplit("/", 1)[-1], CloudWatchLogsLogGroupArn=group)
    route53.create_hosted_zone(Name="silent.example.com", CallerReference="silent")
    vpc = session.client("ec2", region_name=REGION).create_vpc(CidrBlock="10.53.0.0/16")["Vpc"]["VpcId"]
    route53.create_hosted_zone(
        Name="internal.example.com",
        CallerReference="internal",
        VPC={"VPCRegion": REGION, "VPCId": vpc},
        HostedZoneConfig={"Comment": "internal", "PrivateZone": True},
    )


def test_route53_query_logging_enabled():
    snapshot = collected(_zones, ["route53"])
    assert verdicts("route53-query-logging-enabled", snapshot, HOSTED_ZONE) == {
        "logged.example.com.": COMPLIANT,
        "silent.example.com.": NON_COMPLIANT,
        "internal.example.com.": NOT_APPLICABLE,
    }


# --- Service Catalog portfolios ----------------------------------------------------------------------

PORTFOLIO = "AWS::ServiceCatalog::Portfolio"


def _portfolios(session: boto3.Session) -> None:
    catalog = session.client("servicecatalog", region_name=REGION)
    ids = {
        name: catalog.create_portfolio(DisplayName=name, ProviderName="platform", IdempotencyToken=name)[
            "PortfolioDetail"
        ]["Id"]
        for name in ("to-an-account", "to-the-organization", "unshared")
    }
    catalog.create_portfolio_share(PortfolioId=ids["to-an-account"], AccountId="111122223333")
    catalog.create_portfolio_share(
        PortfolioId=ids["to-the-organization"], OrganizationNode={"Type": "ORGANIZATION", "Value": "o-exampleorgid"}
    )


def test_service_catalog_shared_within_organization():
    snapshot = collected(_portfolios, ["servicecatalog"])
    assert verdicts("service-catalog-shared-within-organization", snapshot, PORTFOLIO) == {
        "to-an-account": NON_COMPLIANT,
        "to-the-organization": COMPLIANT,
        "unshared": COMPLIANT,
    }
