"""Snapshot files: every supported format reads, round-trips, and fails with a precise message."""

from __future__ import annotations

import gzip
import json

import pytest

from compliance.errors import InputError
from compliance.model import CollectionError, ConfigurationItem, Relationship
from compliance.snapshot import dump_snapshot, load_snapshot, new_snapshot


def _bucket() -> ConfigurationItem:
    item = ConfigurationItem(
        resourceType="AWS::S3::Bucket",
        resourceId="acme-data",
        accountId="111122223333",
        awsRegion="eu-west-1",
        arn="arn:aws:s3:::acme-data",
        resourceName="acme-data",
        configurationItemCaptureTime="2026-11-01T06:00:00Z",
        configurationStateId="1730440800000",
        tags={"team": "data"},
        relationships=[Relationship("AWS::KMS::Key", "k-1", None, "Is encrypted with Key")],
        configuration={"name": "acme-data", "creationDate": "2024-01-01T00:00:00.000Z"},
        supplementaryConfiguration={"BucketVersioningConfiguration": {"status": "Enabled", "isMfaDeleteEnabled": None}},
    )
    item.configurationItemMD5Hash = item.compute_hash()
    return item


@pytest.fixture
def snapshot():
    error = CollectionError(
        "ec2", "DescribeVolumes", "AccessDenied", "not authorized", "eu-west-1", "111122223333", ["AWS::EC2::Volume"]
    )
    return new_snapshot(
        [_bucket()],
        accountIds=["111122223333"],
        regions=["eu-west-1"],
        collectionErrors=[error],
        resourceTypesCollected=["AWS::S3::Bucket", "AWS::EC2::Volume"],
    )


