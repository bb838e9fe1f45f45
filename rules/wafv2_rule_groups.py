"""WAFv2 rule group rules: CloudWatch metrics on the group and its rules."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._util import as_bool, as_list
from .wafv2 import RULE_GROUP


@rule(
    id="wafv2-rulegroup-logging-enabled",
    title="WAFv2 rule groups and their rules publish CloudWatch metrics",
    resource_types=[RULE_GROUP],
    severity="medium",
    rationale="Metrics show how often each rule matches, which reveals attacks and misfiring rules.",
    remediation="aws wafv2 update-rule-group --name G --scope REGIONAL --id ID --visibility-config "
    "SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=G --rules file://rules.json --lock-token T",
    reads=["configuration.visibilityConfig", "configuration.VisibilityConfig", "configuration.rules",
           "configuration.Rules"],  # fmt: skip
)
def wafv2_rulegroup_logging_enabled(ci):
    """Reads visibilityConfig.cloudWatchMetricsEnabled of the group and of each of its rules."""
    group = ci.configuration.get("visibilityConfig") or ci.configuration.get("VisibilityConfig")
    if group is None:
        return insufficient_data("the rule group's visibility configuration was not recorded")
    configs = [group] + [r.get("visibilityConfig") or r.get("VisibilityConfig") or {}
                         for r in as_list(ci.configuration.get("rules") or ci.configuration.get("Rules"))]  # fmt: skip
    off = [c for c in configs if as_bool(c.get("cloudWatchMetricsEnabled", c.get("CloudWatchMetricsEnabled"))) is None
           or not as_bool(c.get("cloudWatchMetricsEnabled", c.get("CloudWatchMetricsEnabled")))]  # fmt: skip
    if off:
        return non_compliant("CloudWatch metrics are off for the group or some of its rules")
    return compliant("CloudWatch metrics are on")
