"""Demo AppSync GraphQL APIs: ``orders-graph`` authenticates with a Cognito user pool, logs resolver errors and
caches with encryption at rest and in transit; ``legacy-graph`` authenticates with API keys, logs nothing and
caches in clear (AppSync.1, .2, .5, .6)."""

from __future__ import annotations

from typing import Any

CACHE = {"ttl": 300, "apiCachingBehavior": "FULL_REQUEST_CACHING", "type": "SMALL"}


def seed(session: Any, regions: list[str]) -> None:
    appsync = session.client("appsync", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    orders = appsync.create_graphql_api(
        name="orders-graph",
        authenticationType="AMAZON_COGNITO_USER_POOLS",
        userPoolConfig={"userPoolId": f"{regions[0]}_DemoPool1", "awsRegion": regions[0], "defaultAction": "ALLOW"},
        logConfig={"fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": f"arn:aws:iam::{account}:role/appsync-logs"},
        xrayEnabled=True,
    )["graphqlApi"]["apiId"]
    appsync.create_api_cache(apiId=orders, transitEncryptionEnabled=True, atRestEncryptionEnabled=True, **CACHE)
    legacy = appsync.create_graphql_api(name="legacy-graph", authenticationType="API_KEY")["graphqlApi"]["apiId"]
    appsync.create_api_cache(apiId=legacy, transitEncryptionEnabled=False, atRestEncryptionEnabled=False, **CACHE)
