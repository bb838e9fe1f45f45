"""Network Firewall: firewalls (with logging configuration), firewall policies and rule groups, shaped as AWS
Config records them: ``configuration.firewall`` / ``configuration.firewallStatus``,
``configuration.firewallPolicy`` / ``configuration.firewallPolicyResponse``, and ``configuration.ruleGroup`` /
``configuration.ruleGroupResponse`` (ListRuleGroups, then DescribeRuleGroup per group: the account's own groups,
not AWS managed ones). A rule group whose description could not be read is still an item (resource id its
ARN, ``ruleGroupResponse`` only its name and ARN) with the failed call recorded against it, so its rules
stay unknown rather than missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

FIREWALL = "AWS::NetworkFirewall::Firewall"
POLICY = "AWS::NetworkFirewall::FirewallPolicy"
RULE_GROUP = "AWS::NetworkFirewall::RuleGroup"
TYPES = (FIREWALL, POLICY, RULE_GROUP)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("network-firewall")
    firewalls = paginate(ctx, client, "list_firewalls", "Firewalls", (FIREWALL,)) or []
    found = ctx.map(lambda summary: _firewall(ctx, client, summary["FirewallArn"]), firewalls)
    yield from (item for item in found if item is not None)
    policies = paginate(ctx, client, "list_firewall_policies", "FirewallPolicies", (POLICY,)) or []
    found = ctx.map(lambda summary: _policy(ctx, client, summary["Arn"]), policies)
    yield from (item for item in found if item is not None)
    groups = paginate(ctx, client, "list_rule_groups", "RuleGroups", (RULE_GROUP,)) or []
    yield from ctx.map(lambda summary: _rule_group(ctx, client, summary), groups)


def _firewall(ctx: CollectContext, client: Any, arn: str) -> ConfigurationItem | None:
    found = call(
        ctx,
        "network-firewall",
        "DescribeFirewall",
        client.describe_firewall,
        (FIREWALL,),
        resource_id=arn,
        FirewallArn=arn,
    )
    if found is None:
        return None
    firewall = found.get("Firewall") or {}
    configuration: dict[str, Any] = {
        "firewall": config_case({k: v for k, v in firewall.items() if k != "Tags"}),
        "firewallStatus": config_case(found.get("FirewallStatus") or {}),
    }
    supplementary: dict[str, Any] = {}
    logging = call(
        ctx,
        "network-firewall",
        "DescribeLoggingConfiguration",
        client.describe_logging_configuration,
        (FIREWALL,),
        resource_id=arn,
        FirewallArn=arn,
    )
    if logging is not None:
        configs = (logging.get("LoggingConfiguration") or {}).get("LogDestinationConfigs") or []
        supplementary["LoggingConfiguration"] = {"logDestinationConfigs": config_case(configs)}
    relationships = []
    if firewall.get("FirewallPolicyArn"):
        relationships.append(Relationship(POLICY, firewall["FirewallPolicyArn"], relationshipName="Is associated with"))
    if firewall.get("VpcId"):
        relationships.append(Relationship("AWS::EC2::VPC", firewall["VpcId"], relationshipName="Is contained in Vpc"))
    return ctx.item(
        FIREWALL,
        firewall.get("FirewallId") or arn,
        configuration,
        arn=arn,
        name=firewall.get("FirewallName"),
        tags=tag_dict(firewall.get("Tags")),
        supplementary=supplementary,
        relationships=relationships,
    )


def _policy(ctx: CollectContext, client: Any, arn: str) -> ConfigurationItem | None:
    found = call(
        ctx,
        "network-firewall",
        "DescribeFirewallPolicy",
        client.describe_firewall_policy,
        (POLICY,),
        resource_id=arn,
        FirewallPolicyArn=arn,
    )
    if found is None:
        return None
    response = found.get("FirewallPolicyResponse") or {}
    return ctx.item(
        POLICY,
        response.get("FirewallPolicyId") or arn,
        {
            "firewallPolicy": config_case(found.get("FirewallPolicy") or {}),
            "firewallPolicyResponse": config_case({k: v for k, v in response.items() if k != "Tags"}),
        },
        arn=arn,
        name=response.get("FirewallPolicyName"),
        tags=tag_dict(response.get("Tags")),
    )


def _rule_group(ctx: CollectContext, client: Any, summary: dict[str, Any]) -> ConfigurationItem:
    arn = summary["Arn"]
    found = call(
        ctx,
        "network-firewall",
        "DescribeRuleGroup",
        client.describe_rule_group,
        (RULE_GROUP,),
        resource_id=arn,
        RuleGroupArn=arn,
    )
    if found is None:  # listed but unread: the group, its rules unknown
        listed = {"ruleGroupArn": arn, "ruleGroupName": summary.get("Name")}
        return ctx.item(RULE_GROUP, arn, {"ruleGroupResponse": listed}, arn=arn, name=summary.get("Name"))
    response = found.get("RuleGroupResponse") or {}
    configuration = {"ruleGroupResponse": config_case({k: v for k, v in response.items() if k != "Tags"})}
    if found.get("RuleGroup") is not None:
        configuration["ruleGroup"] = config_case(found["RuleGroup"])
    return ctx.item(
        RULE_GROUP,
        response.get("RuleGroupId") or arn,
        configuration,
        arn=arn,
        name=response.get("RuleGroupName") or summary.get("Name"),
        tags=tag_dict(response.get("Tags")),
    )


COLLECTORS = [
    Collector(
        name="network-firewall",
        resource_types=TYPES,
        permissions=(
            "network-firewall:ListFirewalls",
            "network-firewall:DescribeFirewall",
            "network-firewall:DescribeLoggingConfiguration",
            "network-firewall:ListFirewallPolicies",
            "network-firewall:DescribeFirewallPolicy",
            "network-firewall:ListRuleGroups",
            "network-firewall:DescribeRuleGroup",
        ),
        collect=collect,
        description="Network Firewall firewalls (logging, protections), firewall policies (default actions) and "
        "rule groups (their rules)",
    )
]
