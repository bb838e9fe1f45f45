"""AWS WAF Classic: web ACLs, rules and rule groups, global (``waf``: ``AWS::WAF::*``, read once through
us-east-1, ``awsRegion`` "global") and regional (``waf-regional``: ``AWS::WAFRegional::*``, per region), in AWS
Config's camelCase spelling:

* web ACL (GetWebACL per listed ACL): ``webACLId``, ``name``, ``metricName``, ``defaultAction`` (the action's
  type, as Config's schema keeps it: ``ALLOW`` or ``BLOCK``) and ``rulesList`` (the activated rules and rule
  groups: ``priority``, ``ruleId``, ``action.type`` / ``overrideAction.type``, ``type``, ``excludedRules``);
  global ACLs also ``supplementaryConfiguration.LoggingConfiguration`` (GetLoggingConfiguration;
  ``LogDestinationConfigs`` empty when logging is off, redacted fields apart);
* rule (GetRule): ``ruleId``, ``name``, ``metricName``, ``predicateList`` (``dataId``, ``negated``, ``type``);
* rule group (GetRuleGroup, ListActivatedRulesInRuleGroup): ``ruleGroupId``, ``name``, ``metricName``,
  ``rules``.

A resource whose Get call is refused is still an item (its listed name only) with the error recorded against
it, so rules over it say INSUFFICIENT_DATA rather than judging an empty list. The conditions (IP sets, match
sets) a predicate names are not read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from botocore import xform_name

from compliance.collect.base import GLOBAL_REGION, Call, CollectContext, Collector
from compliance.collect.helpers import call, config_case
from compliance.model import ConfigurationItem, Relationship

NONE_CONFIGURED = ("WAFNonexistentItemException",)


class Classic:
    """One flavour of WAF Classic: its botocore service, Config types and ARN scope."""

    def __init__(self, service: str, prefix: str, *, is_global: bool) -> None:
        self.service = service
        self.web_acl, self.rule, self.rule_group = (f"{prefix}::{kind}" for kind in ("WebACL", "Rule", "RuleGroup"))
        self.types = (self.web_acl, self.rule, self.rule_group)
        self.is_global = is_global

    def region(self, ctx: CollectContext) -> str:
        return GLOBAL_REGION if self.is_global else ctx.region

    def arn(self, ctx: CollectContext, kind: str, resource_id: str) -> str:
        region = "" if self.is_global else ctx.region
        return f"arn:{ctx.partition}:{self.service}:{region}:{ctx.account_id}:{kind}/{resource_id}"

    def calls(self) -> tuple[Call, ...]:
        s = self.service
        listed = ("configuration.name",)
        return (
            Call("ListWebACLs", f"{s}:ListWebACLs", {self.web_acl: listed}, lists=(self.web_acl,)),
            Call("GetWebACL", f"{s}:GetWebACL", {self.web_acl: ("configuration",)}, per="resource"),
            *(
                (
                    Call(
                        "GetLoggingConfiguration",
                        f"{s}:GetLoggingConfiguration",
                        {self.web_acl: ("supplementaryConfiguration.LoggingConfiguration",)},
                        per="resource",
                        not_configured=NONE_CONFIGURED,
                    ),
                )
                if self.is_global
                else ()
            ),
            Call("ListRules", f"{s}:ListRules", {self.rule: listed}, lists=(self.rule,)),
            Call("GetRule", f"{s}:GetRule", {self.rule: ("configuration",)}, per="resource"),
            Call("ListRuleGroups", f"{s}:ListRuleGroups", {self.rule_group: listed}, lists=(self.rule_group,)),
            Call("GetRuleGroup", f"{s}:GetRuleGroup", {self.rule_group: ("configuration",)}, per="resource"),
            Call(
                "ListActivatedRulesInRuleGroup",
                f"{s}:ListActivatedRulesInRuleGroup",
                {self.rule_group: ("configuration.rules",)},
                per="resource",
            ),
        )


GLOBAL = Classic("waf", "AWS::WAF", is_global=True)
REGIONAL = Classic("waf-regional", "AWS::WAFRegional", is_global=False)


def _listed(
    ctx: CollectContext,
    client: Any,
    flavour: Classic,
    api: str,
    key: str,
    resource_type: str,
    resource_id: str | None = None,
    **params: Any,
) -> list[dict[str, Any]] | None:
    """Every entry of a List call (NextMarker pages; botocore has no paginator for most); None when refused."""
    found: list[dict[str, Any]] = []
    marker: str | None = None
    while True:
        kwargs: dict[str, Any] = {**params, "Limit": 100, **({"NextMarker": marker} if marker else {})}
        page = call(ctx, flavour.service, api, getattr(client, _snake(api)), (resource_type,),
                    resource_id=resource_id, error_region=flavour.region(ctx), **kwargs)  # fmt: skip
        if page is None:
            return None
        found.extend(page.get(key) or [])
        marker = page.get("NextMarker")
        if not marker or not page.get(key):
            return found


def _snake(api: str) -> str:
    return xform_name(api)


def _get(ctx: CollectContext, client: Any, flavour: Classic, api: str, resource_type: str, resource_id: str,
         **kwargs: Any) -> dict[str, Any] | None:  # fmt: skip
    if not ctx.wants(api):
        return None
    return call(ctx, flavour.service, api, getattr(client, _snake(api)), (resource_type,), resource_id=resource_id,
                error_region=flavour.region(ctx), **kwargs)  # fmt: skip


def _web_acl(ctx: CollectContext, client: Any, flavour: Classic, entry: dict[str, Any]) -> ConfigurationItem:
    acl_id = entry["WebACLId"]
    configuration: dict[str, Any] = {"webACLId": acl_id, "name": entry.get("Name")}
    found = _get(ctx, client, flavour, "GetWebACL", flavour.web_acl, acl_id, WebACLId=acl_id)
    acl = (found or {}).get("WebACL")
    arn = (acl or {}).get("WebACLArn") or flavour.arn(ctx, "webacl", acl_id)
    relationships: list[Relationship] = []
    if acl is not None:
        configuration.update(
            webACLId=acl.get("WebACLId", acl_id), name=acl.get("Name"), metricName=acl.get("MetricName")
        )
        if (acl.get("DefaultAction") or {}).get("Type"):
            configuration["defaultAction"] = acl["DefaultAction"]["Type"]
        configuration["rulesList"] = config_case(acl.get("Rules") or [])
        for activated in acl.get("Rules") or []:
            kind = flavour.rule_group if activated.get("Type") == "GROUP" else flavour.rule
            relationships.append(Relationship(kind, activated["RuleId"], relationshipName="Is associated with"))
    supplementary: dict[str, Any] = {}
    if flavour.is_global and ctx.wants("GetLoggingConfiguration"):
        logging = call(ctx, flavour.service, "GetLoggingConfiguration", client.get_logging_configuration,
                       (flavour.web_acl,), resource_id=acl_id, absent=NONE_CONFIGURED,
                       error_region=flavour.region(ctx), ResourceArn=arn)  # fmt: skip
        if logging is not None:
            destinations = (logging.get("LoggingConfiguration") or {}).get("LogDestinationConfigs") or []
            supplementary["LoggingConfiguration"] = {"LogDestinationConfigs": list(destinations)}
    return ctx.item(flavour.web_acl, acl_id, configuration, arn=arn, name=configuration.get("name"),
                    region=flavour.region(ctx), relationships=relationships, supplementary=supplementary)  # fmt: skip


def _rule(ctx: CollectContext, client: Any, flavour: Classic, entry: dict[str, Any]) -> ConfigurationItem:
    rule_id = entry["RuleId"]
    configuration: dict[str, Any] = {"ruleId": rule_id, "name": entry.get("Name")}
    found = _get(ctx, client, flavour, "GetRule", flavour.rule, rule_id, RuleId=rule_id)
    rule = (found or {}).get("Rule")
    if rule is not None:
        configuration.update(name=rule.get("Name"), metricName=rule.get("MetricName"),
                             predicateList=config_case(rule.get("Predicates") or []))  # fmt: skip
    return ctx.item(flavour.rule, rule_id, configuration, arn=flavour.arn(ctx, "rule", rule_id),
                    name=configuration.get("name"), region=flavour.region(ctx))  # fmt: skip


def _rule_group(ctx: CollectContext, client: Any, flavour: Classic, entry: dict[str, Any]) -> ConfigurationItem:
    group_id = entry["RuleGroupId"]
    configuration: dict[str, Any] = {"ruleGroupId": group_id, "name": entry.get("Name")}
    found = _get(ctx, client, flavour, "GetRuleGroup", flavour.rule_group, group_id, RuleGroupId=group_id)
    group = (found or {}).get("RuleGroup")
    if group is not None:
        configuration.update(name=group.get("Name"), metricName=group.get("MetricName"))
    if ctx.wants("ListActivatedRulesInRuleGroup"):
        activated = _listed(ctx, client, flavour, "ListActivatedRulesInRuleGroup", "ActivatedRules",
                            flavour.rule_group, group_id, RuleGroupId=group_id)  # fmt: skip
        if activated is not None:
            configuration["rules"] = config_case(activated)
    return ctx.item(flavour.rule_group, group_id, configuration, arn=flavour.arn(ctx, "rulegroup", group_id),
                    name=configuration.get("name"), region=flavour.region(ctx))  # fmt: skip


Reader = Callable[[CollectContext, Any, Classic, dict[str, Any]], ConfigurationItem]
KINDS: tuple[tuple[str, str, Reader], ...] = (
    ("ListWebACLs", "WebACLs", _web_acl),
    ("ListRules", "Rules", _rule),
    ("ListRuleGroups", "RuleGroups", _rule_group),
)


def _collect(flavour: Classic) -> Callable[[CollectContext], Iterator[ConfigurationItem]]:
    def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
        client = ctx.client(flavour.service)
        for (api, key, read), resource_type in zip(KINDS, flavour.types, strict=True):
            if not ctx.wants(api):
                continue
            entries = _listed(ctx, client, flavour, api, key, resource_type) or []
            yield from ctx.map(lambda entry, read=read: read(ctx, client, flavour, entry), entries)

    return collect


COLLECTORS = [
    Collector(
        name="waf",
        resource_types=GLOBAL.types,
        calls=GLOBAL.calls(),
        collect=_collect(GLOBAL),
        is_global=True,
        description="WAF Classic global web ACLs (rules, logging), rules (conditions) and rule groups (rules)",
    ),
    Collector(
        name="waf-regional",
        resource_types=REGIONAL.types,
        calls=REGIONAL.calls(),
        collect=_collect(REGIONAL),
        description="WAF Classic regional web ACLs (rules), rules (conditions) and rule groups (rules)",
    ),
]
