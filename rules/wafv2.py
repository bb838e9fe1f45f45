"""AWS WAF (v2) rules: web ACLs have rules and log."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._util import as_list

WEB_ACL = "AWS::WAFv2::WebACL"
RULE_GROUP = "AWS::WAFv2::RuleGroup"


@rule(
    id="wafv2-webacl-not-empty",
    title="WAF web ACLs contain at least one rule or rule group",
    resource_types=[WEB_ACL],
    severity="medium",
    rationale="An empty web ACL inspects nothing and only applies its default action.",
    remediation="Add managed rule groups (e.g. AWSManagedRulesCommonRuleSet) or your own rules to the web ACL.",
    reads=["configuration.rules"],
)
def wafv2_webacl_not_empty(ci):
    """Reads configuration.rules."""
    if "rules" not in ci.configuration:
        return insufficient_data("the web ACL's rules were not recorded")
    count = len(as_list(ci.configuration["rules"]))
    return compliant(f"{count} rule(s)") if count else non_compliant("the web ACL has no rules")


@rule(
    id="wafv2-rulegroup-not-empty",
    title="WAF rule groups contain at least one rule",
    resource_types=[RULE_GROUP],
    severity="medium",
    rationale="An empty rule group gives the impression of protection without any.",
    remediation="Add rules to the rule group, or remove it from the web ACLs that reference it.",
    reads=["configuration.rules"],
)
def wafv2_rulegroup_not_empty(ci):
    """Reads configuration.rules."""
    if "rules" not in ci.configuration:
        return insufficient_data("the rule group's rules were not recorded")
    count = len(as_list(ci.configuration["rules"]))
    return compliant(f"{count} rule(s)") if count else non_compliant("the rule group has no rules")


@rule(
    id="wafv2-logging-enabled",
    title="WAF web ACLs have logging enabled",
    resource_types=[WEB_ACL],
    severity="medium",
    rationale="WAF logs record which requests were blocked or allowed, and why.",
    remediation="aws wafv2 put-logging-configuration --logging-configuration ResourceArn=ACL,LogDestinationConfigs=...",
    reads=["supplementaryConfiguration.LoggingConfiguration"],
)
def wafv2_logging_enabled(ci):
    """Reads supplementaryConfiguration.LoggingConfiguration (GetLoggingConfiguration; null when off)."""
    if "LoggingConfiguration" not in ci.supplementaryConfiguration:
        return insufficient_data("the web ACL's logging configuration was not recorded")
    logging = ci.supplementaryConfiguration["LoggingConfiguration"] or {}
    if as_list(logging.get("LogDestinationConfigs") or logging.get("logDestinationConfigs")):
        return compliant("logging is enabled")
    return non_compliant("logging is off")
