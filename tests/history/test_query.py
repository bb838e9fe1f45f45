"""The AWS Config advanced-query subset, evaluated over configuration items."""

from __future__ import annotations

import pytest

from compliance.errors import InputError
from compliance.history.query import run_query
from compliance.model import ConfigurationItem


def _ci(resource_id, resource_type, region="us-east-1", tags=None, status="OK", **configuration):
    return ConfigurationItem(
        resourceType=resource_type,
        resourceId=resource_id,
        accountId="111122223333",
        awsRegion=region,
        configurationItemCaptureTime="2025-03-0%sT00:00:00Z" % (1 + len(resource_id) % 5),
        configurationItemStatus=status,
        tags=tags or {},
        configuration=configuration,
    )


ITEMS = [
    _ci("i-1", "AWS::EC2::Instance", instanceType="t3.micro", cpu=2, tags={"env": "prod"}, state={"name": "running"}),
    _ci("i-22", "AWS::EC2::Instance", instanceType="m5.large", cpu=8, tags={"env": "dev"}, state={"name": "stopped"}),
    _ci("i-333", "AWS::EC2::Instance", region="eu-west-1", instanceType="m5.xlarge", cpu=16, state={"name": "running"}),
    _ci("vol-1", "AWS::EC2::Volume", size=100, encrypted=False, attachments=[{"instanceId": "i-1"}]),
    _ci("vol-2", "AWS::EC2::Volume", size=8, encrypted=True, attachments=[]),
    _ci(
        "sg-1",
        "AWS::EC2::SecurityGroup",
        ipPermissions=[
            {"fromPort": 443, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]},
            {"fromPort": 22, "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}]},
        ],
    ),
    _ci("i-gone", "AWS::EC2::Instance", status="ResourceDeleted"),
]


def _ids(sql):
    return [row["resourceId"] for row in run_query(sql, ITEMS).rows]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("resourceType = 'AWS::EC2::Instance'", ["i-1", "i-22", "i-333"]),
        ("resourceType = 'AWS::EC2::Instance' AND configuration.cpu != 8", ["i-1", "i-333"]),
        ("resourceType = 'AWS::EC2::Instance' AND configuration.cpu <> 8", ["i-1", "i-333"]),
        ("configuration.cpu < 8", ["i-1"]),
        ("configuration.cpu <= 8", ["i-1", "i-22"]),
        ("configuration.cpu > 8", ["i-333"]),
        ("configuration.cpu >= 8", ["i-22", "i-333"]),
        ("8 < configuration.cpu", ["i-333"]),
        ("configuration.size BETWEEN 8 AND 50", ["vol-2"]),
        ("configuration.instanceType IN ('t3.micro', 'm5.xlarge')", ["i-1", "i-333"]),
        ("configuration.instanceType NOT IN ('t3.micro', 'm5.xlarge')", ["i-22", "vol-1", "vol-2", "sg-1"]),
        ("configuration.instanceType LIKE 'm5.%'", ["i-22", "i-333"]),
        ("resourceId LIKE 'i-__'", ["i-22"]),
        ("NOT resourceType = 'AWS::EC2::Instance'", ["vol-1", "vol-2", "sg-1"]),
        ("awsRegion = 'eu-west-1' OR (configuration.encrypted = true AND configuration.size = 8)", ["i-333", "vol-2"]),
        ("configuration.encrypted = false", ["vol-1"]),
        ("configuration.state.name = 'running'", ["i-1", "i-333"]),
        ("tags.key = 'env'", ["i-1", "i-22"]),
        ("tags.tag = 'env=prod'", ["i-1"]),
        ("configuration.attachments.instanceId = 'i-1'", ["vol-1"]),
        ("configuration.ipPermissions.fromPort = 22", ["sg-1"]),
        ("configuration.instanceType IS NULL", ["vol-1", "vol-2", "sg-1"]),
        ("configuration.instanceType IS NOT NULL", ["i-1", "i-22", "i-333"]),
        ("configurationItemCaptureTime > '2025-03-04'", ["i-1", "i-22", "sg-1"]),
    ],
)
def test_where_operators(where, expected):
    assert _ids(f"SELECT resourceId WHERE {where}") == expected


