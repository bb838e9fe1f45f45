"""Elasticsearch domain rules on domains created in a simulated account (moto) through the OpenSearch Service API
with an Elasticsearch engine version and read by the real collector."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, collected, make_subnets, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

DOMAIN = "AWS::Elasticsearch::Domain"
GROUP = f"arn:aws:logs:{REGION}:123456789012:log-group:es"


def _domains(session: boto3.Session) -> None:
    client = session.client("opensearch", region_name=REGION)
    client.create_domain(
        DomainName="sealed",
        EngineVersion="Elasticsearch_7.10",
        ClusterConfig={
            "InstanceCount": 3,
            "ZoneAwarenessEnabled": True,
            "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3},
            "DedicatedMasterEnabled": True,
            "DedicatedMasterCount": 3,
            "DedicatedMasterType": "m5.large.search",
        },
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        LogPublishingOptions={
            "ES_APPLICATION_LOGS": {"CloudWatchLogsLogGroupArn": GROUP, "Enabled": True},
            "AUDIT_LOGS": {"CloudWatchLogsLogGroupArn": GROUP, "Enabled": True},
        },
    )
    client.create_domain(
        DomainName="open",
        EngineVersion="Elasticsearch_7.10",
        ClusterConfig={"InstanceCount": 1, "ZoneAwarenessEnabled": False, "DedicatedMasterEnabled": False},
        NodeToNodeEncryptionOptions={"Enabled": False},
        DomainEndpointOptions={"EnforceHTTPS": False, "TLSSecurityPolicy": "Policy-Min-TLS-1-0-2019-07"},
    )


@pytest.fixture(scope="module")
def domains_snapshot() -> Snapshot:
    return collected(_domains, ["opensearch"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "elasticsearch-https-required",
        "elasticsearch-node-to-node-encryption-check",
        "elasticsearch-logs-to-cloudwatch",
        "elasticsearch-audit-logging-enabled",
        "elasticsearch-data-node-fault-tolerance",
        "elasticsearch-primary-node-fault-tolerance",
    ],
)
def test_elasticsearch_domain_settings(domains_snapshot, rule_id):
    assert verdicts(rule_id, domains_snapshot, DOMAIN) == {"sealed": COMPLIANT, "open": NON_COMPLIANT}


# --- Cognito user pool password policy ------------------------------------------------------------------


def _user_pools(session: boto3.Session) -> None:
    client = session.client("cognito-idp", region_name=REGION)
    strong = {"MinimumLength": 12, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True,
              "RequireSymbols": True, "TemporaryPasswordValidityDays": 7}  # fmt: skip
    client.create_user_pool(PoolName="strong", Policies={"PasswordPolicy": strong})
    client.create_user_pool(PoolName="short", Policies={"PasswordPolicy": {**strong, "MinimumLength": 6}})
    client.create_user_pool(PoolName="no-symbols", Policies={"PasswordPolicy": {**strong, "RequireSymbols": False}})


def test_cognito_password_policy():
    snapshot = collected(_user_pools, ["cognito"])
    assert verdicts("cognito-user-pool-password-policy-check", snapshot, "AWS::Cognito::UserPool") == {
        "strong": COMPLIANT,
        "short": NON_COMPLIANT,
        "no-symbols": NON_COMPLIANT,
    }


# --- Auto Scaling launch templates and instance types ---------------------------------------------------

ASG = "AWS::AutoScaling::AutoScalingGroup"


def _groups(session: boto3.Session) -> None:
    _, subnets = make_subnets(session, "10.9")
    template = session.client("ec2", region_name=REGION).create_launch_template(
        LaunchTemplateName="app", LaunchTemplateData={"ImageId": "ami-12345678", "InstanceType": "t3.micro"}
    )["LaunchTemplate"]["LaunchTemplateId"]
    autoscaling = session.client("autoscaling", region_name=REGION)
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="legacy", ImageId="ami-12345678", InstanceType="t3.micro"
    )
    common = {"MinSize": 0, "MaxSize": 1, "VPCZoneIdentifier": subnets[0]}
    autoscaling.create_auto_scaling_group(AutoScalingGroupName="configured", LaunchConfigurationName="legacy", **common)
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="templated", LaunchTemplate={"LaunchTemplateId": template, "Version": "$Latest"}, **common
    )
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="mixed",
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": template, "Version": "$Latest"},
                "Overrides": [{"InstanceType": "t3.micro"}, {"InstanceType": "t3a.micro"}],
            }
        },
        **common,
    )


@pytest.fixture(scope="module")
def groups_snapshot() -> Snapshot:
    return collected(_groups, ["autoscaling"])


def test_autoscaling_launch_template(groups_snapshot):
    assert verdicts("autoscaling-launch-template", groups_snapshot, ASG) == {
        "configured": NON_COMPLIANT,
        "templated": COMPLIANT,
        "mixed": COMPLIANT,
    }


def test_autoscaling_multiple_instance_types(groups_snapshot):
    assert verdicts("autoscaling-multiple-instance-types", groups_snapshot, ASG) == {
        "configured": NON_COMPLIANT,
        "templated": NON_COMPLIANT,
        "mixed": COMPLIANT,
    }


# --- Network Firewall subnet change protection ----------------------------------------------------------


def _firewalls(session: boto3.Session) -> None:
    vpc, subnets = make_subnets(session, "10.7")
    firewalls = session.client("network-firewall", region_name=REGION)
    policy = f"arn:aws:network-firewall:{REGION}:{ACCOUNT_ID}:firewall-policy/edge"
    common = {"FirewallPolicyArn": policy, "VpcId": vpc, "SubnetMappings": [{"SubnetId": subnets[0]}]}
    firewalls.create_firewall(FirewallName="locked", SubnetChangeProtection=True, **common)
    firewalls.create_firewall(FirewallName="unlocked", SubnetChangeProtection=False, **common)


def test_netfw_subnet_change_protection():
    unimplemented = ("ListFirewallPolicies", "ListRuleGroups")  # moto implements neither
    snapshot = collected(_firewalls, ["network-firewall"], unimplemented=unimplemented)
    assert verdicts("netfw-subnet-change-protection-enabled", snapshot, "AWS::NetworkFirewall::Firewall") == {
        "locked": COMPLIANT,
        "unlocked": NON_COMPLIANT,
    }
