"""DynamoDB tables, as AWS Config records them (``AWS::DynamoDB::Table``, resource id the table name,
camelCase configuration from DescribeTable). Point-in-time recovery comes from DescribeContinuousBackups into
``supplementaryConfiguration.ContinuousBackupsDescription``, where Config keeps it. Sizes, item counts and
the restorable window move constantly: state, not configuration, so they are left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, config_case, paginate, tag_dict
from compliance.model import ConfigurationItem

TABLE = "AWS::DynamoDB::Table"
TYPES = (TABLE,)
ABSENT = ("ResourceNotFoundException",)
VOLATILE = ("TableSizeBytes", "ItemCount", "WarmThroughput")
RESTORE_WINDOW = ("EarliestRestorableDateTime", "LatestRestorableDateTime")
CALLS = (
    Call("ListTables", "dynamodb:ListTables", {TABLE: ()}, lists=TYPES),
    Call("DescribeTable", "dynamodb:DescribeTable", {TABLE: ("configuration",)}, per="resource"),
    Call(
        "DescribeContinuousBackups",
        "dynamodb:DescribeContinuousBackups",
        {TABLE: ("supplementaryConfiguration.ContinuousBackupsDescription",)},
        per="resource",
    ),
    Call("ListTagsOfResource", "dynamodb:ListTagsOfResource", {TABLE: ("tags",)}, per="resource"),
)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    dynamodb = ctx.client("dynamodb")
    names = paginate(ctx, dynamodb, "list_tables", "TableNames", TYPES) or []
    found = ctx.map(lambda name: _table(ctx, dynamodb, name), names)
    yield from (item for item in found if item is not None)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    name = id_or_arn.rsplit("/", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    return _table(ctx, ctx.client("dynamodb"), name, absent_ok=True)


def _arn(ctx: CollectContext, name: str) -> str:
    return f"arn:{ctx.partition}:dynamodb:{ctx.region}:{ctx.account_id}:table/{name}"


def _table(ctx: CollectContext, dynamodb: Any, name: str, *, absent_ok: bool = False) -> ConfigurationItem | None:
    absent = ABSENT if absent_ok else ()
    table: dict[str, Any] = {}
    if ctx.wants("DescribeTable"):
        found = call(ctx, "dynamodb", "DescribeTable", dynamodb.describe_table, TYPES, resource_id=name,
                     absent=absent, TableName=name)  # fmt: skip
        if absent_ok and found == {}:
            return None
        table = (found or {}).get("Table") or {}  # a failed read: the table, its settings unknown
    configuration = config_case({k: v for k, v in table.items() if k not in VOLATILE})
    arn = table.get("TableArn") or _arn(ctx, name)
    supplementary: dict[str, Any] = {}
    if ctx.wants("DescribeContinuousBackups"):
        backups = call(ctx, "dynamodb", "DescribeContinuousBackups", dynamodb.describe_continuous_backups, TYPES,
                       resource_id=name, absent=absent, TableName=name)  # fmt: skip
        description = (backups or {}).get("ContinuousBackupsDescription")
        if description:
            pitr = {k: v for k, v in (description.get("PointInTimeRecoveryDescription") or {}).items()
                    if k not in RESTORE_WINDOW}  # fmt: skip
            supplementary["ContinuousBackupsDescription"] = config_case(
                {**description, "PointInTimeRecoveryDescription": pitr}
            )
    tags: dict[str, str] = {}
    if ctx.wants("ListTagsOfResource"):
        listed = call(ctx, "dynamodb", "ListTagsOfResource", dynamodb.list_tags_of_resource, TYPES,
                      resource_id=name, absent=absent, ResourceArn=arn)  # fmt: skip
        tags = tag_dict((listed or {}).get("Tags"))
    return ctx.item(
        TABLE, name, configuration, arn=arn, name=name, tags=tags, supplementary=supplementary,
        created=configuration.get("creationDateTime"),
    )  # fmt: skip


COLLECTORS = [
    Collector(
        name="dynamodb",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="DynamoDB tables: point-in-time recovery and deletion protection",
    )
]