def test_conditions_inside_arrays_match_any_element_independently():
    # As in Config: fromPort = 22 and cidrIp = 0.0.0.0/0 match different permissions, yet the item matches.
    where = "configuration.ipPermissions.fromPort = 22 AND configuration.ipPermissions.ipv4Ranges.cidrIp = '0.0.0.0/0'"
    assert _ids(f"SELECT resourceId WHERE {where}") == ["sg-1"]


def test_deleted_items_are_not_part_of_the_state():
    assert "i-gone" not in _ids("SELECT resourceId WHERE resourceType = 'AWS::EC2::Instance'")


def test_select_paths_give_flat_rows_and_config_shaped_records():
    result = run_query(
        "SELECT resourceId, configuration.instanceType, configuration.state.name, tags WHERE resourceId = 'i-1'",
        ITEMS,
    )
    assert result.columns == ["resourceId", "configuration.instanceType", "configuration.state.name", "tags"]
    assert result.rows == [
        {
            "resourceId": "i-1",
            "configuration.instanceType": "t3.micro",
            "configuration.state.name": "running",
            "tags": [{"key": "env", "value": "prod", "tag": "env=prod"}],
        }
    ]
    assert result.records == [
        {
            "resourceId": "i-1",
            "configuration": {"instanceType": "t3.micro", "state": {"name": "running"}},
            "tags": [{"key": "env", "value": "prod", "tag": "env=prod"}],
        }
    ]


def test_count_group_by_order_by():
    result = run_query(
        "SELECT resourceType, COUNT(*) WHERE awsRegion = 'us-east-1' GROUP BY resourceType "
        "ORDER BY COUNT(*) DESC, resourceType",
        ITEMS,
    )
    assert result.rows == [
        {"resourceType": "AWS::EC2::Instance", "COUNT(*)": 2},
        {"resourceType": "AWS::EC2::Volume", "COUNT(*)": 2},
        {"resourceType": "AWS::EC2::SecurityGroup", "COUNT(*)": 1},
    ]


def test_aggregates_and_aliases():
    result = run_query(
        "SELECT COUNT(*) AS n, SUM(configuration.cpu), MIN(configuration.cpu), MAX(configuration.cpu), "
        "AVG(configuration.cpu) WHERE resourceType = 'AWS::EC2::Instance'",
        ITEMS,
    )
    assert result.rows == [
        {
            "n": 3,
            "SUM(configuration.cpu)": 26,
            "MIN(configuration.cpu)": 2,
            "MAX(configuration.cpu)": 16,
            "AVG(configuration.cpu)": pytest.approx(26 / 3),
        }
    ]
    assert run_query("SELECT COUNT(*) WHERE resourceType = 'AWS::Nothing'", ITEMS).rows == [{"COUNT(*)": 0}]


def test_order_by_descending_property():
    assert _ids("SELECT resourceId, configuration.cpu WHERE configuration.cpu > 0 ORDER BY configuration.cpu DESC") == [
        "i-333",
        "i-22",
        "i-1",
    ]


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT resourceId FROM resources", "no FROM clause"),
        ("SELECT * WHERE resourceId = 'x'", r"SELECT \* is not supported"),
        ("SELECT resourceId WHERE resourceId = ", "cannot parse"),
        ("DELETE WHERE resourceId = 'x'", "cannot parse"),
        ("SELECT resourceId; SELECT resourceType", "expected one SELECT"),
        ("SELECT resourceId, COUNT(*)", "must be in GROUP BY"),
        ("SELECT resourceId WHERE resourceId = resourceType", "compare a property with a value"),
        ("SELECT resourceId WHERE resourceId IN (SELECT resourceId)", "IN takes a list"),
        ("SELECT resourceId ORDER BY resourceType", "must name a selected property"),
        ("SELECT resourceId WHERE resourceId = NULL", "IS NULL"),
        ("SELECT UPPER(resourceId)", "unsupported select expression"),
        ("SELECT resourceId HAVING COUNT(*) > 1", "not part of the AWS Config query language"),
    ],
)
def test_bad_queries_raise_input_errors(sql, message):
    with pytest.raises(InputError, match=message):
        run_query(sql, ITEMS)
