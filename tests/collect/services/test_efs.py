import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.efs import ACCESS_POINT, COLLECTORS, FILE_SYSTEM

EFS = COLLECTORS[0]


@mock_aws
def test_file_systems_and_access_points():
    efs = boto3.client("efs", region_name="us-east-1")
    encrypted = efs.create_file_system(CreationToken="a", Encrypted=True, Tags=[{"Key": "Name", "Value": "shared"}])
    plain = efs.create_file_system(CreationToken="b")
    ap = efs.create_access_point(FileSystemId=encrypted["FileSystemId"], PosixUser={"Uid": 1000, "Gid": 1000})

    items, errors = run(EFS)

    assert errors == []
    good = one(items, FILE_SYSTEM, encrypted["FileSystemId"])
    assert good.configuration["Encrypted"] is True
    assert good.configuration["Arn"] == encrypted["FileSystemArn"]
    assert good.configuration["BackupPolicy"] == {"Status": "DISABLED"}  # PolicyNotFound
    assert "SizeInBytes" not in good.configuration
    assert good.tags == {"Name": "shared"} and good.resourceName == "shared"
    assert one(items, FILE_SYSTEM, plain["FileSystemId"]).configuration["Encrypted"] is False
    point = one(items, ACCESS_POINT, ap["AccessPointId"])
    assert point.configuration["PosixUser"] == {"Uid": 1000, "Gid": 1000}
    assert point.relationships[0].resourceId == encrypted["FileSystemId"]


def test_backup_policy_enabled_stubbed_and_denied():
    client, stub = stubbed("efs")
    fs = {
        "OwnerId": "123456789012",
        "CreationToken": "t",
        "FileSystemId": "fs-1",
        "FileSystemArn": "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
        "CreationTime": "2026-01-01T00:00:00Z",
        "LifeCycleState": "available",
        "NumberOfMountTargets": 0,
        "SizeInBytes": {"Value": 1},
        "PerformanceMode": "generalPurpose",
        "Encrypted": True,
        "Tags": [],
    }
    stub.add_response("describe_file_systems", {"FileSystems": [fs, {**fs, "FileSystemId": "fs-2"}]})
    stub.add_response("describe_backup_policy", {"BackupPolicy": {"Status": "ENABLED"}}, {"FileSystemId": "fs-1"})
    stub.add_client_error("describe_backup_policy", "AccessDeniedException", "denied", 403)
    stub.add_response("describe_access_points", {"AccessPoints": []})
    with stub:
        ctx = context(clients={"efs": client})
        items = list(EFS.collect(ctx))
    assert one(items, FILE_SYSTEM, "fs-1").configuration["BackupPolicy"] == {"Status": "ENABLED"}
    assert "BackupPolicy" not in one(items, FILE_SYSTEM, "fs-2").configuration
    assert [(e.api, e.resourceId) for e in ctx.errors] == [("DescribeBackupPolicy", "fs-2")]
