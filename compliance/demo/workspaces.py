"""Demo WorkSpaces, in the first region: an encrypted WorkSpace (root and user volumes, the AWS managed key)
and one with neither volume encrypted (WorkSpaces.1, WorkSpaces.2), on a directory of their own."""

from __future__ import annotations

from typing import Any

SECRETS = ("DemoDesktops-Adm1n!",)
BUNDLE = "wsb-clj85qzj1"  # a public Standard Windows bundle id


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.create_vpc(CidrBlock="10.91.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.91.{i}.0/24", AvailabilityZone=f"{region}{zone}")["Subnet"][
            "SubnetId"
        ]
        for i, zone in enumerate("ab")
    ]
    directory = session.client("ds", region_name=region).create_directory(
        Name="desktops.example.com", Password=SECRETS[0], Size="Small", VpcSettings={"VpcId": vpc, "SubnetIds": subnets}
    )["DirectoryId"]
    workspaces = session.client("workspaces", region_name=region)
    workspaces.register_workspace_directory(DirectoryId=directory)
    workspaces.create_workspaces(
        Workspaces=[
            {
                "DirectoryId": directory, "UserName": "finance-analyst", "BundleId": BUNDLE,
                "VolumeEncryptionKey": "alias/aws/workspaces", "RootVolumeEncryptionEnabled": True,
                "UserVolumeEncryptionEnabled": True,
            },
            {"DirectoryId": directory, "UserName": "contractor", "BundleId": BUNDLE},
        ]
    )  # fmt: skip
