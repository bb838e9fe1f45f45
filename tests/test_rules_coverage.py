"""Every built-in rule is tested, on Config-shaped items, for each state it can produce."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import test_rules_cloudtrail
import test_rules_ec2
import test_rules_iam
import test_rules_s3
import test_rules_services

from compliance.plugins import load_plugins

MODULES = [test_rules_iam, test_rules_s3, test_rules_ec2, test_rules_cloudtrail, test_rules_services]
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
