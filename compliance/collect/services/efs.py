"""EFS: file systems (encryption, backup policy) and access points, in Config's PascalCase spelling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, jsonable, paginate, tag_dict
from compliance.model import ConfigurationItem, Relationship

FILE_SYSTEM = "AWS::EFS::FileSystem"
ACCESS_POINT = "AWS::EFS::AccessPoint"
TYPES = (FILE_SYSTEM, ACCESS_POINT)
VOLATILE = ("SizeInBytes", "Tags", "ResponseMetadata")  # size changes constantly: it would churn history


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    efs = ctx.client("efs")
    file_systems = paginate(ctx, efs, "describe_file_systems", "FileSystems", (FILE_SYSTEM,))
    yield from ctx.map(lambda fs: _file_system(ctx, efs, fs), file_systems or [])
    if file_systems == []:
        return  # an access point belongs to a file system: none here (one request for an empty region)
    for ap in paginate(ctx, efs, "describe_access_points", "AccessPoints", (ACCESS_POINT,)) or []:
        configuration = jsonable({k: v for k, v in ap.items() if k not in ("Tags", "ClientToken")})
        configuration["Arn"] = ap.get("AccessPointArn")
        yield ctx.item(
            ACCESS_POINT,
            ap["AccessPointId"],
            configuration,
            arn=ap.get("AccessPointArn"),
            name=ap.get("Name"),
            tags=tag_dict(ap.get("Tags")),
            relationships=[Relationship(FILE_SYSTEM, ap["FileSystemId"], relationshipName="Is attached to FileSystem")],
        )


def _file_system(ctx: CollectContext, efs: Any, fs: dict[str, Any]) -> ConfigurationItem:
    fs_id = fs["FileSystemId"]
    configuration = jsonable({k: v for k, v in fs.items() if k not in VOLATILE})
    configuration["Arn"] = fs.get("FileSystemArn")
    configuration.setdefault("Encrypted", False)
    backup = call(
        ctx,
        "efs",
        "DescribeBackupPolicy",
        efs.describe_backup_policy,
        (FILE_SYSTEM,),
        resource_id=fs_id,
        absent=("PolicyNotFound",),  # no policy: automatic backups are off
        FileSystemId=fs_id,
    )
    if backup is not None:
        configuration["BackupPolicy"] = {"Status": (backup.get("BackupPolicy") or {}).get("Status", "DISABLED")}
    relationships = []
    if fs.get("KmsKeyId"):
        relationships.append(Relationship("AWS::KMS::Key", fs["KmsKeyId"], relationshipName="Is associated with Key"))
    return ctx.item(
        FILE_SYSTEM,
        fs_id,
        configuration,
        arn=fs.get("FileSystemArn"),
        name=fs.get("Name"),
        tags=tag_dict(fs.get("Tags")),
        relationships=relationships,
        created=configuration.get("CreationTime"),
    )


COLLECTORS = [
    Collector(
        name="efs",
        resource_types=TYPES,
        permissions=(
            "elasticfilesystem:DescribeFileSystems",
            "elasticfilesystem:DescribeBackupPolicy",
            "elasticfilesystem:DescribeAccessPoints",
        ),
        collect=collect,
        description="EFS file systems (encryption at rest, backup policy) and access points",
    )
]
