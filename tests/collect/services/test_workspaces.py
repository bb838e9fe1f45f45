import boto3
from collecting import context, run
from moto import mock_aws

from compliance.collect.services.workspaces import COLLECTORS, WORKSPACE

WORKSPACES = COLLECTORS[0]


def _workspaces() -> dict[str, str]:
    """{user name: WorkSpace id}: an encrypted WorkSpace and a plain one."""
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for i, zone in enumerate("ab")
    ]
    directory = boto3.client("ds", region_name="us-east-1").create_directory(
        Name="corp.example.com",
        Password="Dir-Passw0rd-1",
        Size="Small",
        VpcSettings={"VpcId": vpc, "SubnetIds": subnets},
    )["DirectoryId"]
    client = boto3.client("workspaces", region_name="us-east-1")
    client.register_workspace_directory(DirectoryId=directory)
    created = client.create_workspaces(
        Workspaces=[
            {
                "DirectoryId": directory, "UserName": "alice", "BundleId": "wsb-1234abcd",
                "VolumeEncryptionKey": "alias/aws/workspaces", "UserVolumeEncryptionEnabled": True,
                "RootVolumeEncryptionEnabled": True,
                "WorkspaceProperties": {"RunningMode": "AUTO_STOP", "RootVolumeSizeGib": 80},
            },
            {"DirectoryId": directory, "UserName": "bob", "BundleId": "wsb-1234abcd"},
        ]
    )  # fmt: skip
    return {w["UserName"]: w["WorkspaceId"] for w in created["PendingRequests"]}


@mock_aws
def test_workspaces_in_config_spelling():
    ids = _workspaces()
    items, errors = run(WORKSPACES)
    assert errors == []
    by_user = {i.get("configuration.UserName"): i for i in items}
    alice = by_user["alice"]
    assert (alice.resourceType, alice.resourceId) == (WORKSPACE, ids["alice"])
    assert alice.arn == f"arn:aws:workspaces:us-east-1:123456789012:workspace/{ids['alice']}"
    assert alice.configuration == {
        "Id": ids["alice"],
        "BundleId": "wsb-1234abcd",
        "DirectoryId": alice.get("configuration.DirectoryId"),
        "UserName": "alice",
        "RootVolumeEncryptionEnabled": True,
        "UserVolumeEncryptionEnabled": True,
        "VolumeEncryptionKey": "alias/aws/workspaces",
        "WorkspaceProperties": {"RunningMode": "AUTO_STOP", "RootVolumeSizeGib": 80},
    }
    assert alice.get("configuration.DirectoryId").startswith("d-")
    bob = by_user["bob"].configuration
    assert "RootVolumeEncryptionEnabled" not in bob and "UserVolumeEncryptionEnabled" not in bob
    assert "State" not in bob and "WorkspaceId" not in bob


@mock_aws
def test_a_denied_listing_is_an_error():
    _workspaces()
    items, errors = run(WORKSPACES, deny={"workspaces": ["DescribeWorkspaces"]})
    assert items == [] and [(e.api, e.resourceTypes) for e in errors] == [("DescribeWorkspaces", [WORKSPACE])]


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("workspaces", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(WORKSPACES.collect(ctx)) == []
    assert calls == ["DescribeWorkspaces"]


@mock_aws
def test_one_workspace_by_id_or_arn():
    ids = _workspaces()
    ctx = context()
    assert WORKSPACES.read_one(ctx, ids["alice"]).get("configuration.UserName") == "alice"
    arn = f"arn:aws:workspaces:us-east-1:123456789012:workspace/{ids['bob']}"
    assert WORKSPACES.read_one(ctx, arn).resourceId == ids["bob"]
    assert WORKSPACES.read_one(ctx, "ws-000000000") is None
