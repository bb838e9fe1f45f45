"""The CIS monitoring chain (trail -> log group -> metric filter -> alarm -> SNS subscriber) and the
semantic comparison of CloudWatch Logs filter patterns."""

from __future__ import annotations

import pytest
from compliance.builtin.rules._filter_pattern import PatternError, covers, parse
from monitoring_chain import (
    CMK,
    INS,
    NC,
    PENDING,
    ROOT,
    TOPIC,
    TRAIL_CHANGES,
    C,
    alarm,
    chain,
    metric_filter,
    topic,
    trail,
)

from compliance.testing import evaluate_rule, expect_compliance, make_ci

RULE = "log-metric-filter-alarm-root-usage"


@pytest.mark.parametrize(
    ("items", "state", "needle"),
    [
        (chain(), C, "RootUsage-alarm"),
        (
            chain('{$.eventType!="AwsServiceEvent"&&$.userIdentity.invokedBy NOT EXISTS&&$.userIdentity.type=Root}'),
            C,
            "RootUsage",
        ),
        (chain(trail=None), NC, "no multi-region trail"),
        (chain(trail=trail(multi=False)), NC, "no multi-region trail"),
        (chain(trail=trail(group=None)), NC, "does not send to CloudWatch Logs"),
        (chain(trail=trail(logging=False)), NC, "not logging"),
        (
            chain(trail=trail(selectors=[{"readWriteType": "WriteOnly", "includeManagementEvents": True}])),
            NC,
            "not logging all management events",
        ),
        (chain(filter=metric_filter(ROOT, group="other-group")), NC, "no metric filter on trail-logs"),
        (chain('{ $.userIdentity.type = "Root" }'), C, "RootUsage"),  # broader: alarms on more events
        (
            chain(
                '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != '
                '"AwsServiceEvent" && $.awsRegion = "us-east-1" }'
            ),
            NC,
            "matches the pattern",
        ),
        (chain(alarm=None), NC, "no enabled alarm"),
        (chain(alarm=alarm(enabled=False)), NC, "no enabled alarm"),
        (chain(alarm=alarm(actions=())), NC, "notifies no SNS topic"),
        (chain(topic=topic(PENDING)), NC, "no confirmed subscription"),
        (chain(topic=None), INS, "not collected"),
        (chain(topic=topic(None)), INS, "not collected"),
    ],
    ids=[
        "chain",
        "reordered",
        "no-trail",
        "single-region",
        "no-log-group",
        "stopped",
        "write-only",
        "other-group",
        "broader",
        "narrower",
        "no-alarm",
        "alarm-disabled",
        "no-action",
        "pending",
        "foreign-topic",
        "no-subs",
    ],
)
def test_monitoring_chain(items, state, needle):
    evaluation = expect_compliance(RULE, items, state)
    assert needle in evaluation.annotation


def test_chain_needs_metric_filters_collected():
    collected = ["AWS::::Account", "AWS::CloudTrail::Trail", "AWS::CloudWatch::Alarm", "AWS::SNS::Topic"]
    evaluation = expect_compliance(RULE, chain(), INS, collected=collected)
    assert "AWS::Logs::MetricFilter" in evaluation.annotation


def test_each_cis_pattern_has_its_own_rule():
    items = chain(CMK)
    assert [e.complianceType.value for e in evaluate_rule("log-metric-filter-alarm-disable-or-delete-cmk", items)] == [
        C
    ]
    assert [e.complianceType.value for e in evaluate_rule(RULE, items)] == [NC]


def test_filter_pattern_parameter_is_validated():
    evaluation = expect_compliance(RULE, chain(), INS, params={"filterPattern": "ERROR"})
    assert "filterPattern" in evaluation.annotation


@pytest.mark.parametrize(
    "actual",
    [
        CMK,
        '{ ($.eventSource = "kms.amazonaws.com") && (($.eventName = "ScheduleKeyDeletion") || '
        '($.eventName = "DisableKey")) }',
        "{$.eventSource=kms.amazonaws.com&&($.eventName=DisableKey||$.eventName=ScheduleKeyDeletion)}",
        "{ (($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey)) || "
        "(($.eventName = ScheduleKeyDeletion) && ($.eventSource = kms.amazonaws.com)) }",
        "{ ($.eventSource = kms*) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || "
        "($.eventName = DeleteAlias)) }",
        "{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }",
    ],
    ids=["same", "quoted-reordered", "no-spaces", "distributed", "wildcard-and-extra-alternative", "broader"],
)
def test_equivalent_or_broader_patterns_are_accepted(actual):
    assert covers(actual, CMK)


@pytest.mark.parametrize(
    "actual",
    [
        "{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }",
        "{ ($.eventSource = kms.amazonaws.com) && ($.awsRegion = us-east-1) && (($.eventName = DisableKey) || "
        "($.eventName = ScheduleKeyDeletion)) }",
        "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
        "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = disablekey) || "
        "($.eventName = ScheduleKeyDeletion)) }",
        "DisableKey ScheduleKeyDeletion",
        "{ ($.eventSource = kms.amazonaws.com && ",
    ],
    ids=["missing-alternative", "extra-condition", "other-source", "case-differs", "not-json", "unbalanced"],
)
def test_weaker_or_broken_patterns_are_rejected(actual):
    assert not covers(actual, CMK)


def test_inequality_and_existence_terms():
    assert covers(ROOT, ROOT)
    assert covers('{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }', ROOT)
    assert not covers('{ $.userIdentity.type = "Root" && $.eventType = "AwsApiCall" }', ROOT)
    mfa = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'
    refined = mfa[:-1] + ' && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'
    assert covers(mfa, refined) and covers(refined, refined) and not covers(refined, mfa)
    assert covers(TRAIL_CHANGES, TRAIL_CHANGES.replace(" ", ""))


def test_parse_gives_disjunctive_normal_form():
    conjunctions = parse(CMK)
    assert len(conjunctions) == 2
    assert all(any(t.path == "$.eventSource" and t.value == "kms.amazonaws.com" for t in c) for c in conjunctions)
    with pytest.raises(PatternError):
        parse("{ $.eventName = }")


@pytest.mark.parametrize(
    ("config", "params", "state"),
    [
        ({"alarmName": "a", "alarmActions": [TOPIC]}, {}, C),
        ({"alarmName": "a", "alarmActions": []}, {}, NC),
        ({"alarmName": "a", "alarmActions": [TOPIC], "okactions": []}, {"okActionRequired": True}, NC),
        ({"alarmName": "a"}, {}, INS),
    ],
)
def test_cloudwatch_alarm_action_check(config, params, state):
    expect_compliance(
        "cloudwatch-alarm-action-check", [make_ci("AWS::CloudWatch::Alarm", "a", config)], state, params=params
    )