@pytest.mark.parametrize("name", ["snap.json", "snap.json.gz"])
def test_our_format_round_trips(tmp_path, snapshot, name):
    path = tmp_path / name
    dump_snapshot(snapshot, path)
    loaded = load_snapshot(path)
    assert loaded.configurationItems == snapshot.configurationItems
    assert loaded.collectionErrors == snapshot.collectionErrors
    assert loaded.resourceTypesCollected == snapshot.resourceTypesCollected
    assert (loaded.accountIds, loaded.regions, loaded.toolVersion) == (
        ["111122223333"],
        ["eu-west-1"],
        snapshot.toolVersion,
    )
    assert loaded.source == "compliance"
    if name.endswith(".gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b"


@pytest.mark.parametrize("name", ["config.json", "config.json.gz"])
def test_aws_config_delivery_format_round_trips(tmp_path, snapshot, name):
    path = tmp_path / name
    dump_snapshot(snapshot, path, fmt="config")
    raw = json.loads(gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_text())
    item = raw["configurationItems"][0]
    # Config's S3 delivery spelling, not the API's.
    assert {"configurationItemVersion", "awsAccountId", "ARN", "configurationStateMd5Hash"} <= set(item)
    assert "accountId" not in item and item["relationships"][0]["name"] == "Is encrypted with Key"
    loaded = load_snapshot(path)
    assert loaded.source == "aws-config-snapshot"
    assert loaded.configurationItems == snapshot.configurationItems
    assert loaded.resourceTypesCollected is None  # Config's file doesn't say what was recorded


def test_real_config_delivery_item_loads(tmp_path):
    # An item as AWS Config writes it to S3 (abridged), incl. a JSON-string supplementary value.
    item = {
        "relatedEvents": [],
        "relationships": [
            {
                "resourceId": "vpc-1",
                "resourceName": None,
                "resourceType": "AWS::EC2::VPC",
                "name": "Is contained in Vpc",
            }
        ],
        "configuration": {"groupId": "sg-1", "ipPermissions": []},
        "supplementaryConfiguration": {"AccessControlList": '{"grantSet":null,"owner":{"id":"abc"}}'},
        "tags": {"env": "prod"},
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": "2026-10-01T12:00:00.123Z",
        "configurationStateId": 1727784000123,
        "awsAccountId": "123456789012",
        "configurationItemStatus": "ResourceDiscovered",
        "resourceType": "AWS::EC2::SecurityGroup",
        "resourceId": "sg-1",
        "resourceName": "web",
        "ARN": "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1",
        "awsRegion": "us-east-1",
        "availabilityZone": "Not Applicable",
        "configurationStateMd5Hash": "",
    }
    path = tmp_path / "123456789012_Config_us-east-1_ConfigSnapshot_x.json.gz"
    path.write_bytes(
        gzip.compress(
            json.dumps({"fileVersion": "1.0", "configSnapshotId": "abc", "configurationItems": [item]}).encode()
        )
    )
    loaded = load_snapshot(path)
    ci = loaded.configurationItems[0]
    assert (ci.accountId, ci.arn, ci.configurationStateId) == ("123456789012", item["ARN"], "1727784000123")
    assert ci.supplementaryConfiguration["AccessControlList"]["owner"]["id"] == "abc"
    assert ci.relationships[0].relationshipName == "Is contained in Vpc"
    assert loaded.accountIds == ["123456789012"] and loaded.regions == ["us-east-1"]


def _api_item(item: ConfigurationItem) -> dict:
    """An item as the Config API (and so the AWS CLI) returns it: JSON-encoded strings."""
    return {
        "version": "1.3",
        "accountId": item.accountId,
        "configurationItemCaptureTime": 1730440800.0,
        "configurationItemStatus": "OK",
        "configurationStateId": item.configurationStateId,
        "configurationItemMD5Hash": item.configurationItemMD5Hash,
        "arn": item.arn,
        "resourceType": item.resourceType,
        "resourceId": item.resourceId,
        "resourceName": item.resourceName,
        "awsRegion": item.awsRegion,
        "tags": item.tags,
        "relationships": [
            {"resourceType": r.resourceType, "resourceId": r.resourceId, "relationshipName": r.relationshipName}
            for r in item.relationships
        ],
        "configuration": json.dumps(item.configuration),
        "supplementaryConfiguration": {k: json.dumps(v) for k, v in item.supplementaryConfiguration.items()},
    }


def test_get_resource_config_history_output(tmp_path):
    item = _bucket()
    path = tmp_path / "history.json"
    path.write_text(json.dumps({"configurationItems": [_api_item(item)], "nextToken": "x"}))
    loaded = load_snapshot(path)
    assert loaded.source == "get-resource-config-history"
    ci = loaded.configurationItems[0]
    assert ci.configuration == item.configuration
    assert ci.supplementaryConfiguration == item.supplementaryConfiguration
    assert ci.configurationItemCaptureTime == "2024-11-01T06:00:00Z"


def test_batch_get_resource_config_output(tmp_path):
    item = _api_item(_bucket())
    for key in ("tags", "relationships", "configurationItemMD5Hash"):
        item.pop(key)  # BatchGetResourceConfig's BaseConfigurationItem has none of these
    path = tmp_path / "batch.json"
    path.write_text(json.dumps({"baseConfigurationItems": [item], "unprocessedResourceKeys": []}))
    loaded = load_snapshot(path)
    assert loaded.source == "batch-get-resource-config"
    assert (
        loaded.configurationItems[0].supplementaryConfiguration["BucketVersioningConfiguration"]["status"] == "Enabled"
    )


@pytest.mark.parametrize("name", ["items.jsonl", "items.jsonl.gz"])
def test_json_lines_round_trip(tmp_path, snapshot, name):
    path = tmp_path / name
    dump_snapshot(snapshot, path, fmt="jsonl")
    loaded = load_snapshot(path)
    assert loaded.configurationItems == snapshot.configurationItems
    assert loaded.source == "jsonl"


def test_example_files_load(example_snapshot_path):
    ours = load_snapshot(example_snapshot_path)
    config = load_snapshot(example_snapshot_path.parent / "aws-config-snapshot.json.gz")
    assert ours.resourceTypesCollected and len(ours) > len(config) > 10
    assert {i.key for i in config} < {i.key for i in ours}


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ('{"configurationItems": {}}', "configurationItems: expected a list"),
        ('{"configurationItems": [{"resourceId": "x"}]}', "configurationItems[0].resourceType: missing"),
        (
            '{"configurationItems": [{"resourceType": "AWS::S3::Bucket", "resourceId": 5}]}',
            "configurationItems[0].resourceId: expected a string",
        ),
        (
            '{"configurationItems": [{"resourceType": "T", "resourceId": "i", "configuration": "{bad"}]}',
            "configurationItems[0].configuration: not valid JSON",
        ),
        (
            '{"configurationItems": [{"resourceType": "T", "resourceId": "i", "configuration": [1]}]}',
            "configurationItems[0].configuration: expected an object",
        ),
        (
            '{"configurationItems": [{"resourceType": "T", "resourceId": "i", "tags": 3}]}',
            "configurationItems[0].tags: expected an object",
        ),
        ('{"configurationItems": [], "collectionErrors": [{"service": "s3"}]}', "collectionErrors[0].api"),
        ("[1]", "[0]: a configuration item must be an object"),
        ('{"items": []}', "no 'configurationItems'"),
        ("", "empty file"),
    ],
)
def test_malformed_input_names_file_index_and_field(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError) as caught:
        load_snapshot(path)
    assert str(path) in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_jsonl_error_names_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"resourceType": "T", "resourceId": "a"}\n{"resourceType": "T"}\n')
    with pytest.raises(InputError, match=r"bad.jsonl: line 2.resourceId: missing"):
        load_snapshot(path)


def test_missing_file_and_bad_gzip(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_snapshot(tmp_path / "absent.json")
    path = tmp_path / "x.json.gz"
    path.write_bytes(b"\x1f\x8b" + b"garbage")
    with pytest.raises(InputError, match="not a valid gzip file"):
        load_snapshot(path)
