"""What the CIS monitoring controls (CloudWatch.1-14) chain together: CloudWatch Logs metric
filters (pattern -> metric), CloudWatch alarms (metric -> actions) and SNS topics with their
subscriptions (action -> someone notified).

Three collectors (``logs``, ``cloudwatch``, ``sns``) so a denied service spoils only its own types.
Metric filters are not recorded by AWS Config; they use CloudFormation's type name
``AWS::Logs::MetricFilter``.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, jsonable, paginate
from compliance.model import ConfigurationItem, Relationship

METRIC_FILTER = "AWS::Logs::MetricFilter"
ALARM = "AWS::CloudWatch::Alarm"
TOPIC = "AWS::SNS::Topic"


def collect_metric_filters(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    logs = ctx.client("logs")
    for found in paginate(ctx, logs, "describe_metric_filters", "metricFilters", (METRIC_FILTER,)) or []:
        group, name = found["logGroupName"], found["filterName"]
        arn = f"arn:{ctx.partition}:logs:{ctx.region}:{ctx.account_id}:log-group:{group}"
        yield ctx.item(
            METRIC_FILTER,
            f"{group}:{name}",
            jsonable(found),
            name=name,
            relationships=[Relationship("AWS::Logs::LogGroup", arn, group, "Is attached to LogGroup")],
            created=None,
        )


def collect_alarms(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    cloudwatch = ctx.client("cloudwatch")
    for alarm in paginate(ctx, cloudwatch, "describe_alarms", "MetricAlarms", (ALARM,)) or []:
        configuration = config_case(alarm)
        # AWS Config spells OKActions as "okactions"
        configuration["okactions"] = configuration.pop("oKActions", [])
        actions = {
            *alarm.get("AlarmActions", []),
            *alarm.get("OKActions", []),
            *alarm.get("InsufficientDataActions", []),
        }
        yield ctx.item(
            ALARM,
            alarm["AlarmName"],
            configuration,
            arn=alarm.get("AlarmArn"),
            name=alarm["AlarmName"],
            relationships=[
                Relationship(TOPIC, arn, arn.rsplit(":", 1)[-1], "Is associated with Topic")
                for arn in sorted(actions)
                if ":sns:" in arn
            ],
        )


def collect_topics(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    sns = ctx.client("sns")
    topics = paginate(ctx, sns, "list_topics", "Topics", (TOPIC,))
    if not topics:  # failed (recorded), or no topic: no subscription to list
        return
    # one account-wide listing instead of a call per topic
    subscriptions = paginate(ctx, sns, "list_subscriptions", "Subscriptions", (TOPIC,))
    by_topic: dict[str, list[dict]] = {}
    for sub in subscriptions or []:
        by_topic.setdefault(sub["TopicArn"], []).append(jsonable(sub))
    for topic in topics:
        arn = topic["TopicArn"]
        attributes = call(
            ctx, "sns", "GetTopicAttributes", sns.get_topic_attributes, (TOPIC,), resource_id=arn, TopicArn=arn
        )
        configuration = dict((attributes or {}).get("Attributes", {}))
        configuration.setdefault("TopicArn", arn)
        for key in ("DeliveryPolicy", "EffectiveDeliveryPolicy"):
            configuration.pop(key, None)  # retry settings: large, and no rule reads them
        supplementary = {} if subscriptions is None else {"Subscriptions": by_topic.get(arn, [])}
        yield ctx.item(TOPIC, arn, configuration, arn=arn, name=arn.rsplit(":", 1)[-1], supplementary=supplementary)


COLLECTORS = [
    Collector(
        name="logs",
        resource_types=(METRIC_FILTER,),
        permissions=("logs:DescribeMetricFilters",),
        collect=collect_metric_filters,
        description="CloudWatch Logs metric filters (pattern, metric name and namespace)",
    ),
    Collector(
        name="cloudwatch",
        resource_types=(ALARM,),
        permissions=("cloudwatch:DescribeAlarms",),
        collect=collect_alarms,
        description="CloudWatch metric alarms (metric, actions)",
    ),
    Collector(
        name="sns",
        resource_types=(TOPIC,),
        permissions=("sns:ListTopics", "sns:ListSubscriptions", "sns:GetTopicAttributes"),
        collect=collect_topics,
        description="SNS topics with their subscriptions",
    ),
]
