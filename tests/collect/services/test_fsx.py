import boto3
from collecting import context, dumped, one, run
from moto import mock_aws

from compliance.collect.services.fsx import COLLECTORS, FILE_SYSTEM

FSX = COLLECTORS[0]
SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]


def _file_systems() -> dict[str, str]:
    fsx = boto3.client("fsx", region_name="us-east-1")

    def create(kind: str, capacity: int, **settings) -> str:
        return fsx.create_file_system(FileSystemType=kind, StorageCapacity=capacity, SubnetIds=SUBNETS[:1], **settings)[
            "FileSystem"
        ]["FileSystemId"]

    return {
        "lustre": create("LUSTRE", 1200, LustreConfiguration={"DeploymentType": "PERSISTENT_2",
                         "PerUnitStorageThroughput": 125, "CopyTagsToBackups": True},
                         Tags=[{"Key": "team", "Value": "hpc"}]),
        "ontap": create("ONTAP", 1024, OntapConfiguration={"DeploymentType": "SINGLE_AZ_1", "ThroughputCapacity": 128,
                        "FsxAdminPassword": "ontap-admin-secret"}),
        "openzfs": create("OPENZFS", 64, OpenZFSConfiguration={"DeploymentType": "SINGLE_AZ_1",
                          "ThroughputCapacity": 64, "CopyTagsToBackups": True, "CopyTagsToVolumes": False}),
    }  # fmt: skip


@mock_aws
def test_file_systems_in_config_spelling_without_passwords():
    ids = _file_systems()
    items, errors = run(FSX)
    assert errors == []
    lustre = one(items, FILE_SYSTEM, ids["lustre"])
    assert lustre.arn == f"arn:aws:fsx:us-east-1:123456789012:file-system/{ids['lustre']}"
    assert lustre.tags == {"team": "hpc"}
    assert lustre.get("configuration.FileSystemType") == "LUSTRE"
    assert lustre.get("configuration.LustreConfiguration.CopyTagsToBackups") is True
    assert "Tags" not in lustre.configuration
    assert one(items, FILE_SYSTEM, ids["ontap"]).get("configuration.OntapConfiguration.DeploymentType") == "SINGLE_AZ_1"
    openzfs = one(items, FILE_SYSTEM, ids["openzfs"]).get("configuration.OpenZFSConfiguration")
    assert (openzfs["CopyTagsToBackups"], openzfs["CopyTagsToVolumes"]) == (True, False)
    assert "ontap-admin-secret" not in dumped(items)


@mock_aws
def test_a_denied_listing_is_an_error():
    _file_systems()
    items, errors = run(FSX, deny={"fsx": ["DescribeFileSystems"]})
    assert items == []
    assert [(e.api, e.resourceTypes) for e in errors] == [("DescribeFileSystems", [FILE_SYSTEM])]


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("fsx", "us-east-1").meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    assert list(FSX.collect(ctx)) == []
    assert calls == ["DescribeFileSystems"]


@mock_aws
def test_one_file_system_by_id_or_arn():
    ids = _file_systems()
    ctx = context()
    arn = f"arn:aws:fsx:us-east-1:123456789012:file-system/{ids['ontap']}"
    assert FSX.read_one(ctx, ids["lustre"]).resourceId == ids["lustre"]
    assert FSX.read_one(ctx, arn).resourceId == ids["ontap"]
    assert FSX.read_one(ctx, "fs-0123456789abcdef0") is None
