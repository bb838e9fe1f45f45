"""Demo monitoring (CIS 4.x / CloudWatch.1-14): some metric filters with alarms notifying a
subscribed topic in the first region; in the second, an alarm whose topic nobody subscribes to."""

from __future__ import annotations

from typing import Any

LOG_GROUP = "compliance-demo-cloudtrail"
FILTERS = {
    "root-usage": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }',
    "unauthorized-api-calls": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    "console-signin-without-mfa": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
}


def seed(session: Any, regions: list[str]) -> None:
    for index, region in enumerate(regions[:2]):
        logs = session.client("logs", region_name=region)
        sns = session.client("sns", region_name=region)
        cloudwatch = session.client("cloudwatch", region_name=region)
        logs.create_log_group(logGroupName=LOG_GROUP)
        topic = sns.create_topic(Name="security-alerts" if index == 0 else "unwatched-alerts")["TopicArn"]
        if index == 0:
            sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="secops@example.com")
        filters = FILTERS if index == 0 else {"root-usage": FILTERS["root-usage"]}
        for name, pattern in filters.items():
            metric = "".join(part.title() for part in name.split("-"))
            logs.put_metric_filter(
                logGroupName=LOG_GROUP,
                filterName=name,
                filterPattern=pattern,
                metricTransformations=[{"metricName": metric, "metricNamespace": "CISBenchmark", "metricValue": "1"}],
            )
            cloudwatch.put_metric_alarm(
                AlarmName=f"cis-{name}",
                MetricName=metric,
                Namespace="CISBenchmark",
                Statistic="Sum",
                Period=300,
                EvaluationPeriods=1,
                Threshold=1,
                ComparisonOperator="GreaterThanOrEqualToThreshold",
                AlarmActions=[topic],
            )
