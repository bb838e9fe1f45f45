"""WAFv2 regional rule groups, as data (:mod:`compliance.collect.spec`): the list, then
GetRuleGroup per group for its rules."""

from __future__ import annotations

from compliance.collect.spec import Detail, ResourceSpec, spec_collector

COLLECTORS = [
    spec_collector(
        "wafv2-rulegroups",
        "wafv2",
        (
            ResourceSpec(
                "AWS::WAFv2::RuleGroup",
                "ListRuleGroups",
                "RuleGroups",
                "Id",
                arn="ARN",
                name_key="Name",
                list_params={"Scope": "REGIONAL"},
                tags_key=None,
                drop=("LockToken",),
                details=(
                    Detail(
                        "GetRuleGroup",
                        "configuration",
                        lambda e: {"Name": e["Name"], "Scope": "REGIONAL", "Id": e["Id"]},
                        lambda r: r.get("RuleGroup") or {},
                    ),
                ),
            ),
        ),
        description="WAFv2 regional rule groups and their rules",
    )
]
