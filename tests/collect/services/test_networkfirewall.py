import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.networkfirewall import COLLECTORS, FIREWALL, POLICY

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
    assert [(e.api, e.resourceTypes) for e in errors] == [("ListFirewallPolicies", [POLICY])]


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
    with stub:
        ctx = context(clients={"network-firewall": client})
        assert list(NETWORK_FIREWALL.collect(ctx)) == []
    assert [(e.api, e.resourceId) for e in ctx.errors] == [("DescribeFirewallPolicy", POLICY_ARN)]
