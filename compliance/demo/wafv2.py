"""Demo WAFv2: in the first region a logged web ACL protecting the internal load balancer; in the
second an ACL without logging that protects nothing. A rule group with a rule in the first region,
an empty one in the second (wafv2-rulegroup-not-empty). (ListResourcesForWebACL is answered by
``_simulated`` from the associations made here: the simulator lacks it.)"""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import answer

VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "demo"}
BOT_RULE = {
    "Name": "block-bad-bot-agent",
    "Priority": 0,
    "Action": {"Block": {}},
    "VisibilityConfig": VISIBILITY,
    "Statement": {
        "ByteMatchStatement": {
            "SearchString": b"BadBot",
            "FieldToMatch": {"SingleHeader": {"Name": "user-agent"}},
            "TextTransformations": [{"Priority": 0, "Type": "NONE"}],
            "PositionalConstraint": "CONTAINS",
        }
    },
}


def seed(session: Any, regions: list[str]) -> None:
    associations: dict[str, list[str]] = {}
    for index, region in enumerate(regions[:2]):
        wafv2 = session.client("wafv2", region_name=region)
        name = "orders-protection" if index == 0 else "unused-acl"
        acl = wafv2.create_web_acl(
            Name=name, Scope="REGIONAL", DefaultAction={"Allow": {}}, VisibilityConfig=VISIBILITY, Rules=[]
        )["Summary"]
        associations[acl["ARN"]] = []
        wafv2.create_rule_group(
            Name="block-bad-bots" if index == 0 else "placeholder-rules",
            Scope="REGIONAL",
            Capacity=10,
            VisibilityConfig=VISIBILITY,
            Rules=[BOT_RULE] if index == 0 else [],
        )
        if index == 0:
            account = acl["ARN"].split(":")[4]
            stream = f"arn:aws:firehose:{region}:{account}:deliverystream/aws-waf-logs-orders"
            wafv2.put_logging_configuration(
                LoggingConfiguration={"ResourceArn": acl["ARN"], "LogDestinationConfigs": [stream]}
            )
            balancers = session.client("elbv2", region_name=region).describe_load_balancers()["LoadBalancers"]
            for lb in balancers[:1]:
                wafv2.associate_web_acl(WebACLArn=acl["ARN"], ResourceArn=lb["LoadBalancerArn"])
                associations[acl["ARN"]].append(lb["LoadBalancerArn"])

    def resources(_region: str, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("ResourceType", "APPLICATION_LOAD_BALANCER") != "APPLICATION_LOAD_BALANCER":
            return {"ResourceArns": []}
        return {"ResourceArns": associations.get(params.get("WebACLArn", ""), [])}

    answer(session, "wafv2", "ListResourcesForWebACL", resources)
