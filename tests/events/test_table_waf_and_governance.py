"""The event table's entries for WAF Classic, Network Firewall rule groups, Route 53 hosted zones, Systems Manager
documents and Service Catalog portfolios: each write call names the resource it changes."""

from __future__ import annotations

import pytest

from compliance.events import resolve
from compliance.events.load import EventRecord
from tests.events.records import cloudtrail

WAF_ACL = "arn:aws:waf::123456789012:webacl/acl-1"
NETFW_GROUP = "arn:aws:network-firewall:us-east-1:123456789012:stateless-rulegroup/g"


def changes(record):
    return [(c.resource_type, c.ref, c.deleted) for c in resolve([EventRecord(record, "test:0")]).changes]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            cloudtrail("waf", "CreateWebACL", {"name": "edge"}, {"webACL": {"webACLId": "acl-1", "name": "edge"}}),
            [("AWS::WAF::WebACL", "acl-1", False)],
        ),
        (cloudtrail("waf", "UpdateWebACL", {"webACLId": "acl-1"}), [("AWS::WAF::WebACL", "acl-1", False)]),
        (
            cloudtrail("waf", "PutLoggingConfiguration", {"loggingConfiguration": {"resourceArn": WAF_ACL}}),
            [("AWS::WAF::WebACL", WAF_ACL, False)],
        ),
        (cloudtrail("waf", "DeleteRule", {"ruleId": "rule-1"}), [("AWS::WAF::Rule", "rule-1", True)]),
        (
            cloudtrail("waf-regional", "UpdateRuleGroup", {"ruleGroupId": "group-1"}),
            [("AWS::WAFRegional::RuleGroup", "group-1", False)],
        ),
        (
            cloudtrail("waf-regional", "CreateRule", {"name": "r"}, {"rule": {"ruleId": "rule-2"}}),
            [("AWS::WAFRegional::Rule", "rule-2", False)],
        ),
        (
            cloudtrail("ssm", "CreateDocument", {"name": "restart", "documentType": "Command"}),
            [("AWS::SSM::Document", "restart", False)],
        ),
        (
            cloudtrail("ssm", "ModifyDocumentPermission", {"name": "restart", "accountIdsToAdd": ["all"]}),
            [("AWS::SSM::Document", "restart", False)],
        ),
        (cloudtrail("ssm", "DeleteDocument", {"name": "restart"}), [("AWS::SSM::Document", "restart", True)]),
        (
            cloudtrail(
                "route53",
                "CreateHostedZone",
                {"name": "shop.example.com"},
                {"hostedZone": {"id": "/hostedzone/Z1EXAMPLE", "name": "shop.example.com."}},
            ),
            [("AWS::Route53::HostedZone", "/hostedzone/Z1EXAMPLE", False)],
        ),
        (
            cloudtrail(
                "route53",
                "CreateQueryLoggingConfig",
                {"hostedZoneId": "Z1EXAMPLE", "cloudWatchLogsLogGroupArn": "arn:aws:logs:x"},
            ),
            [("AWS::Route53::HostedZone", "Z1EXAMPLE", False)],
        ),
        (
            cloudtrail("route53", "DeleteHostedZone", {"id": "Z1EXAMPLE"}),
            [("AWS::Route53::HostedZone", "Z1EXAMPLE", True)],
        ),
        (
            cloudtrail("network-firewall", "UpdateRuleGroup", {"ruleGroupArn": NETFW_GROUP, "updateToken": "t"}),
            [("AWS::NetworkFirewall::RuleGroup", NETFW_GROUP, False)],
        ),
        (
            cloudtrail(
                "network-firewall",
                "CreateRuleGroup",
                {"ruleGroupName": "g", "type": "STATELESS"},
                {"ruleGroupResponse": {"ruleGroupArn": NETFW_GROUP, "ruleGroupName": "g"}},
            ),
            [("AWS::NetworkFirewall::RuleGroup", NETFW_GROUP, False)],
        ),
        (
            cloudtrail("network-firewall", "DeleteRuleGroup", {"ruleGroupName": "g"}),
            [("AWS::NetworkFirewall::RuleGroup", "g", True)],
        ),
        (
            cloudtrail(
                "servicecatalog", "CreatePortfolioShare", {"portfolioId": "port-1", "accountId": "111122223333"}
            ),
            [("AWS::ServiceCatalog::Portfolio", "port-1", False)],
        ),
        (
            cloudtrail(
                "servicecatalog", "CreatePortfolio", {"displayName": "p"}, {"portfolioDetail": {"id": "port-2"}}
            ),
            [("AWS::ServiceCatalog::Portfolio", "port-2", False)],
        ),
        (
            cloudtrail("servicecatalog", "DeletePortfolio", {"id": "port-2"}),
            [("AWS::ServiceCatalog::Portfolio", "port-2", True)],
        ),
    ],
)
def test_write_calls_name_their_resources(record, expected):
    assert changes(record) == expected
