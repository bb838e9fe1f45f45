"""CloudWatch rules: the CIS monitoring chain and alarm actions.

A CIS monitoring control (CloudWatch.1-14 in Security Hub) passes when a multi-region trail that
is logging all management events sends to a CloudWatch Logs log group, a metric filter on that
group matches (at least) the control's events, an alarm watches the filter's metric, and the
alarm notifies an SNS topic with a confirmed subscription. Patterns are compared by meaning
(see ``_filter_pattern``): reordered, re-spaced or broader filters pass; narrower ones fail.
"""

from __future__ import annotations

from compliance.rule import Param, Rule, compliant, insufficient_data, non_compliant, rule

from ._filter_pattern import PatternError, covers, parse
from ._util import as_bool, as_list
from .cloudtrail import TRAIL, management_read_write, trails

METRIC_FILTER = "AWS::Logs::MetricFilter"
ALARM = "AWS::CloudWatch::Alarm"
TOPIC = "AWS::SNS::Topic"
CHAIN_TYPES = [TRAIL, METRIC_FILTER, ALARM, TOPIC]
CHAIN_READS = {
    TRAIL: [
        "configuration.cloudWatchLogsLogGroupArn",
        "configuration.hasCustomEventSelectors",
        "configuration.isMultiRegionTrail",
        "configuration.name",
        "configuration.trailARN",
        "supplementaryConfiguration.AdvancedEventSelectors",
        "supplementaryConfiguration.EventSelectors",
        "supplementaryConfiguration.TrailStatus",
    ],
    METRIC_FILTER: ["configuration.filterPattern", "configuration.logGroupName", "configuration.metricTransformations"],
    ALARM: [
        "configuration.actionsEnabled",
        "configuration.alarmActions",
        "configuration.alarmName",
        "configuration.metricName",
        "configuration.namespace",
    ],
    TOPIC: ["supplementaryConfiguration.Subscriptions"],
}


def _log_group(arn: str) -> tuple[str, str] | None:
    """(region, log group name) of a CloudTrail cloudWatchLogsLogGroupArn."""
    parts = arn.split(":")
    if len(parts) < 7 or parts[5] != "log-group":
        return None
    return parts[3], parts[6]


def _confirmed_subscribers(topic) -> list[str] | None:
    subscriptions = topic.supplementaryConfiguration.get("Subscriptions")
    if subscriptions is None:
        return None
    return [
        str(s.get("Endpoint") or s.get("SubscriptionArn"))
        for s in as_list(subscriptions)
        if str(s.get("SubscriptionArn", "")).startswith("arn:")
    ]


