"""WAF Classic on botocore Stubbers (moto implements neither waf nor waf-regional): real response shapes,
checked by the Stubber against the service models."""

from __future__ import annotations

from typing import Any

import pytest
from collecting import access_denied, context, one, stubbed

from compliance.collect.services.waf_classic import COLLECTORS, GLOBAL, REGIONAL

WAF, WAF_REGIONAL = COLLECTORS
ACL, EMPTY_ACL, RULE, EMPTY_RULE, GROUP = "acl-1", "acl-2", "rule-1", "rule-2", "group-1"
LOG_STREAM = "arn:aws:firehose:us-east-1:123456789012:deliverystream/aws-waf-logs-edge"


def _acl(acl_id: str, rules: list[dict[str, Any]], arn: str) -> dict[str, Any]:
    return {"WebACL": {"WebACLId": acl_id, "Name": acl_id, "MetricName": acl_id.replace("-", ""),
                       "DefaultAction": {"Type": "ALLOW"}, "Rules": rules, "WebACLArn": arn}}  # fmt: skip


ACTIVATED = [
    {"Priority": 1, "RuleId": RULE, "Action": {"Type": "BLOCK"}, "Type": "REGULAR"},
    {"Priority": 2, "RuleId": GROUP, "OverrideAction": {"Type": "NONE"}, "Type": "GROUP"},
]


def _stub(service: str, arn: str, *, logging: bool, deny: tuple[str, ...] = ()) -> tuple[Any, Any]:
    client, stub = stubbed(service)
    stub.add_response("list_web_acls", {"WebACLs": [{"WebACLId": ACL, "Name": ACL}, {"WebACLId": EMPTY_ACL,
                                                                                     "Name": EMPTY_ACL}]})  # fmt: skip
    for acl_id, rules in ((ACL, ACTIVATED), (EMPTY_ACL, [])):
        if "get_web_acl" in deny:
            access_denied(stub, "get_web_acl")
        else:
            stub.add_response("get_web_acl", _acl(acl_id, rules, arn.format("webacl", acl_id)), {"WebACLId": acl_id})
        if logging:
            if acl_id == ACL:
                stub.add_response(
                    "get_logging_configuration",
                    {"LoggingConfiguration": {"ResourceArn": arn.format("webacl", acl_id),
                                              "LogDestinationConfigs": [LOG_STREAM],
                                              "RedactedFields": [{"Type": "HEADER", "Data": "authorization"}]}},
                    {"ResourceArn": arn.format("webacl", acl_id)},
                )  # fmt: skip
            else:
                stub.add_client_error("get_logging_configuration", "WAFNonexistentItemException", "none", 400)
    stub.add_response("list_rules", {"Rules": [{"RuleId": RULE, "Name": RULE}, {"RuleId": EMPTY_RULE,
                                                                               "Name": EMPTY_RULE}]})  # fmt: skip
    for rule_id, predicates in ((RULE, [{"Negated": False, "Type": "IPMatch", "DataId": "ipset-1"}]), (EMPTY_RULE, [])):
        stub.add_response("get_rule", {"Rule": {"RuleId": rule_id, "Name": rule_id, "MetricName": "m",
                                                "Predicates": predicates}}, {"RuleId": rule_id})  # fmt: skip
    stub.add_response("list_rule_groups", {"RuleGroups": [{"RuleGroupId": GROUP, "Name": GROUP}]})
    stub.add_response("get_rule_group", {"RuleGroup": {"RuleGroupId": GROUP, "Name": GROUP, "MetricName": "g"}},
                      {"RuleGroupId": GROUP})  # fmt: skip
    if "list_activated_rules_in_rule_group" in deny:
        access_denied(stub, "list_activated_rules_in_rule_group")
    else:
        stub.add_response(
            "list_activated_rules_in_rule_group",
            {"ActivatedRules": [{"Priority": 1, "RuleId": RULE, "Action": {"Type": "COUNT"}, "Type": "REGULAR"}]},
            {"RuleGroupId": GROUP, "Limit": 100},
        )
    return client, stub


def _run(collector, service: str, arn: str, *, logging: bool, deny: tuple[str, ...] = (), region="us-east-1"):
    client, stub = _stub(service, arn, logging=logging, deny=deny)
    with stub:
        ctx = context(region, clients={service: client})
        items = list(collector.collect(ctx))
    stub.assert_no_pending_responses()
    return items, ctx.errors


