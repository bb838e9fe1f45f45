import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.networkfirewall import COLLECTORS, FIREWALL, POLICY, RULE_GROUP

NETWORK_FIREWALL = COLLECTORS[0]
POLICY_ARN = "arn:aws:network-firewall:us-east-1:123456789012:firewall-policy/strict"


@mock_aws
def test_firewalls_on_the_simulator_policies_recorded_as_unavailable():
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.3.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.3.1.0/24")["Subnet"]["SubnetId"]
    arn = boto3.client("network-firewall", region_name="us-east-1").create_firewall(
        FirewallName="edge",
        FirewallPolicyArn=POLICY_ARN,
        VpcId=vpc,
        SubnetMappings=[{"SubnetId": subnet}],
        DeleteProtection=True,
    )["Firewall"]["FirewallArn"]

    items, errors = run(NETWORK_FIREWALL)

    firewall = one(items, FIREWALL, arn)
    assert firewall.configuration["firewall"]["deleteProtection"] is True
    assert firewall.configuration["firewall"]["firewallPolicyArn"] == POLICY_ARN
    assert firewall.configuration["firewallStatus"]["status"] == "READY"
    assert firewall.supplementaryConfiguration["LoggingConfiguration"] == {"logDestinationConfigs": []}
    assert (POLICY, POLICY_ARN) in {(r.resourceType, r.resourceId) for r in firewall.relationships}
    # the simulator lacks the policy and rule group calls: recorded, not fatal
    assert [(e.api, e.resourceTypes) for e in errors] == [
        ("ListFirewallPolicies", [POLICY]),
        ("ListRuleGroups", [RULE_GROUP]),
    ]


def test_policies_stubbed():
    client, stub = stubbed("network-firewall")
    stub.add_response("list_firewalls", {"Firewalls": []})
    stub.add_response("list_firewall_policies", {"FirewallPolicies": [{"Name": "strict", "Arn": POLICY_ARN}]})
    stub.add_response(
        "describe_firewall_policy",
        {
            "UpdateToken": "t",
            "FirewallPolicyResponse": {
                "FirewallPolicyName": "strict",
                "FirewallPolicyArn": POLICY_ARN,
                "FirewallPolicyId": "11111111-2222-3333-4444-555555555555",
                "FirewallPolicyStatus": "ACTIVE",
            },
            "FirewallPolicy": {
                "StatelessDefaultActions": ["aws:forward_to_sfe"],
                "StatelessFragmentDefaultActions": ["aws:drop"],
                "StatefulRuleGroupReferences": [
                    {"ResourceArn": "arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/block"}
                ],
            },
        },
        {"FirewallPolicyArn": POLICY_ARN},
    )
    stub.add_response("list_rule_groups", {"RuleGroups": []})
    with stub:
        ctx = context(clients={"network-firewall": client})
        items = list(NETWORK_FIREWALL.collect(ctx))
    stub.assert_no_pending_responses()
    assert ctx.errors == []
    policy = one(items, POLICY, "11111111-2222-3333-4444-555555555555")
    assert policy.configuration["firewallPolicy"]["statelessDefaultActions"] == ["aws:forward_to_sfe"]
    assert policy.configuration["firewallPolicy"]["statelessFragmentDefaultActions"] == ["aws:drop"]
    assert policy.configuration["firewallPolicyResponse"]["firewallPolicyName"] == "strict"
    assert policy.arn == POLICY_ARN


def test_denied_policy_description_recorded_per_policy():
    client, stub = stubbed("network-firewall")
    stub.add_response("list_firewalls", {"Firewalls": []})
    stub.add_response("list_firewall_policies", {"FirewallPolicies": [{"Name": "strict", "Arn": POLICY_ARN}]})
    stub.add_client_error("describe_firewall_policy", "AccessDeniedException", "denied", 403)
    stub.add_response("list_rule_groups", {"RuleGroups": []})
    with stub:
        ctx = context(clients={"network-firewall": client})
        assert list(NETWORK_FIREWALL.collect(ctx)) == []
    assert [(e.api, e.resourceId) for e in ctx.errors] == [("DescribeFirewallPolicy", POLICY_ARN)]


GROUP_ARN = "arn:aws:network-firewall:us-east-1:123456789012:stateless-rulegroup/{}"
GROUP_ID = "22222222-3333-4444-5555-{:012d}"