def check_monitoring(snapshot, pattern: str) -> tuple[str, str]:
    """(state, annotation) for one CIS monitoring pattern; state is one of the rule results' names."""
    unknown: list[str] = []
    reasons: list[str] = []
    candidates = []
    for trail in trails(snapshot):
        config = trail.configuration
        name = config.get("name") or trail.resourceName or trail.resourceId
        status = trail.supplementaryConfiguration.get("TrailStatus")
        if not as_bool(config.get("isMultiRegionTrail")):
            continue
        if status is None or management_read_write(trail) is None:
            unknown.append(f"{name}: status or event selectors not recorded")
            continue
        if not as_bool(status.get("isLogging")) or management_read_write(trail) != "All":
            reasons.append(f"{name} is not logging all management events")
            continue
        group = _log_group(str(config.get("cloudWatchLogsLogGroupArn") or ""))
        if group is None:
            reasons.append(f"{name} does not send to CloudWatch Logs")
            continue
        candidates.append((name, group))
    if not candidates:
        if unknown:
            return "insufficient", "; ".join(unknown)
        return "non_compliant", "; ".join(reasons) or "no multi-region trail sends to CloudWatch Logs"
    for trail_name, (region, group) in candidates:
        if not snapshot.has_data(METRIC_FILTER, region) or not snapshot.has_data(ALARM, region):
            unknown.append(f"metric filters or alarms were not collected in {region}")
            continue
        filters = [
            f
            for f in snapshot.of_type(METRIC_FILTER, region)
            if f.configuration.get("logGroupName") == group
            and covers(str(f.configuration.get("filterPattern")), pattern)
        ]
        if not filters:
            reasons.append(f"no metric filter on {group} (trail {trail_name}) matches the pattern")
            continue
        for metric_filter in filters:
            for transformation in as_list(metric_filter.configuration.get("metricTransformations")):
                metric = (transformation.get("metricName"), transformation.get("metricNamespace"))
                alarms = [
                    a
                    for a in snapshot.of_type(ALARM, region)
                    if (a.configuration.get("metricName"), a.configuration.get("namespace")) == metric
                    and as_bool(a.configuration.get("actionsEnabled")) is not False
                ]
                if not alarms:
                    reasons.append(f"no enabled alarm on metric {metric[1]}/{metric[0]}")
                    continue
                for alarm in alarms:
                    for action in as_list(alarm.configuration.get("alarmActions")):
                        if ":sns:" not in str(action):
                            continue
                        topic = snapshot.find(str(action))
                        subscribers = _confirmed_subscribers(topic) if topic else None
                        if subscribers is None:
                            unknown.append(f"topic {action} or its subscriptions were not collected")
                        elif subscribers:
                            return "compliant", (
                                f"filter {metric_filter.resourceName} -> alarm "
                                f"{alarm.configuration.get('alarmName')} -> {action} ({len(subscribers)} subscriber(s))"
                            )
                        else:
                            reasons.append(f"topic {action} has no confirmed subscription")
                    if not any(":sns:" in str(a) for a in as_list(alarm.configuration.get("alarmActions"))):
                        reasons.append(f"alarm {alarm.configuration.get('alarmName')} notifies no SNS topic")
    if unknown:
        return "insufficient", "; ".join(unknown + reasons)
    return "non_compliant", "; ".join(reasons)


def _monitoring_rule(slug: str, title: str, pattern: str, rationale: str) -> Rule:
    parse(pattern)  # a typo in a built-in pattern fails at import, not mid-scan

    def check(snapshot, params):
        try:
            parse(params["filterPattern"])
        except PatternError as exc:
            return insufficient_data(f"filterPattern parameter: {exc}")
        state, annotation = check_monitoring(snapshot, params["filterPattern"])
        return {"compliant": compliant, "non_compliant": non_compliant}.get(state, insufficient_data)(annotation)

    check.__doc__ = f"Required events: ``{pattern}``"
    return rule(
        id=f"log-metric-filter-alarm-{slug}",
        title=f"A log metric filter and alarm exist for {title}",
        resource_types=CHAIN_TYPES,
        reads=CHAIN_READS,
        scope="account",
        severity="low",
        trigger="periodic",
        parameters={"filterPattern": Param(str, pattern, "The events that must be alarmed (a JSON filter pattern)")},
        rationale=rationale,
        remediation=(
            "Send the multi-region trail to a CloudWatch Logs group; on that group create a metric filter with "
            f"the pattern {pattern}, an alarm on its metric (>= 1 over 5 minutes) and an SNS topic with a "
            "confirmed subscriber as the alarm action."
        ),
    )(check)


