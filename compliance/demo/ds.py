"""Demo Directory Service: a Simple AD directory forwarding its logs, in the first region."""

from __future__ import annotations

from typing import Any

SECRETS = ("DemoDirectoryAdm1n!",)


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.create_vpc(CidrBlock="10.90.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.90.{i}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"][
            "SubnetId"
        ]
        for i, az in enumerate("ab")
    ]
    ds = session.client("ds", region_name=region)
    directory = ds.create_directory(
        Name="corp.example.com", Password=SECRETS[0], Size="Small", VpcSettings={"VpcId": vpc, "SubnetIds": subnets}
    )["DirectoryId"]
    session.client("logs", region_name=region).create_log_group(logGroupName="/aws/directoryservice/corp")
    ds.create_log_subscription(DirectoryId=directory, LogGroupName="/aws/directoryservice/corp")
