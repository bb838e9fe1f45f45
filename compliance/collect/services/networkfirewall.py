"""Network Firewall: firewalls (with logging configuration) and firewall policies, shaped as AWS
Config records them: ``configuration.firewall`` / ``configuration.firewallStatus``, and
``configuration.firewallPolicy`` / ``configuration.firewallPolicyResponse``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

FIREWALL = "AWS::NetworkFirewall::Firewall"
POLICY = "AWS::NetworkFirewall::FirewallPolicy"
TYPES = (FIREWALL, POLICY)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("network-firewall")
    firewalls = paginate(ctx, client, "list_firewalls", "Firewalls", (FIREWALL,)) or []
    found = ctx.map(lambda summary: _firewall(ctx, client, summary["FirewallArn"]), firewalls)
    yield from (item for item in found if item is not None)
    policies = paginate(ctx, client, "list_firewall_policies", "FirewallPolicies", (POLICY,)) or []
    found = ctx.map(lambda summary: _policy(ctx, client, summary["Arn"]), policies)
    yield from (item for item in found if item is not None)


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
        ),
        collect=collect,
        description="Network Firewall firewalls (logging, protections) and firewall policies (default actions)",
    )
]
