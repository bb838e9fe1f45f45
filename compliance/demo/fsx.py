"""Demo FSx file systems: a Lustre file system copying tags to its backups and one that does not, a
Multi-AZ and a single-AZ OpenZFS file system (the single-AZ one not copying tags to volumes), and
Multi-AZ and single-AZ ONTAP and Windows File Server file systems (FSx.1, FSx.2 and the deployment-type
checks)."""

from __future__ import annotations

from typing import Any
from unittest import mock

SECRETS = ("demo-fsx-ontap-admin", "demo-fsx-directory-join")
SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]


def seed(session: Any, regions: list[str]) -> None:
    from moto.moto_api._internal import mock_random

    # the simulator draws file system ids from uuid4, not from its seeded source: seeded here
    with mock.patch("moto.fsx.models.uuid4", mock_random.uuid4):
        _seed(session.client("fsx", region_name=regions[0]))


def _seed(fsx: Any) -> None:

    def create(name: str, kind: str, capacity: int, subnets: int = 1, **settings: Any) -> None:
        fsx.create_file_system(FileSystemType=kind, StorageCapacity=capacity, SubnetIds=SUBNETS[:subnets],
                               Tags=[{"Key": "Name", "Value": name}], **settings)  # fmt: skip

    lustre = {"DeploymentType": "PERSISTENT_2", "PerUnitStorageThroughput": 125}
    create("genomics-scratch", "LUSTRE", 1200, LustreConfiguration={**lustre, "CopyTagsToBackups": True})
    create("render-scratch", "LUSTRE", 1200, LustreConfiguration={**lustre, "CopyTagsToBackups": False})
    create("home-dirs", "OPENZFS", 64, 2, OpenZFSConfiguration={"DeploymentType": "MULTI_AZ_1",
           "ThroughputCapacity": 160, "CopyTagsToBackups": True, "CopyTagsToVolumes": True,
           "PreferredSubnetId": SUBNETS[0]})  # fmt: skip
    create("build-cache", "OPENZFS", 64, OpenZFSConfiguration={"DeploymentType": "SINGLE_AZ_1",
           "ThroughputCapacity": 64, "CopyTagsToBackups": True, "CopyTagsToVolumes": False})  # fmt: skip
    create("finance-shares", "ONTAP", 1024, 2, OntapConfiguration={"DeploymentType": "MULTI_AZ_1",
           "ThroughputCapacity": 128, "PreferredSubnetId": SUBNETS[0], "FsxAdminPassword": SECRETS[0]})  # fmt: skip
    create(
        "test-shares", "ONTAP", 1024, OntapConfiguration={"DeploymentType": "SINGLE_AZ_1", "ThroughputCapacity": 128}
    )
    directory = {"DomainName": "corp.example.com", "UserName": "fsx-join", "Password": SECRETS[1],
                 "DnsIps": ["10.20.0.10"]}  # fmt: skip
    windows = {"ThroughputCapacity": 8, "SelfManagedActiveDirectoryConfiguration": directory}
    create("office-shares", "WINDOWS", 32, 2, WindowsConfiguration={**windows, "DeploymentType": "MULTI_AZ_1",
           "PreferredSubnetId": SUBNETS[0]})  # fmt: skip
    create("kiosk-shares", "WINDOWS", 32, WindowsConfiguration={**windows, "DeploymentType": "SINGLE_AZ_2"})