GLOBAL_ARN = "arn:aws:waf::123456789012:{}/{}"
REGIONAL_ARN = "arn:aws:waf-regional:eu-west-1:123456789012:{}/{}"


def test_global_web_acls_rules_and_groups_in_config_spelling():
    items, errors = _run(WAF, "waf", GLOBAL_ARN, logging=True)
    assert errors == []
    assert {i.awsRegion for i in items} == {"global"}
    acl = one(items, GLOBAL.web_acl, ACL)
    assert acl.arn == GLOBAL_ARN.format("webacl", ACL)
    assert acl.get("configuration.webACLId") == ACL
    assert acl.get("configuration.defaultAction") == "ALLOW"
    assert acl.get("configuration.rulesList") == [
        {"priority": 1, "ruleId": RULE, "action": {"type": "BLOCK"}, "type": "REGULAR"},
        {"priority": 2, "ruleId": GROUP, "overrideAction": {"type": "NONE"}, "type": "GROUP"},
    ]
    assert {(r.resourceType, r.resourceId) for r in acl.relationships} == {(GLOBAL.rule, RULE),
                                                                           (GLOBAL.rule_group, GROUP)}  # fmt: skip
    assert acl.get("supplementaryConfiguration.LoggingConfiguration") == {"LogDestinationConfigs": [LOG_STREAM]}
    empty = one(items, GLOBAL.web_acl, EMPTY_ACL)
    assert empty.get("configuration.rulesList") == []
    assert empty.get("supplementaryConfiguration.LoggingConfiguration") == {"LogDestinationConfigs": []}
    rule = one(items, GLOBAL.rule, RULE)
    assert rule.arn == GLOBAL_ARN.format("rule", RULE)
    assert rule.get("configuration.predicateList") == [{"negated": False, "type": "IPMatch", "dataId": "ipset-1"}]
    assert one(items, GLOBAL.rule, EMPTY_RULE).get("configuration.predicateList") == []
    group = one(items, GLOBAL.rule_group, GROUP)
    assert group.get("configuration.ruleGroupId") == GROUP
    assert group.get("configuration.rules") == [
        {"priority": 1, "ruleId": RULE, "action": {"type": "COUNT"}, "type": "REGULAR"}
    ]


def test_regional_types_per_region_without_logging():
    items, errors = _run(WAF_REGIONAL, "waf-regional", REGIONAL_ARN, logging=False, region="eu-west-1")
    assert errors == []
    assert {i.resourceType for i in items} == set(REGIONAL.types)
    assert {i.awsRegion for i in items} == {"eu-west-1"}
    acl = one(items, REGIONAL.web_acl, ACL)
    assert acl.arn == REGIONAL_ARN.format("webacl", ACL)
    assert "LoggingConfiguration" not in acl.supplementaryConfiguration
    assert one(items, REGIONAL.rule_group, GROUP).arn == REGIONAL_ARN.format("rulegroup", GROUP)


@pytest.mark.parametrize(
    ("denied", "resource_type", "resource_id", "unknown"),
    [
        ("get_web_acl", GLOBAL.web_acl, ACL, "rulesList"),
        ("list_activated_rules_in_rule_group", GLOBAL.rule_group, GROUP, "rules"),
    ],
)
def test_a_denied_detail_call_is_an_error_and_leaves_the_list_unknown(denied, resource_type, resource_id, unknown):
    items, errors = _run(WAF, "waf", GLOBAL_ARN, logging=True, deny=(denied,))
    assert resource_id in {e.resourceId for e in errors}
    assert {e.region for e in errors} == {"global"}
    assert unknown not in one(items, resource_type, resource_id).configuration


def test_an_empty_account_costs_one_request_per_type():
    client, stub = stubbed("waf-regional")
    for method, key in (("list_web_acls", "WebACLs"), ("list_rules", "Rules"), ("list_rule_groups", "RuleGroups")):
        stub.add_response(method, {key: []}, {"Limit": 100})
    with stub:
        ctx = context(clients={"waf-regional": client})
        assert list(WAF_REGIONAL.collect(ctx)) == []
    stub.assert_no_pending_responses()
    assert ctx.errors == []
