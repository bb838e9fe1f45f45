import boto3
from collecting import by_type, one, run
from moto import mock_aws

from compliance.collect.services.cloudwatch import ALARM, COLLECTORS, METRIC_FILTER, TOPIC

LOGS, CLOUDWATCH, SNS = COLLECTORS
ROOT_PATTERN = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }'


def _chain(region="us-east-1"):
    logs = boto3.client("logs", region_name=region)
    logs.create_log_group(logGroupName="trail-logs")
    logs.put_metric_filter(
        logGroupName="trail-logs",
        filterName="root-usage",
        filterPattern=ROOT_PATTERN,
        metricTransformations=[{"metricName": "RootUsage", "metricNamespace": "CISBenchmark", "metricValue": "1"}],
    )
    sns = boto3.client("sns", region_name=region)
    topic = sns.create_topic(Name="security-alerts")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="secops@example.com")
    sns.create_topic(Name="nobody-listens")
    boto3.client("cloudwatch", region_name=region).put_metric_alarm(
        AlarmName="root-usage",
        MetricName="RootUsage",
        Namespace="CISBenchmark",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[topic],
        OKActions=[topic],
    )
    return topic


@mock_aws
def test_filter_alarm_topic_chain_is_recorded_with_config_names():
    topic = _chain()
    items = []
    for collector in COLLECTORS:
        found, errors = run(collector)
        assert errors == []
        items += found

    metric_filter = one(items, METRIC_FILTER, "trail-logs:root-usage")
    assert metric_filter.configuration["filterPattern"] == ROOT_PATTERN
    transform = metric_filter.configuration["metricTransformations"][0]
    assert (transform["metricName"], transform["metricNamespace"]) == ("RootUsage", "CISBenchmark")
    assert metric_filter.relationships[0].resourceName == "trail-logs"

    alarm = one(items, ALARM, "root-usage")
    assert (alarm.configuration["metricName"], alarm.configuration["namespace"]) == ("RootUsage", "CISBenchmark")
    assert alarm.configuration["alarmActions"] == [topic]
    assert alarm.configuration["okactions"] == [topic]
    assert [r.resourceId for r in alarm.relationships] == [topic]

    listened = one(items, TOPIC, topic)
    subs = listened.supplementaryConfiguration["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subs] == [("email", "secops@example.com")]
    assert listened.configuration["TopicArn"] == topic
    silent = next(t for t in by_type(items, TOPIC) if t.resourceName == "nobody-listens")
    assert silent.supplementaryConfiguration["Subscriptions"] == []


@mock_aws
def test_denied_subscriptions_leave_topics_without_subscription_data():
    topic = _chain()
    items, errors = run(SNS, deny={"sns": ["ListSubscriptions"]})
    assert "Subscriptions" not in one(items, TOPIC, topic).supplementaryConfiguration
    assert [(e.service, e.api, e.resourceTypes) for e in errors] == [("sns", "ListSubscriptions", [TOPIC])]


@mock_aws
def test_denied_alarms_and_filters_record_their_types():
    _chain()
    assert run(CLOUDWATCH, deny={"cloudwatch": ["DescribeAlarms"]})[1][0].resourceTypes == [ALARM]
    items, errors = run(LOGS, deny={"logs": ["DescribeMetricFilters"]})
    assert items == [] and errors[0].resourceTypes == [METRIC_FILTER]
