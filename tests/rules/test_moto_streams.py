"""DynamoDB rules on tables created in a simulated account (moto) and read by the real collector."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

TABLE = "AWS::DynamoDB::Table"
KEY = {
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def _tables(session: boto3.Session) -> None:
    dynamodb = session.client("dynamodb", region_name=REGION)
    dynamodb.create_table(TableName="guarded", DeletionProtectionEnabled=True, **KEY)
    dynamodb.update_continuous_backups(
        TableName="guarded", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    dynamodb.create_table(TableName="bare", **KEY)


@pytest.fixture(scope="module")
def dynamodb_snapshot() -> Snapshot:
    return collected(_tables, ["dynamodb"])


@pytest.mark.parametrize("rule_id", ["dynamodb-pitr-enabled", "dynamodb-table-deletion-protection-enabled"])
def test_dynamodb_table_rules(dynamodb_snapshot, rule_id):
    assert verdicts(rule_id, dynamodb_snapshot, TABLE) == {"guarded": COMPLIANT, "bare": NON_COMPLIANT}
