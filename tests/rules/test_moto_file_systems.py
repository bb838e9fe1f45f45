"""FSx rules on file systems created in a simulated account (moto) and read by the real collector."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, states

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

FILE_SYSTEM = "AWS::FSx::FileSystem"
SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
DIRECTORY = {"DomainName": "corp.example.com", "UserName": "fsx", "Password": "directory-secret",
             "DnsIps": ["10.0.0.10"]}  # fmt: skip


def _file_systems(session: boto3.Session) -> None:
    fsx = session.client("fsx", region_name=REGION)

    def create(name: str, kind: str, capacity: int, subnets: int = 1, **settings) -> None:
        fsx.create_file_system(FileSystemType=kind, StorageCapacity=capacity, SubnetIds=SUBNETS[:subnets],
                               Tags=[{"Key": "Name", "Value": name}], **settings)  # fmt: skip

    lustre = {"DeploymentType": "PERSISTENT_2", "PerUnitStorageThroughput": 125}
    create("lustre-tagged", "LUSTRE", 1200, LustreConfiguration={**lustre, "CopyTagsToBackups": True})
    create("lustre-bare", "LUSTRE", 1200, LustreConfiguration={**lustre, "CopyTagsToBackups": False})
    zfs = {"ThroughputCapacity": 160}
    create("zfs-multi", "OPENZFS", 64, 2, OpenZFSConfiguration={**zfs, "DeploymentType": "MULTI_AZ_1",
           "CopyTagsToBackups": True, "CopyTagsToVolumes": True, "PreferredSubnetId": SUBNETS[0]})  # fmt: skip
    create("zfs-single", "OPENZFS", 64, OpenZFSConfiguration={**zfs, "DeploymentType": "SINGLE_AZ_1",
           "CopyTagsToBackups": True, "CopyTagsToVolumes": False})  # fmt: skip
    create("ontap-multi", "ONTAP", 1024, 2, OntapConfiguration={"DeploymentType": "MULTI_AZ_1",
           "ThroughputCapacity": 128, "PreferredSubnetId": SUBNETS[0]})  # fmt: skip
    create(
        "ontap-single", "ONTAP", 1024, OntapConfiguration={"DeploymentType": "SINGLE_AZ_1", "ThroughputCapacity": 128}
    )
    windows = {"ThroughputCapacity": 8, "SelfManagedActiveDirectoryConfiguration": DIRECTORY}
    create("windows-multi", "WINDOWS", 32, 2, WindowsConfiguration={**windows, "DeploymentType": "MULTI_AZ_1",
           "PreferredSubnetId": SUBNETS[0]})  # fmt: skip
    create("windows-single", "WINDOWS", 32, WindowsConfiguration={**windows, "DeploymentType": "SINGLE_AZ_2"})


@pytest.fixture(scope="module")
def fsx_snapshot() -> Snapshot:
    return collected(_file_systems, ["fsx"])


def _by_name(rule_id: str, snapshot: Snapshot) -> dict[str, str]:
    by_id = states(rule_id, snapshot)
    return {i.tags["Name"]: by_id[i.resourceId] for i in snapshot if i.resourceType == FILE_SYSTEM}


@pytest.mark.parametrize(
    ("rule_id", "kind", "passing", "failing"),
    [
        ("fsx-lustre-copy-tags-to-backups", "lustre", "lustre-tagged", "lustre-bare"),
        ("fsx-openzfs-copy-tags-enabled", "zfs", "zfs-multi", "zfs-single"),
        ("fsx-openzfs-deployment-type-check", "zfs", "zfs-multi", "zfs-single"),
        ("fsx-ontap-deployment-type-check", "ontap", "ontap-multi", "ontap-single"),
        ("fsx-windows-deployment-type-check", "windows", "windows-multi", "windows-single"),
    ],
)
def test_fsx_rules(fsx_snapshot, rule_id, kind, passing, failing):
    found = _by_name(rule_id, fsx_snapshot)
    assert (found.pop(passing), found.pop(failing)) == (COMPLIANT, NON_COMPLIANT)
    assert set(found.values()) == {NOT_APPLICABLE}, "other file system types are not applicable"
