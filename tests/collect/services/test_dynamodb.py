import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.dynamodb import COLLECTORS, TABLE

DYNAMODB = COLLECTORS[0]
ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/{}"
KEY = {
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}
PITR = (
    "supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus"
)


def _tables() -> None:
    dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    dynamodb.create_table(TableName="orders", DeletionProtectionEnabled=True, Tags=[{"Key": "team", "Value": "a"}],
                          **KEY)  # fmt: skip
    dynamodb.update_continuous_backups(
        TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    dynamodb.create_table(TableName="scratch", **KEY)


@mock_aws
def test_tables_in_config_spelling():
    _tables()
    items, errors = run(DYNAMODB)
    assert errors == []
    orders = one(items, TABLE, "orders")
    assert (orders.arn, orders.resourceName, orders.tags) == (ARN.format("orders"), "orders", {"team": "a"})
    assert orders.get("configuration.deletionProtectionEnabled") is True
    assert orders.get("configuration.tableName") == "orders"
    assert orders.get("configuration.billingModeSummary.billingMode") == "PAY_PER_REQUEST"
    assert orders.get(PITR) == "ENABLED"
    pitr = orders.supplementaryConfiguration["ContinuousBackupsDescription"]["pointInTimeRecoveryDescription"]
    assert "earliestRestorableDateTime" not in pitr  # the restore window moves every second
    assert "itemCount" not in orders.configuration
    scratch = one(items, TABLE, "scratch")
    assert scratch.get("configuration.deletionProtectionEnabled") is False
    assert scratch.get(PITR) == "DISABLED"


@mock_aws
def test_a_denied_backup_read_is_an_error_and_leaves_recovery_unknown():
    _tables()
    items, errors = run(DYNAMODB, deny={"dynamodb": ["DescribeContinuousBackups"]})
    assert sorted((e.api, e.resourceId) for e in errors) == [
        ("DescribeContinuousBackups", "orders"),
        ("DescribeContinuousBackups", "scratch"),
    ]
    assert all(i.supplementaryConfiguration == {} for i in items)
    assert one(items, TABLE, "orders").get("configuration.deletionProtectionEnabled") is True


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("dynamodb", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(DYNAMODB.collect(ctx)) == []
    assert calls == ["ListTables"]


@mock_aws
def test_one_table_by_name_or_arn():
    _tables()
    ctx = context()
    assert DYNAMODB.read_one(ctx, "orders").arn == ARN.format("orders")
    assert DYNAMODB.read_one(ctx, ARN.format("scratch")).resourceId == "scratch"
    assert DYNAMODB.read_one(ctx, "gone") is None
