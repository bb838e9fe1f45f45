"""Network Firewall rules FSBP added: subnet change protection, stateless rule groups with rules."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare, setting
from ._util import as_list
from .networkfirewall import FIREWALL

RULE_GROUP = "AWS::NetworkFirewall::RuleGroup"

netfw_subnet_change_protection_enabled = setting(
    id="netfw-subnet-change-protection-enabled",
    title="Network Firewall firewalls have subnet change protection",
    resource_types=[FIREWALL],
    path="configuration.firewall.subnetChangeProtection",
    what="subnet change protection",
    severity="medium",
    rationale="Subnet change protection stops the firewall's subnets from being changed by mistake.",
    remediation="aws network-firewall update-subnet-change-protection --firewall-name F --subnet-change-protection",
)


@declare(
    id="netfw-stateless-rule-group-not-empty",
    title="Network Firewall stateless rule groups contain rules",
    resource_types=[RULE_GROUP],
    reads=["configuration.ruleGroupResponse.type", "configuration.ruleGroup.rulesSource"],
    severity="medium",
    rationale="An empty stateless rule group inspects nothing, though the policy seems to filter traffic.",
    remediation="aws network-firewall update-rule-group --rule-group-arn RG --rule-group file://rules.json",
)
def netfw_stateless_rule_group_not_empty(ci):
    """Reads ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules of STATELESS groups."""
    kind = ci.get("configuration.ruleGroupResponse.type")
    if kind is None:
        return insufficient_data("the rule group's type was not recorded")
    if str(kind).upper() != "STATELESS":
        return not_applicable("a stateful rule group")
    source = ci.get("configuration.ruleGroup.rulesSource") or {}
    rules = as_list((source.get("statelessRulesAndCustomActions") or {}).get("statelessRules"))
    if not rules:
        return non_compliant("the stateless rule group has no rules")
    return compliant(f"{len(rules)} stateless rule(s)")
