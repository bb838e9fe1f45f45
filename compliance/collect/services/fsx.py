"""FSx file systems (Lustre, Windows File Server, NetApp ONTAP, OpenZFS) as a resource spec, in the API's
PascalCase as AWS Config records them (``AWS::FSx::FileSystem``, resource id the file system id, ARN
``ResourceARN``): ``FileSystemType`` and the type's own ``LustreConfiguration`` / ``WindowsConfiguration`` /
``OntapConfiguration`` / ``OpenZFSConfiguration`` (deployment type, copy-tags settings). Any password the
API may echo (the ONTAP admin password, a self-managed directory's password) is left out, and so are
pending administrative actions (state, not configuration)."""

from __future__ import annotations

from typing import Any

from compliance.collect.spec import ResourceSpec, spec_collector

FILE_SYSTEM = "AWS::FSx::FileSystem"


def _without_passwords(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_passwords(v) for k, v in value.items() if "password" not in k.lower()}
    if isinstance(value, list):
        return [_without_passwords(v) for v in value]
    return value


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return _without_passwords({k: v for k, v in entry.items() if k != "AdministrativeActions"})


COLLECTORS = [
    spec_collector(
        "fsx",
        "fsx",
        (
            ResourceSpec(
                FILE_SYSTEM,
                "DescribeFileSystems",
                "FileSystems",
                "FileSystemId",
                arn="ResourceARN",
                casing="api",
                clean=_clean,
                one=lambda file_system_id: {"FileSystemIds": [file_system_id]},
            ),
        ),  # fmt: skip
        description="FSx file systems: Multi-AZ deployment, tags copied to backups and volumes",
    )
]
