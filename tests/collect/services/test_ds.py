import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.ds import COLLECTORS, DIRECTORY

DS = COLLECTORS[0]


@mock_aws
def test_directories_with_log_subscriptions():
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.4.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.4.{i}.0/24", AvailabilityZone=f"us-east-1{az}")["Subnet"][
            "SubnetId"
        ]
        for i, az in enumerate("ab")
    ]
    client = boto3.client("ds", region_name="us-east-1")
    directory_id = client.create_directory(
        Name="corp.example.com", Password="Passw0rd!23", Size="Small", VpcSettings={"VpcId": vpc, "SubnetIds": subnets}
    )["DirectoryId"]
    boto3.client("logs", region_name="us-east-1").create_log_group(logGroupName="/aws/directoryservice/corp")
    client.create_log_subscription(DirectoryId=directory_id, LogGroupName="/aws/directoryservice/corp")

    items, errors = run(DS)

    assert errors == []
    directory = one(items, DIRECTORY, directory_id)
    assert directory.configuration["Type"] == "SimpleAD" and directory.configuration["Stage"] == "Active"
    assert [s["LogGroupName"] for s in directory.supplementaryConfiguration["LogSubscriptions"]] == [
        "/aws/directoryservice/corp"
    ]
    assert ("AWS::EC2::VPC", vpc) in {(r.resourceType, r.resourceId) for r in directory.relationships}
    assert "Passw0rd!23" not in str(directory.to_dict())


def test_radius_secret_redacted_and_denied_subscriptions_recorded():
    client, stub = stubbed("ds")
    stub.add_response(
        "describe_directories",
        {
            "DirectoryDescriptions": [
                {
                    "DirectoryId": "d-1234567890",
                    "Name": "corp.example.com",
                    "Type": "MicrosoftAD",
                    "RadiusSettings": {"RadiusServers": ["10.0.0.1"], "SharedSecret": "radius-shared-secret-77"},
                }
            ]
        },
    )
    stub.add_client_error("list_log_subscriptions", "AccessDeniedException", "denied", 403)
    with stub:
        ctx = context(clients={"ds": client})
        items = list(DS.collect(ctx))
    directory = one(items, DIRECTORY, "d-1234567890")
    assert directory.configuration["RadiusSettings"]["SharedSecret"].startswith("REDACTED:sha256:")
    assert "radius-shared-secret-77" not in str(directory.to_dict())
    assert "LogSubscriptions" not in directory.supplementaryConfiguration
    assert [e.api for e in ctx.errors] == ["ListLogSubscriptions"]
