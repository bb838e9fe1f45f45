"""Config-shaped items of the CIS monitoring chain (trail -> log group -> metric filter -> alarm ->
SNS subscriber), shared by the CloudWatch rule tests and the pack tests."""

from __future__ import annotations

from compliance.testing import make_account, make_ci

C, NC, INS = "COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"
ACCOUNT = "123456789012"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:cis-alarms"
ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'
CMK = "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}"
TRAIL_CHANGES = (
    "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || "
    "($.eventName = StartLogging) || ($.eventName = StopLogging) }"
)


def trail(group="trail-logs", multi=True, logging=True, selectors=None):
    config = {
        "name": "main",
        "trailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main",
        "isMultiRegionTrail": multi,
        "hasCustomEventSelectors": selectors is not None,
    }
    if group:
        config["cloudWatchLogsLogGroupArn"] = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{group}:*"
    supplementary = {"TrailStatus": {"isLogging": logging}}
    if selectors is not None:
        supplementary["EventSelectors"] = selectors
    return make_ci("AWS::CloudTrail::Trail", "main", config, supplementary)


def metric_filter(pattern, group="trail-logs", metric="RootUsage"):
    config = {
        "filterName": metric,
        "logGroupName": group,
        "filterPattern": pattern,
        "metricTransformations": [{"metricName": metric, "metricNamespace": "CIS", "metricValue": "1"}],
    }
    return make_ci("AWS::Logs::MetricFilter", f"{group}:{metric}", config, name=metric)


def alarm(metric="RootUsage", actions=(TOPIC,), enabled=True):
    config = {
        "alarmName": f"{metric}-alarm",
        "metricName": metric,
        "namespace": "CIS",
        "actionsEnabled": enabled,
        "alarmActions": list(actions),
    }
    return make_ci("AWS::CloudWatch::Alarm", f"{metric}-alarm", config)


def topic(subscriptions=None):
    supplementary = {} if subscriptions is None else {"Subscriptions": subscriptions}
    return make_ci("AWS::SNS::Topic", TOPIC, {"TopicArn": TOPIC}, supplementary, arn=TOPIC, name="cis-alarms")


CONFIRMED = [{"SubscriptionArn": f"{TOPIC}:1234", "Protocol": "email", "Endpoint": "sec@example.com"}]
PENDING = [{"SubscriptionArn": "PendingConfirmation", "Protocol": "email", "Endpoint": "sec@example.com"}]


def chain(pattern=ROOT, **overrides):
    parts = {
        "account": make_account(),
        "trail": trail(),
        "filter": metric_filter(pattern),
        "alarm": alarm(),
        "topic": topic(CONFIRMED),
    }
    parts.update(overrides)
    return [p for p in parts.values() if p is not None]
