"""Demo Route 53: the shop's public zone logs DNS queries to CloudWatch Logs, the marketing zone does not
(Route53.2)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    route53 = session.client("route53", region_name="us-east-1")
    logs = session.client("logs", region_name="us-east-1")  # query logs are always delivered to us-east-1
    logs.create_log_group(logGroupName="/aws/route53/shop.example.com")
    group = logs.describe_log_groups(logGroupNamePrefix="/aws/route53/shop.example.com")["logGroups"][0]["arn"]
    shop = route53.create_hosted_zone(Name="shop.example.com", CallerReference="demo-shop")["HostedZone"]["Id"]
    route53.create_query_logging_config(HostedZoneId=shop.rsplit("/", 1)[-1], CloudWatchLogsLogGroupArn=group)
    route53.create_hosted_zone(Name="promo.example.com", CallerReference="demo-promo")
