"""RDS event subscriptions and RDS Proxy, as data (:mod:`compliance.collect.spec`)."""

from __future__ import annotations

from compliance.collect.spec import ResourceSpec, spec_collector

COLLECTORS = [
    spec_collector(
        "rds-events",
        "rds",
        (
            ResourceSpec(
                "AWS::RDS::EventSubscription",
                "DescribeEventSubscriptions",
                "EventSubscriptionsList",
                "CustSubscriptionId",
                arn="EventSubscriptionArn",
                tags_key=None,
                one=lambda i: {"SubscriptionName": i},
            ),
        ),
        description="RDS event subscriptions (source type, categories, enabled)",
    ),
    spec_collector(
        "rds-proxies",
        "rds",
        (
            ResourceSpec(
                "AWS::RDS::DBProxy",
                "DescribeDBProxies",
                "DBProxies",
                "DBProxyName",
                arn="DBProxyArn",
                name_key="DBProxyName",
                casing="api",
                tags_key=None,
                one=lambda i: {"DBProxyName": i},
            ),
        ),
        description="RDS Proxy (TLS requirement, engine, auth)",
    ),
]
