"""AWS WAF Classic rules (global AWS::WAF::* and regional AWS::WAFRegional::*): logging, and rules, rule groups
and web ACLs that are not empty."""

from __future__ import annotations

from ._checks import non_empty, setting


def _not_empty(id, title, resource_type, path, what, inside, remediation):
    return setting(
        id=id, title=title, resource_types=[resource_type], path=path, passes=non_empty,
        failing=f"the {what} has no {inside}", passing=f"the {what} has {inside}",
        absent="fail",  # AWS Config leaves an empty list out
        severity="medium",
        rationale=f"An empty {what} inspects nothing: traffic passes as if it were not there.",
        remediation=remediation,
    )  # fmt: skip


waf_regional_rule_not_empty = _not_empty(
    "waf-regional-rule-not-empty", "WAF Classic regional rules have at least one condition", "AWS::WAFRegional::Rule",
    "configuration.predicateList", "rule", "condition",
    "aws waf-regional update-rule --rule-id R --updates Action=INSERT,Predicate={...} --change-token T",
)
waf_regional_rulegroup_not_empty = _not_empty(
    "waf-regional-rulegroup-not-empty", "WAF Classic regional rule groups have at least one rule",
    "AWS::WAFRegional::RuleGroup", "configuration.rules", "rule group", "rule",
    "aws waf-regional update-rule-group --rule-group-id G --updates Action=INSERT,ActivatedRule={...} --change-token T",
)
waf_regional_webacl_not_empty = _not_empty(
    "waf-regional-webacl-not-empty", "WAF Classic regional web ACLs have at least one rule or rule group",
    "AWS::WAFRegional::WebACL", "configuration.rulesList", "web ACL", "rule",
    "aws waf-regional update-web-acl --web-acl-id A --updates Action=INSERT,ActivatedRule={...} --change-token T",
)
waf_global_rule_not_empty = _not_empty(
    "waf-global-rule-not-empty", "WAF Classic global rules have at least one condition", "AWS::WAF::Rule",
    "configuration.predicateList", "rule", "condition",
    "aws waf update-rule --rule-id R --updates Action=INSERT,Predicate={...} --change-token T",
)
waf_global_rulegroup_not_empty = _not_empty(
    "waf-global-rulegroup-not-empty", "WAF Classic global rule groups have at least one rule", "AWS::WAF::RuleGroup",
    "configuration.rules", "rule group", "rule",
    "aws waf update-rule-group --rule-group-id G --updates Action=INSERT,ActivatedRule={...} --change-token T",
)
waf_global_webacl_not_empty = _not_empty(
    "waf-global-webacl-not-empty", "WAF Classic global web ACLs have at least one rule or rule group",
    "AWS::WAF::WebACL", "configuration.rulesList", "web ACL", "rule",
    "aws waf update-web-acl --web-acl-id A --updates Action=INSERT,ActivatedRule={...} --change-token T",
)
waf_classic_logging_enabled = setting(
    id="waf-classic-logging-enabled",
    title="WAF Classic global web ACLs have logging",
    resource_types=["AWS::WAF::WebACL"],
    path="supplementaryConfiguration.LoggingConfiguration.LogDestinationConfigs",
    passes=non_empty,
    failing="logging is off",
    passing="requests are logged",
    severity="medium",
    trigger="periodic",
    rationale="Web ACL logs show which requests were blocked or allowed, and why.",
    remediation="aws waf put-logging-configuration --logging-configuration ResourceArn=ACL_ARN,"
    "LogDestinationConfigs=FIREHOSE_ARN",
)
