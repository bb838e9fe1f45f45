"""Demo AWS WAF Classic (the simulator implements neither ``waf`` nor ``waf-regional``: every read is answered
here, in the API's shape). Global: the storefront's web ACL blocks a bad-bot rule and a rule group and logs to
Firehose; a forgotten ACL has no rules and no logging; a rule and a rule group were left empty. Regional, in the
first region: the same pair of web ACLs, rules and rule groups (WAF.1-4, WAF.6-8, WAF.10)."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import answer

ACCOUNT = "123456789012"
LOG_STREAM = f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/aws-waf-logs-storefront"
# {id: (name, contents)}: a web ACL's activated rules, a rule's predicates, a rule group's activated rules
WEB_ACLS = {
    "b1f2c3d4-0001-4000-8000-00000000demo": ("storefront-acl", [
        {"Priority": 1, "RuleId": "b1f2c3d4-0003-4000-8000-00000000demo", "Action": {"Type": "BLOCK"},
         "Type": "REGULAR"},
        {"Priority": 2, "RuleId": "b1f2c3d4-0005-4000-8000-00000000demo", "OverrideAction": {"Type": "NONE"},
         "Type": "GROUP"},
    ]),
    "b1f2c3d4-0002-4000-8000-00000000demo": ("forgotten-acl", []),
}  # fmt: skip
RULES = {
    "b1f2c3d4-0003-4000-8000-00000000demo": ("bad-bots", [{"Negated": False, "Type": "IPMatch",
                                                            "DataId": "b1f2c3d4-0007-4000-8000-00000000demo"}]),
    "b1f2c3d4-0004-4000-8000-00000000demo": ("todo-rule", []),
}  # fmt: skip
RULE_GROUPS = {
    "b1f2c3d4-0005-4000-8000-00000000demo": ("bot-control", [
        {"Priority": 1, "RuleId": "b1f2c3d4-0003-4000-8000-00000000demo", "Action": {"Type": "BLOCK"},
         "Type": "REGULAR"},
    ]),
    "b1f2c3d4-0006-4000-8000-00000000demo": ("empty-group", []),
}  # fmt: skip
LOGGED = "b1f2c3d4-0001-4000-8000-00000000demo"


def _not_found() -> dict[str, Any]:
    return {"Error": {"Code": "WAFNonexistentItemException", "Message": "The referenced item does not exist."}}


def _answer(session: Any, service: str, home: str | None, arn: str) -> None:
    """Answer ``service``'s reads; ``home`` None: every region (global WAF), else only that region has resources."""

    def here(region: str) -> bool:
        return home is None or region == home

    def listed(table: dict[str, tuple[str, list]], key: str, id_key: str) -> Any:
        return lambda region, _p: {key: [{id_key: i, "Name": n} for i, (n, _) in table.items()] if here(region) else []}

    answer(session, service, "ListWebACLs", listed(WEB_ACLS, "WebACLs", "WebACLId"))
    answer(session, service, "ListRules", listed(RULES, "Rules", "RuleId"))
    answer(session, service, "ListRuleGroups", listed(RULE_GROUPS, "RuleGroups", "RuleGroupId"))

    def web_acl(region: str, params: dict[str, Any]) -> dict[str, Any]:
        acl_id = params.get("WebACLId", "")
        if acl_id not in WEB_ACLS or not here(region):
            return _not_found()
        name, rules = WEB_ACLS[acl_id]
        return {"WebACL": {"WebACLId": acl_id, "Name": name, "MetricName": name.replace("-", ""),
                           "DefaultAction": {"Type": "ALLOW"}, "Rules": rules,
                           "WebACLArn": arn.format(region=region, kind="webacl", id=acl_id)}}  # fmt: skip

    def rule(region: str, params: dict[str, Any]) -> dict[str, Any]:
        rule_id = params.get("RuleId", "")
        if rule_id not in RULES or not here(region):
            return _not_found()
        name, predicates = RULES[rule_id]
        return {"Rule": {"RuleId": rule_id, "Name": name, "MetricName": name.replace("-", ""),
                         "Predicates": predicates}}  # fmt: skip

    def rule_group(region: str, params: dict[str, Any]) -> dict[str, Any]:
        group_id = params.get("RuleGroupId", "")
        if group_id not in RULE_GROUPS or not here(region):
            return _not_found()
        name = RULE_GROUPS[group_id][0]
        return {"RuleGroup": {"RuleGroupId": group_id, "Name": name, "MetricName": name.replace("-", "")}}

    def activated(region: str, params: dict[str, Any]) -> dict[str, Any]:
        group_id = params.get("RuleGroupId", "")
        if group_id not in RULE_GROUPS or not here(region):
            return _not_found()
        return {"ActivatedRules": RULE_GROUPS[group_id][1]}

    answer(session, service, "GetWebACL", web_acl)
    answer(session, service, "GetRule", rule)
    answer(session, service, "GetRuleGroup", rule_group)
    answer(session, service, "ListActivatedRulesInRuleGroup", activated)


def seed(session: Any, regions: list[str]) -> None:
    _answer(session, "waf", None, "arn:aws:waf::" + ACCOUNT + ":{kind}/{id}")
    _answer(session, "waf-regional", regions[0], "arn:aws:waf-regional:{region}:" + ACCOUNT + ":{kind}/{id}")

    def logging(_region: str, params: dict[str, Any]) -> dict[str, Any]:
        resource_arn = str(params.get("ResourceArn", ""))
        if not resource_arn.endswith(f"/{LOGGED}"):
            return _not_found()
        return {"LoggingConfiguration": {"ResourceArn": resource_arn, "LogDestinationConfigs": [LOG_STREAM]}}

    answer(session, "waf", "GetLoggingConfiguration", logging)
