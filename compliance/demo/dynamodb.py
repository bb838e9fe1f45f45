"""Demo DynamoDB tables: one with point-in-time recovery and deletion protection, one with neither
(DynamoDB.2, DynamoDB.6)."""

from __future__ import annotations

from typing import Any

KEY = {
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def seed(session: Any, regions: list[str]) -> None:
    dynamodb = session.client("dynamodb", region_name=regions[0])
    dynamodb.create_table(TableName="orders", DeletionProtectionEnabled=True, Tags=[{"Key": "team", "Value": "orders"}],
                          **KEY)  # fmt: skip
    dynamodb.update_continuous_backups(
        TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    dynamodb.create_table(TableName="scratch-sessions", **KEY)
