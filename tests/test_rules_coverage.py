"""Every built-in rule is tested, on Config-shaped items, for each state it can produce."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import test_rules_cloudtrail
import test_rules_containers
import test_rules_data_services
import test_rules_ec2
import test_rules_ec2_network
import test_rules_iam
import test_rules_rds_clusters
import test_rules_s3
import test_rules_services

from compliance.plugins import load_plugins

MODULES = [
    test_rules_cloudtrail, test_rules_containers, test_rules_data_services, test_rules_ec2, test_rules_ec2_network,
    test_rules_iam, test_rules_rds_clusters, test_rules_s3, test_rules_services,
]  # fmt: skip
# Rules whose cases live in dedicated tests (parametrized differently) rather than in a CASES table.
DEDICATED = {"cloudwatch-alarm-action-check": {"COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"}}
MONITORING_PREFIX = "log-metric-filter-alarm-"
# Rules that no test on moto-created, collector-read resources (tests/test_rules_moto*.py) reaches, and why.
# A new rule needs such a test or a line here, so the gap stays visible.
NOT_MOTO_TESTED = {
    "acm-certificate-expiration-check": "no collector for AWS::ACM::Certificate",
    "acm-certificate-rsa-check": "no collector for AWS::ACM::Certificate",
    "subnet-auto-assign-public-ip-disabled": "no collector for AWS::EC2::Subnet",
    "wafv2-rulegroup-not-empty": "no collector for AWS::WAFv2::RuleGroup",
    "ec2-instance-managed-by-systems-manager": "moto lacks ssm DescribeInstanceInformation",
    "ec2-managedinstance-association-compliance-status-check": "moto lacks ssm ListResourceComplianceSummaries",
    "ec2-managedinstance-patch-compliance-status-check": "moto lacks ssm ListResourceComplianceSummaries",
    "iam-external-access-analyzer-enabled": "moto has no Access Analyzer",
    "netfw-policy-default-action-fragment-packets": "moto lacks network-firewall List/DescribeFirewallPolicy",
    "netfw-policy-default-action-full-packets": "moto lacks network-firewall List/DescribeFirewallPolicy",
    "netfw-policy-rule-group-associated": "moto lacks network-firewall List/DescribeFirewallPolicy",
}
# FSBP rules written before their collectors (issue 13): their types are not collected yet ...
NO_COLLECTOR_YET = "no collector yet: issue 13 collectors round"
NOT_MOTO_TESTED.update(dict.fromkeys([
    "custom-eventbus-policy-attached", "dax-encryption-enabled", "dax-tls-endpoint-encryption",
    "dynamodb-pitr-enabled", "dynamodb-table-deletion-protection-enabled", "ec2-client-vpn-connection-log-enabled",
    "ec2-enis-source-destination-check-enabled", "ec2-launch-template-imdsv2-check",
    "ec2-launch-template-public-ip-disabled", "ec2-launch-templates-ebs-volume-encrypted",
    "ec2-spot-fleet-request-ct-encryption-at-rest", "ec2-transit-gateway-auto-vpc-attach-disabled",
    "ec2-vpc-bpa-internet-gateway-blocked", "ec2-vpn-connection-logging-enabled",
    "ecr-private-image-scanning-enabled", "ecr-private-lifecycle-policy-configured",
    "ecr-private-tag-immutability-enabled", "ecs-container-insights-enabled", "ecs-containers-nonprivileged",
    "ecs-containers-readonly-access", "ecs-fargate-latest-platform-version", "ecs-no-environment-secrets",
    "ecs-service-assign-public-ip-disabled", "ecs-task-definition-log-configuration",
    "ecs-task-definition-pid-mode-check", "ecs-task-definition-user-for-host-mode-check",
    "ecs-taskset-assign-public-ip-disabled", "eks-cluster-log-enabled", "eks-cluster-secrets-encrypted",
    "eks-cluster-supported-version", "eks-endpoint-no-public-access", "kinesis-firehose-delivery-stream-encrypted",
    "kinesis-stream-backup-retention-check", "kinesis-stream-encrypted",
    "rds-cluster-event-notifications-configured", "rds-instance-event-notifications-configured",
    "rds-pg-event-notifications-configured", "rds-proxy-tls-encryption", "rds-sg-event-notifications-configured",
    "secretsmanager-rotation-enabled-check", "secretsmanager-scheduled-rotation-success-check",
    "secretsmanager-secret-periodic-rotation", "secretsmanager-secret-unused", "sqs-queue-encrypted",
    "sqs-queue-no-public-access", "step-functions-state-machine-logging-enabled", "vpc-vpn-2-tunnels-up",
], NO_COLLECTOR_YET))  # fmt: skip
# ... or their type is collected and the moto-collected test comes with that round's collector work.
MOTO_TEST_LATER = "collected type; moto-collected test due in the issue 13 collectors round"
NOT_MOTO_TESTED.update(dict.fromkeys([
    "aurora-mysql-backtracking-enabled", "docdb-cluster-audit-logging-enabled",
    "docdb-cluster-backup-retention-check", "docdb-cluster-deletion-protection-enabled", "docdb-cluster-encrypted",
    "docdb-cluster-snapshot-public-prohibited", "ec2-instance-multiple-eni-check", "ec2-paravirtual-instance-check",
    "ec2-stopped-instance-days-check", "mariadb-publish-logs-to-cloudwatch-logs",
    "neptune-cluster-backup-retention-check", "neptune-cluster-cloudwatch-log-export-enabled",
    "neptune-cluster-copy-tags-to-snapshot-enabled", "neptune-cluster-deletion-protection-enabled",
    "neptune-cluster-encrypted", "neptune-cluster-iam-database-authentication",
    "neptune-cluster-snapshot-encrypted", "neptune-cluster-snapshot-public-prohibited",
    "rds-aurora-mysql-audit-logging-enabled", "rds-aurora-postgresql-logs-to-cloudwatch",
    "rds-cluster-auto-minor-version-upgrade-enable", "rds-cluster-copy-tags-to-snapshots-enabled",
    "rds-cluster-default-admin-check", "rds-cluster-deletion-protection-enabled", "rds-cluster-encrypted-at-rest",
    "rds-cluster-iam-authentication-enabled", "rds-cluster-multi-az-enabled",
    "rds-instance-copy-tags-to-snapshots-enabled", "rds-instance-default-admin-check",
    "rds-mysql-cluster-copy-tags-to-snapshot-check", "rds-no-default-ports",
    "rds-pgsql-cluster-copy-tags-to-snapshot-check", "rds-postgresql-logs-to-cloudwatch",
    "rds-sql-server-logs-to-cloudwatch", "sns-topic-no-public-access", "vpc-endpoint-enabled",
], MOTO_TEST_LATER))  # fmt: skip


def covered() -> dict[str, set[str]]:
    states: dict[str, set[str]] = defaultdict(set)
    for module in MODULES:
        for case in module.CASES:
            states[case.rule].add(case.state)
    for rule_id, seen in DEDICATED.items():
        states[rule_id] |= seen
    return states


def test_every_rule_is_tested_compliant_and_non_compliant():
    rules = load_plugins(entry_points_enabled=False).rules
    states = covered()
    missing = []
    for rule_id in sorted(rules):
        if rule_id.startswith(MONITORING_PREFIX):
            continue  # one implementation, exercised state by state in test_rules_cloudwatch
        if not {"COMPLIANT", "NON_COMPLIANT"} <= states.get(rule_id, set()):
            missing.append(f"{rule_id}: {sorted(states.get(rule_id, set()))}")
    assert not missing, "rules without a COMPLIANT and a NON_COMPLIANT case:\n" + "\n".join(missing)


def test_cases_name_only_registered_rules():
    rules = load_plugins(entry_points_enabled=False).rules
    assert set(covered()) <= set(rules)


def test_most_rules_also_show_insufficient_data():
    # Rules that read data which may be missing must say so. Listed: rules whose missing property
    # means "off" (or "on") in AWS Config's items, and proof rules that keep their original behaviour.
    never_insufficient = {
        "restricted-ssh", "encrypted-volumes", "s3-bucket-versioning-enabled",
        "s3-bucket-server-side-encryption-enabled", "cloud-trail-log-file-validation-enabled",
        "cloud-trail-encryption-enabled", "ec2-instance-no-public-ip", "eip-attached", "lambda-inside-vpc",
        "autoscaling-launch-config-public-ip-disabled", "codebuild-project-s3-logs-encrypted",
        "codebuild-project-environment-privileged-check", "efs-access-point-enforce-root-directory",
        "efs-access-point-enforce-user-identity", "cognito-user-pool-advanced-security-enabled",
        "cloudformation-stack-notification-check", "autoscaling-launchconfig-requires-imdsv2",
        "sagemaker-notebook-instance-inside-vpc", "opensearch-audit-logging-enabled",
        "opensearch-logs-to-cloudwatch",
        # AWS Config leaves these out exactly when the feature is off (issue 13's FSBP rules)
        "ecr-private-lifecycle-policy-configured", "eks-cluster-secrets-encrypted", "eks-cluster-log-enabled",
        "kinesis-stream-encrypted", "kinesis-firehose-delivery-stream-encrypted",
    }  # fmt: skip
    states = covered()
    lacking = sorted(r for r, s in states.items() if "INSUFFICIENT_DATA" not in s and r not in never_insufficient)
    assert not lacking, f"no INSUFFICIENT_DATA case for: {lacking}"


def moto_tested(rules) -> set[str]:
    """Rules named in a moto-collected rule test."""
    text = "\n".join(path.read_text() for path in Path(__file__).parent.glob("test_rules_moto*.py"))
    return {rule_id for rule_id in rules if f'"{rule_id}"' in text}


def test_rules_without_a_moto_collected_test_are_listed_with_a_reason():
    rules = load_plugins(entry_points_enabled=False).rules
    # the CIS monitoring rules share one implementation, tested on collected resources through two of them
    untested = {r for r in set(rules) - moto_tested(rules) if not r.startswith(MONITORING_PREFIX)}
    assert untested == set(NOT_MOTO_TESTED), (
        f"no moto-collected test and not listed: {sorted(untested - set(NOT_MOTO_TESTED))}; "
        f"listed but tested now: {sorted(set(NOT_MOTO_TESTED) - untested)}"
    )
