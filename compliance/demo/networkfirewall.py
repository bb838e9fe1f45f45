"""Demo Network Firewall: one firewall in the first region with deletion protection but no
logging; its policy (ListFirewallPolicies/DescribeFirewallPolicy answered by ``_simulated``:
the simulator lacks them) forwards stateless traffic but passes fragments. Two stateless rule groups
(ListRuleGroups/DescribeRuleGroup answered too): one drops inbound telnet, one was left empty (NetworkFirewall.6)."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import answer


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.create_vpc(CidrBlock="10.80.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.80.1.0/24")["Subnet"]["SubnetId"]
    account = session.client("sts", region_name=region).get_caller_identity()["Account"]
    policy_arn = f"arn:aws:network-firewall:{region}:{account}:firewall-policy/egress-policy"
    session.client("network-firewall", region_name=region).create_firewall(
        FirewallName="egress-inspection",
        FirewallPolicyArn=policy_arn,
        VpcId=vpc,
        SubnetMappings=[{"SubnetId": subnet}],
        DeleteProtection=True,
    )

    def policies(at: str, _params: dict[str, Any]) -> dict[str, Any]:
        return {"FirewallPolicies": [{"Name": "egress-policy", "Arn": policy_arn}] if at == region else []}

    def policy(_at: str, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            "UpdateToken": "demo",
            "FirewallPolicyResponse": {
                "FirewallPolicyName": "egress-policy",
                "FirewallPolicyArn": policy_arn,
                "FirewallPolicyId": "6f1d2c3b-0000-4000-8000-00000000demo",
                "FirewallPolicyStatus": "ACTIVE",
            },
            "FirewallPolicy": {
                "StatelessDefaultActions": ["aws:forward_to_sfe"],
                "StatelessFragmentDefaultActions": ["aws:pass"],
            },
        }

    answer(session, "network-firewall", "ListFirewallPolicies", policies)
    answer(session, "network-firewall", "DescribeFirewallPolicy", policy)
    _rule_groups(session, region, account)


GROUPS: dict[str, list[dict[str, Any]]] = {
    "drop-telnet": [
        {
            "Priority": 10,
            "RuleDefinition": {
                "MatchAttributes": {
                    "Sources": [{"AddressDefinition": "0.0.0.0/0"}],
                    "DestinationPorts": [{"FromPort": 23, "ToPort": 23}],
                    "Protocols": [6],
                },
                "Actions": ["aws:drop"],
            },
        }
    ],
    "egress-placeholder": [],
}


def _rule_groups(session: Any, region: str, account: str) -> None:
    group_arn = f"arn:aws:network-firewall:{region}:{account}:stateless-rulegroup/{{}}"

    def listed(at: str, _params: dict[str, Any]) -> dict[str, Any]:
        return {"RuleGroups": [{"Name": n, "Arn": group_arn.format(n)} for n in GROUPS] if at == region else []}

    def described(_at: str, params: dict[str, Any]) -> dict[str, Any]:
        name = str(params.get("RuleGroupArn") or params.get("RuleGroupName") or "").rsplit("/", 1)[-1]
        if name not in GROUPS:
            return {"Error": {"Code": "ResourceNotFoundException", "Message": f"rule group {name} not found"}}
        return {
            "UpdateToken": "demo",
            "RuleGroup": {"RulesSource": {"StatelessRulesAndCustomActions": {"StatelessRules": GROUPS[name]}}},
            "RuleGroupResponse": {
                "RuleGroupArn": group_arn.format(name),
                "RuleGroupName": name,
                "RuleGroupId": f"7a2e4c6d-0000-4000-8000-0000000000{sorted(GROUPS).index(name) + 1:02d}",
                "Type": "STATELESS",
                "Capacity": 50,
                "RuleGroupStatus": "ACTIVE",
                "NumberOfAssociations": 0,
            },
        }

    answer(session, "network-firewall", "ListRuleGroups", listed)
    answer(session, "network-firewall", "DescribeRuleGroup", described)