log_metric_filter_alarm_unauthorized_api_calls = _monitoring_rule(
    "unauthorized-api-calls",
    "unauthorized API calls",
    '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    "Bursts of denied calls reveal probing with stolen credentials or broken deployments.",
)
log_metric_filter_alarm_console_signin_without_mfa = _monitoring_rule(
    "console-signin-without-mfa",
    "Management Console sign-in without MFA",
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
    '&& ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    "A successful single-factor console sign-in shows an account that a phished password is enough to take.",
)
log_metric_filter_alarm_root_usage = _monitoring_rule(
    "root-usage",
    "usage of the root user",
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    "The root user should almost never act; any use deserves a look the same day.",
)
log_metric_filter_alarm_iam_policy_changes = _monitoring_rule(
    "iam-policy-changes",
    "IAM policy changes",
    "{ ($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || "
    "($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || "
    "($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || "
    "($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || "
    "($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || "
    "($.eventName=DetachGroupPolicy) }",
    "Permission changes are how an intruder entrenches; they should never go unnoticed.",
)
log_metric_filter_alarm_cloudtrail_changes = _monitoring_rule(
    "cloudtrail-changes",
    "CloudTrail configuration changes",
    "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || "
    "($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    "Stopping or changing the trail is the first thing an intruder does to hide.",
)
log_metric_filter_alarm_console_auth_failures = _monitoring_rule(
    "console-auth-failures",
    "Management Console authentication failures",
    '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    "Repeated failed sign-ins point to password guessing.",
)
log_metric_filter_alarm_cmk_deletion = _monitoring_rule(
    "disable-or-delete-cmk",
    "disabling or scheduled deletion of customer managed keys",
    "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
    "Data encrypted under a deleted key is lost for good; a disabled key can take a service down.",
)
log_metric_filter_alarm_s3_bucket_policy_changes = _monitoring_rule(
    "s3-bucket-policy-changes",
    "S3 bucket policy changes",
    "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || "
    "($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || "
    "($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) "
    "|| ($.eventName = DeleteBucketReplication)) }",
    "A changed bucket policy or ACL is how data becomes public.",
)
log_metric_filter_alarm_config_changes = _monitoring_rule(
    "aws-config-changes",
    "AWS Config configuration changes",
    "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || "
    "($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || "
    "($.eventName = PutConfigurationRecorder)) }",
    "Stopping the recorder blinds every compliance check that depends on it.",
)
log_metric_filter_alarm_security_group_changes = _monitoring_rule(
    "security-group-changes",
    "security group changes",
    "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || "
    "($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || "
    "($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
    "Security group changes open and close the network paths to every instance.",
)
log_metric_filter_alarm_nacl_changes = _monitoring_rule(
    "nacl-changes",
    "network ACL changes",
    "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || "
    "($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || "
    "($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    "NACL changes alter what whole subnets can reach.",
)
log_metric_filter_alarm_network_gateway_changes = _monitoring_rule(
    "network-gateway-changes",
    "network gateway changes",
    "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || "
    "($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || "
    "($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
    "A new gateway is a new way in or out of the network.",
)
log_metric_filter_alarm_route_table_changes = _monitoring_rule(
    "route-table-changes",
    "route table changes",
    "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || "
    "($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || "
    "($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }",
    "Route changes can send traffic through a path nobody reviewed.",
)
log_metric_filter_alarm_vpc_changes = _monitoring_rule(
    "vpc-changes",
    "VPC changes",
    "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || "
    "($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || "
    "($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || "
    "($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || "
    "($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
    "Peering and VPC changes connect networks that were meant to stay apart.",
)
log_metric_filter_alarm_organizations_changes = _monitoring_rule(
    "organizations-changes",
    "AWS Organizations changes",
    "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || "
    "($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || "
    "($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || "
    "($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || "
    "($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || "
    "($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || "
    "($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || "
    "($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }",
    "Organization changes move accounts out from under SCPs and guardrails.",
)


@rule(
    id="cloudwatch-alarm-action-check",
    title="CloudWatch alarms have an action for the ALARM state",
    resource_types=[ALARM],
    severity="high",
    parameters={
        "alarmActionRequired": Param(bool, True, "Require an ALARM action"),
        "insufficientDataActionRequired": Param(bool, False, "Require an INSUFFICIENT_DATA action"),
        "okActionRequired": Param(bool, False, "Require an OK action"),
    },
    rationale="An alarm with no action changes state and tells nobody.",
    remediation="aws cloudwatch put-metric-alarm ... --alarm-actions TOPIC_ARN",
    reads=["configuration.alarmActions"],
)
def cloudwatch_alarm_action_check(ci, params):
    """Reads configuration.alarmActions, insufficientDataActions and okactions."""
    config = ci.configuration
    if "alarmActions" not in config:
        return insufficient_data("the alarm's actions were not recorded")
    missing = [
        label
        for label, key, flag in (
            ("ALARM", "alarmActions", "alarmActionRequired"),
            ("INSUFFICIENT_DATA", "insufficientDataActions", "insufficientDataActionRequired"),
            ("OK", "okactions", "okActionRequired"),
        )
        if params[flag] and not as_list(config.get(key))
    ]
    if missing:
        return non_compliant("no action for " + ", ".join(missing))
    return compliant("the required actions are set")
