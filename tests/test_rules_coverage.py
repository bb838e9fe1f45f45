"""Every built-in rule is tested, on Config-shaped items, for each state it can produce."""

from __future__ import annotations

from collections import defaultdict

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
