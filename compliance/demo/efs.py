"""Demo EFS: an encrypted file system with an access point, and an unencrypted one (EFS.1)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    efs = session.client("efs", region_name=regions[0])
    shared = efs.create_file_system(
        CreationToken="demo-shared", Encrypted=True, Tags=[{"Key": "Name", "Value": "shared-home"}]
    )
    efs.create_access_point(FileSystemId=shared["FileSystemId"], PosixUser={"Uid": 1000, "Gid": 1000})
    if len(regions) > 1:
        session.client("efs", region_name=regions[1]).create_file_system(
            CreationToken="demo-scratch", Encrypted=False, Tags=[{"Key": "Name", "Value": "scratch"}]
        )
