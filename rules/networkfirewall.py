"""Network Firewall rules: policies' default actions and rule groups, firewalls' protection and logging."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import as_bool, as_list

POLICY = "AWS::NetworkFirewall::FirewallPolicy"
FIREWALL = "AWS::NetworkFirewall::Firewall"


def _policy(ci) -> dict | None:
    policy = ci.configuration.get("firewallPolicy")
    return policy if isinstance(policy, dict) else None


def _default_action_rule(key: str, what: str):
    def check(ci, params):
        policy = _policy(ci)
        if policy is None or key not in policy:
            return insufficient_data("the firewall policy was not recorded")
        actions = [str(a) for a in as_list(policy[key])]
        wanted = {"aws:drop", "aws:forward_to_sfe"} if not params["statelessDefaultActions"] else set(
            params["statelessDefaultActions"]
        )
        if set(actions) & wanted:
            return compliant(f"default action for {what}: {', '.join(actions)}")
        return non_compliant(f"default action for {what} is {', '.join(actions) or 'none'} (passes them)")

    check.__doc__ = f"Reads configuration.firewallPolicy.{key}."
    return check


_actions = {"statelessDefaultActions": Param(list, [], "Accepted actions (default: aws:drop or aws:forward_to_sfe)")}

netfw_policy_default_action_full_packets = rule(
    id="netfw-policy-default-action-full-packets",
    title="Network Firewall policies drop or forward full packets by default",
    resource_types=[POLICY],
    severity="medium",
    parameters=_actions,
    rationale="A pass default lets any packet no stateless rule matched skip inspection entirely.",
    remediation="Set the policy's StatelessDefaultActions to aws:forward_to_sfe (or aws:drop).",
    reads=["configuration.firewallPolicy"],
)(_default_action_rule("statelessDefaultActions", "full packets"))

netfw_policy_default_action_fragment_packets = rule(
    id="netfw-policy-default-action-fragment-packets",
    title="Network Firewall policies drop or forward fragmented packets by default",
    resource_types=[POLICY],
    severity="medium",
    parameters=_actions,
    rationale="Passing unmatched fragments is a classic way around packet inspection.",
    remediation="Set the policy's StatelessFragmentDefaultActions to aws:forward_to_sfe (or aws:drop).",
    reads=["configuration.firewallPolicy"],
)(_default_action_rule("statelessFragmentDefaultActions", "fragmented packets"))


@rule(
    id="netfw-policy-rule-group-associated",
    title="Network Firewall policies have at least one rule group",
    resource_types=[POLICY],
    severity="medium",
    rationale="A policy without rule groups inspects nothing beyond its default actions.",
    remediation="Add stateless or stateful rule groups to the firewall policy.",
    reads=["configuration.firewallPolicy"],
)
def netfw_policy_rule_group_associated(ci):
    """Reads firewallPolicy.statelessRuleGroupReferences and statefulRuleGroupReferences."""
    policy = _policy(ci)
    if policy is None:
        return insufficient_data("the firewall policy was not recorded")
    count = len(as_list(policy.get("statelessRuleGroupReferences"))) + len(
        as_list(policy.get("statefulRuleGroupReferences"))
    )
    return compliant(f"{count} rule group(s)") if count else non_compliant("the policy has no rule group")


@rule(
    id="netfw-deletion-protection-enabled",
    title="Network Firewall firewalls have deletion protection",
    resource_types=[FIREWALL],
    severity="medium",
    rationale="Deleting the firewall removes inspection from the VPC's traffic at once.",
    remediation="aws network-firewall update-firewall-delete-protection --firewall-name F --delete-protection",
    reads=["configuration.firewall"],
)
def netfw_deletion_protection_enabled(ci):
    """Reads configuration.firewall.deleteProtection."""
    value = as_bool((ci.configuration.get("firewall") or {}).get("deleteProtection"))
    if value is None:
        return insufficient_data("deleteProtection was not recorded")
    return compliant("deletion protection is on") if value else non_compliant("deletion protection is off")


@rule(
    id="netfw-logging-enabled",
    title="Network Firewall firewalls log",
    resource_types=[FIREWALL],
    severity="medium",
    rationale="Flow and alert logs are the only record of what the firewall passed or blocked.",
    remediation="aws network-firewall update-logging-configuration --firewall-name F --logging-configuration ...",
    reads=["supplementaryConfiguration.LoggingConfiguration"],
)
def netfw_logging_enabled(ci):
    """Reads supplementaryConfiguration.LoggingConfiguration.logDestinationConfigs."""
    if "LoggingConfiguration" not in ci.supplementaryConfiguration:
        return insufficient_data("the firewall's logging configuration was not recorded")
    logging = ci.supplementaryConfiguration["LoggingConfiguration"] or {}
    destinations = as_list(logging.get("logDestinationConfigs") or logging.get("LogDestinationConfigs"))
    return compliant(f"{len(destinations)} log destination(s)") if destinations else non_compliant("logging is off")
