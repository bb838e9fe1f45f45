"""Every built-in rule is tested, on Config-shaped items, for each state it can produce."""

from __future__ import annotations

from collections import defaultdict

from rule_tests import rule_test_modules, rule_test_paths

from compliance.plugins import load_plugins

# Every rule test module with a CASES table, found rather than listed by hand.
MODULES = [module for module in rule_test_modules() if hasattr(module, "CASES")]
# Rules whose cases live in dedicated tests (parametrized differently) rather than in a CASES table.
DEDICATED = {"cloudwatch-alarm-action-check": {"COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"}}
MONITORING_PREFIX = "log-metric-filter-alarm-"
# Rules that no test on moto-created, collector-read resources (tests/rules/test_moto*.py) reaches, and why.
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
    "netfw-stateless-rule-group-not-empty": "moto lacks network-firewall ListRuleGroups/DescribeRuleGroup "
    "(Stubber-tested collector)",
    "sagemaker-model-isolation-enabled": "moto 5.2.5 drops EnableNetworkIsolation at CreateModel (always False)",
    "eks-cluster-secrets-encrypted": "moto 5.2.5 drops encryptionConfig at CreateCluster (Stubber-tested collector)",
    "emr-master-no-public-ip": "moto 5.2.5 gives every EMR cluster a public primary DNS name (no private state)",
    "macie-status-check": "moto reports Macie ENABLED in every region and lacks UpdateMacieSession "
    "(Stubber-tested collector)",
    "macie-auto-sensitive-data-discovery-check": "moto lacks macie2 GetAutomatedDiscoveryConfiguration "
    "(Stubber-tested collector)",
    "ssm-automation-block-public-sharing": "moto lacks ssm GetServiceSetting (Stubber-tested collector)",
    "ssm-automation-logging-enabled": "moto lacks ssm GetServiceSetting (Stubber-tested collector)",
    "opensearch-update-check": "moto 5.2.5 leaves ServiceSoftwareOptions out of DescribeDomains",
    "redshift-cluster-multi-az-enabled": "moto 5.2.5 returns MultiAZ null from DescribeClusters",
    "api-gw-ssl-enabled": "moto 5.2.5 lacks GenerateClientCertificate and keeps no clientCertificateId on a stage "
    "(Stubber-tested collector)",
    "sagemaker-notebook-instance-platform-version": "moto 5.2.5 leaves PlatformIdentifier out of "
    "DescribeNotebookInstance",
    "cloudfront-custom-ssl-certificate": "moto 5.2.5 reports CloudFrontDefaultCertificate true for every "
    "distribution (Stubber-tested collector)",
    "cloudfront-sni-enabled": "moto 5.2.5 reports CloudFrontDefaultCertificate true for every distribution "
    "(always NOT_APPLICABLE; Stubber-tested collector)",
    "cloudfront-ssl-policy-check": "moto 5.2.5 reports CloudFrontDefaultCertificate true for every distribution "
    "(always NOT_APPLICABLE; Stubber-tested collector)",
    "cloudfront-s3-origin-access-control-enabled": "moto 5.2.5 drops S3OriginConfig and OriginAccessControlId "
    "from origins (Stubber-tested collector)",
    "cloudfront-origin-lambda-url-oac-enabled": "moto 5.2.5 drops OriginAccessControlId from origins",
}
# FSBP rules written before their collectors (issue 13): their types are not collected yet ...
NO_COLLECTOR_YET = "no collector yet: issue 13 collectors round"
NOT_MOTO_TESTED.update(dict.fromkeys([
    "rds-cluster-event-notifications-configured",
    "rds-instance-event-notifications-configured",
    "rds-pg-event-notifications-configured",
    "rds-proxy-tls-encryption",
    "rds-sg-event-notifications-configured",
    "wafv2-rulegroup-logging-enabled",
], NO_COLLECTOR_YET))  # fmt: skip
NOT_MOTO_TESTED["ec2-vpn-connection-logging-enabled"] = (
    "moto 5 DescribeVpnConnections returns no Options.TunnelOptions (so no LogOptions)"
)
NOT_MOTO_TESTED["ec2-spot-fleet-request-ct-encryption-at-rest"] = (
    "moto 5 DescribeSpotFleetRequests drops LaunchSpecifications[].BlockDeviceMappings"
)
NOT_MOTO_TESTED.update(dict.fromkeys([
    "docdb-cluster-audit-logging-enabled",
    "docdb-cluster-backup-retention-check",
    "docdb-cluster-deletion-protection-enabled",
    "docdb-cluster-encrypted",
    "docdb-cluster-snapshot-public-prohibited",
], "moto 5.2.5 CreateDBCluster refuses Engine docdb (through the rds and the docdb client)"))  # fmt: skip
NOT_MOTO_TESTED["neptune-cluster-iam-database-authentication"] = (
    "moto 5.2.5 treats a neptune cluster as Multi-AZ and refuses EnableIAMDatabaseAuthentication"
)
NOT_MOTO_TESTED["vpc-vpn-2-tunnels-up"] = "moto 5 DescribeVpnConnections returns no VgwTelemetry"
# moto implements neither waf nor waf-regional: the WAF Classic collectors are Stubber-tested
NOT_MOTO_TESTED.update(dict.fromkeys([
    "waf-classic-logging-enabled",
    "waf-global-rule-not-empty",
    "waf-global-rulegroup-not-empty",
    "waf-global-webacl-not-empty",
    "waf-regional-rule-not-empty",
    "waf-regional-rulegroup-not-empty",
    "waf-regional-webacl-not-empty",
], "moto has no WAF Classic (waf, waf-regional): Stubber-tested collector"))  # fmt: skip
# ... or their type is collected and the moto-collected test comes with that round's collector work.
MOTO_TEST_LATER = "collected type; moto-collected test due in the issue 13 collectors round"
NOT_MOTO_TESTED.update(dict.fromkeys([
    "ec2-paravirtual-instance-check",
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
            continue  # one implementation, exercised state by state in tests/rules/test_cloudwatch.py
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
        "kinesis-stream-encrypted", "kinesis-firehose-delivery-stream-encrypted", "api-gw-associated-with-waf",
        "api-gw-ssl-enabled", "api-gwv2-access-logs-enabled", "appsync-logging-enabled",
        "cloudfront-associated-with-waf", "cloudfront-origin-failover-enabled", "datasync-task-logging-enabled",
        "elasticsearch-audit-logging-enabled", "elasticsearch-logs-to-cloudwatch",
        "glue-ml-transform-encrypted-at-rest",
        "msk-connect-connector-logging-enabled", "transfer-connector-logging-enabled", "waf-global-rule-not-empty",
        "waf-global-rulegroup-not-empty", "waf-global-webacl-not-empty", "waf-regional-rule-not-empty",
        "waf-regional-rulegroup-not-empty", "waf-regional-webacl-not-empty",
        "workspaces-root-volume-encryption-enabled",
        "workspaces-user-volume-encryption-enabled",
    }  # fmt: skip
    states = covered()
    lacking = sorted(r for r, s in states.items() if "INSUFFICIENT_DATA" not in s and r not in never_insufficient)
    assert not lacking, f"no INSUFFICIENT_DATA case for: {lacking}"


def moto_tested(rules) -> set[str]:
    """Rules named in a moto-collected rule test."""
    text = "\n".join(path.read_text() for path in rule_test_paths("test_moto"))
    return {rule_id for rule_id in rules if f'"{rule_id}"' in text}


def test_rules_without_a_moto_collected_test_are_listed_with_a_reason():
    rules = load_plugins(entry_points_enabled=False).rules
    # the CIS monitoring rules share one implementation, tested on collected resources through two of them
    untested = {r for r in set(rules) - moto_tested(rules) if not r.startswith(MONITORING_PREFIX)}
    assert untested == set(NOT_MOTO_TESTED), (
        f"no moto-collected test and not listed: {sorted(untested - set(NOT_MOTO_TESTED))}; "
        f"listed but tested now: {sorted(set(NOT_MOTO_TESTED) - untested)}"
    )
