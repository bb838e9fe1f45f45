"""Amazon WorkSpaces, as data (:mod:`compliance.collect.spec`), in AWS Config's spelling
(``AWS::WorkSpaces::Workspace``, resource id the WorkSpace id, ``Id``, ``BundleId``, ``DirectoryId``,
``UserName``, ``RootVolumeEncryptionEnabled``, ``UserVolumeEncryptionEnabled``, ``VolumeEncryptionKey``,
``WorkspaceProperties``). One DescribeWorkspaces call lists them with their settings; state, addresses and
pending modifications are left out (they change without a configuration change). An encryption flag the API
leaves out stays out, as AWS Config records unencrypted WorkSpaces."""

from __future__ import annotations

from typing import Any

from compliance.collect.base import CollectContext
from compliance.collect.spec import ResourceSpec, spec_collector

WORKSPACE = "AWS::WorkSpaces::Workspace"
KEPT = (
    "BundleId",
    "DirectoryId",
    "UserName",
    "RootVolumeEncryptionEnabled",
    "UserVolumeEncryptionEnabled",
    "VolumeEncryptionKey",
    "WorkspaceProperties",
)


def _shaped(entry: dict[str, Any]) -> dict[str, Any]:
    return {"Id": entry.get("WorkspaceId"), **{k: entry[k] for k in KEPT if k in entry}}


def _arn(ctx: CollectContext, entry: dict[str, Any]) -> str:
    return f"arn:{ctx.partition}:workspaces:{ctx.region}:{ctx.account_id}:workspace/{entry['Id']}"


COLLECTORS = [
    spec_collector(
        "workspaces",
        "workspaces",
        (
            ResourceSpec(
                WORKSPACE,
                "DescribeWorkspaces",
                "Workspaces",
                "WorkspaceId",
                arn=_arn,
                casing="api",
                tags_key=None,
                clean=_shaped,
                one=lambda workspace_id: {"WorkspaceIds": [workspace_id]},
            ),
        ),
        description="WorkSpaces: root and user volume encryption",
    )
]