def _described(name: str, number: int, rules: list[dict]) -> dict:
    return {
        "UpdateToken": "t",
        "RuleGroup": {"RulesSource": {"StatelessRulesAndCustomActions": {"StatelessRules": rules}}},
        "RuleGroupResponse": {
            "RuleGroupArn": GROUP_ARN.format(name),
            "RuleGroupName": name,
            "RuleGroupId": GROUP_ID.format(number),
            "Type": "STATELESS",
            "Capacity": 10,
            "RuleGroupStatus": "ACTIVE",
            "NumberOfAssociations": 1,
            "Tags": [{"Key": "team", "Value": "network"}],
        },
    }


DROP_TELNET = {
    "Priority": 1,
    "RuleDefinition": {
        "MatchAttributes": {
            "Sources": [{"AddressDefinition": "0.0.0.0/0"}],
            "DestinationPorts": [{"FromPort": 23, "ToPort": 23}],
            "Protocols": [6],
            "TCPFlags": [{"Flags": ["SYN"], "Masks": ["SYN", "ACK"]}],
        },
        "Actions": ["aws:drop"],
    },
}


def _rule_groups_stubbed(*, denied: bool = False) -> tuple[list, list]:
    client, stub = stubbed("network-firewall")
    stub.add_response("list_firewalls", {"Firewalls": []})
    stub.add_response("list_firewall_policies", {"FirewallPolicies": []})
    stub.add_response(
        "list_rule_groups",
        {"RuleGroups": [{"Name": "drop-telnet", "Arn": GROUP_ARN.format("drop-telnet")},
                        {"Name": "placeholder", "Arn": GROUP_ARN.format("placeholder")}]},
    )  # fmt: skip
    if denied:
        for _ in range(2):
            stub.add_client_error("describe_rule_group", "AccessDeniedException", "denied", 403)
    else:
        stub.add_response(
            "describe_rule_group",
            _described("drop-telnet", 1, [DROP_TELNET]),
            {"RuleGroupArn": GROUP_ARN.format("drop-telnet")},
        )
        stub.add_response(
            "describe_rule_group", _described("placeholder", 2, []), {"RuleGroupArn": GROUP_ARN.format("placeholder")}
        )
    with stub:
        ctx = context(clients={"network-firewall": client})
        items = list(NETWORK_FIREWALL.collect(ctx))
    stub.assert_no_pending_responses()
    return items, ctx.errors


def test_rule_groups_in_config_spelling():
    items, errors = _rule_groups_stubbed()
    assert errors == []
    group = one(items, RULE_GROUP, GROUP_ID.format(1))
    assert (group.arn, group.resourceName, group.tags) == (GROUP_ARN.format("drop-telnet"), "drop-telnet",
                                                          {"team": "network"})  # fmt: skip
    assert group.get("configuration.ruleGroupResponse.type") == "STATELESS"
    assert group.get("configuration.ruleGroupResponse.capacity") == 10
    assert "tags" not in group.configuration["ruleGroupResponse"]
    stateless = group.get("configuration.ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules")
    assert stateless[0]["ruleDefinition"]["actions"] == ["aws:drop"]
    assert stateless[0]["ruleDefinition"]["matchAttributes"]["tCPFlags"] == [{"flags": ["SYN"],
                                                                              "masks": ["SYN", "ACK"]}]  # fmt: skip
    empty = one(items, RULE_GROUP, GROUP_ID.format(2))
    assert empty.get("configuration.ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules") == []


def test_a_denied_rule_group_description_is_an_error_and_leaves_its_rules_unknown():
    items, errors = _rule_groups_stubbed(denied=True)
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("DescribeRuleGroup", GROUP_ARN.format("drop-telnet")),
        ("DescribeRuleGroup", GROUP_ARN.format("placeholder")),
    ]
    groups = [i for i in items if i.resourceType == RULE_GROUP]
    assert sorted(g.resourceId for g in groups) == [GROUP_ARN.format("drop-telnet"), GROUP_ARN.format("placeholder")]
    assert all("ruleGroup" not in g.configuration and "type" not in g.configuration["ruleGroupResponse"]
               for g in groups)  # fmt: skip


def test_an_empty_region_costs_one_request_per_type():
    client, stub = stubbed("network-firewall")
    stub.add_response("list_firewalls", {"Firewalls": []})
    stub.add_response("list_firewall_policies", {"FirewallPolicies": []})
    stub.add_response("list_rule_groups", {"RuleGroups": []})
    with stub:
        ctx = context(clients={"network-firewall": client})
        assert list(NETWORK_FIREWALL.collect(ctx)) == []
    stub.assert_no_pending_responses()
