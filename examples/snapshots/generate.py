"""Writes account.json (our format) and aws-config-snapshot.json.gz (AWS Config's delivery format).

Run ``python examples/snapshots/generate.py`` after changing it; tests load both files.
"""

from __future__ import annotations

import json
from pathlib import Path

from compliance.model import ConfigurationItem, Relationship, Snapshot
from compliance.snapshot import dump_snapshot

ACCOUNT = "111122223333"
TIME = "2026-11-01T06:00:00Z"
HERE = Path(__file__).parent


def ci(rtype: str, rid: str, region: str, configuration: dict, **extra) -> ConfigurationItem:
    item = ConfigurationItem(
        resourceType=rtype,
        resourceId=rid,
        accountId=ACCOUNT,
        awsRegion=region,
        configurationItemCaptureTime=TIME,
        configurationItemStatus="OK",
        configuration=configuration,
        **extra,
    )
    item.configurationItemMD5Hash = item.compute_hash()
    item.configurationStateId = "1"
    return item


def bucket(name: str, region: str, *, versioning: str, sse: str | None, tags=None) -> ConfigurationItem:
    supplementary = {
        "BucketVersioningConfiguration": {"status": versioning, "isMfaDeleteEnabled": None},
        "PublicAccessBlockConfiguration": {
            "blockPublicAcls": True,
            "ignorePublicAcls": True,
            "blockPublicPolicy": True,
            "restrictPublicBuckets": True,
        },
        "BucketLoggingConfiguration": {"destinationBucketName": None, "logFilePrefix": None},
        "IsRequesterPaysEnabled": False,
    }
    if sse:
        supplementary["ServerSideEncryptionConfiguration"] = {
            "rules": [
                {
                    "applyServerSideEncryptionByDefault": {"sseAlgorithm": sse, "kmsMasterKeyID": None},
                    "bucketKeyEnabled": sse == "aws:kms",
                }
            ]
        }
    return ci(
        "AWS::S3::Bucket",
        name,
        region,
        {"name": name, "creationDate": "2024-03-01T10:00:00.000Z"},
        arn=f"arn:aws:s3:::{name}",
        resourceName=name,
        supplementaryConfiguration=supplementary,
        tags=tags or {},
    )


def security_group(gid: str, name: str, region: str, vpc: str, ingress: list[dict]) -> ConfigurationItem:
    return ci(
        "AWS::EC2::SecurityGroup",
        gid,
        region,
        {
            "groupId": gid,
            "groupName": name,
            "description": name,
            "vpcId": vpc,
            "ownerId": ACCOUNT,
            "ipPermissions": ingress,
            "ipPermissionsEgress": [
                {
                    "ipProtocol": "-1",
                    "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}],
                    "ipv6Ranges": [],
                    "prefixListIds": [],
                    "userIdGroupPairs": [],
                }
            ],
        },
        arn=f"arn:aws:ec2:{region}:{ACCOUNT}:security-group/{gid}",
        resourceName=name,
        relationships=[Relationship("AWS::EC2::VPC", vpc, None, "Is contained in Vpc")],
    )


def ingress(port: int, cidr: str | None = None, cidr6: str | None = None) -> dict:
    return {
        "ipProtocol": "tcp",
        "fromPort": port,
        "toPort": port,
        "ipv4Ranges": [{"cidrIp": cidr}] if cidr else [],
        "ipv6Ranges": [{"cidrIpv6": cidr6}] if cidr6 else [],
        "prefixListIds": [],
        "userIdGroupPairs": [],
    }


def volume(vid: str, region: str, encrypted: bool, instance: str | None) -> ConfigurationItem:
    attachments = (
        [
            {
                "instanceId": instance,
                "device": "/dev/xvda",
                "state": "attached",
                "volumeId": vid,
                "deleteOnTermination": True,
            }
        ]
        if instance
        else []
    )
    return ci(
        "AWS::EC2::Volume",
        vid,
        region,
        {
            "volumeId": vid,
            "encrypted": encrypted,
            "size": 20,
            "volumeType": "gp3",
            "attachments": attachments,
            "availabilityZone": f"{region}a",
            "state": {"value": "in-use" if instance else "available"},
            "kmsKeyId": f"arn:aws:kms:{region}:{ACCOUNT}:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
            if encrypted
            else None,
        },
        arn=f"arn:aws:ec2:{region}:{ACCOUNT}:volume/{vid}",
    )


def trail(name: str, *, multi: bool, validation: bool, kms: bool, logging: bool) -> ConfigurationItem:
    arn = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/{name}"
    return ci(
        "AWS::CloudTrail::Trail",
        name,
        "us-east-1",
        {
            "name": name,
            "trailARN": arn,
            "homeRegion": "us-east-1",
            "isMultiRegionTrail": multi,
            "logFileValidationEnabled": validation,
            "includeGlobalServiceEvents": True,
            "s3BucketName": "acme-cloudtrail-111122223333",
            "hasCustomEventSelectors": False,
            "hasInsightSelectors": False,
            "isOrganizationTrail": False,
            "kmsKeyId": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/9999aaaa-2222-bbbb-3333-cccc4444dddd" if kms else None,
        },
        arn=arn,
        resourceName=name,
        supplementaryConfiguration={"TrailStatus": {"isLogging": logging}},
        relationships=[
            Relationship("AWS::S3::Bucket", "acme-cloudtrail-111122223333", None, "Is associated with Bucket")
        ],
    )


def user(name: str) -> ConfigurationItem:
    return ci(
        "AWS::IAM::User",
        f"AIDA{name.upper():0<17}"[:21],
        "global",
        {
            "userName": name,
            "path": "/",
            "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
            "createDate": "2023-05-01T00:00:00Z",
            "groupList": [],
            "attachedManagedPolicies": [],
            "userPolicyList": [],
        },
        arn=f"arn:aws:iam::{ACCOUNT}:user/{name}",
        resourceName=name,
    )


def report_row(name: str, password: bool, mfa: bool) -> dict:
    return {
        "user": name,
        "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
        "password_enabled": str(password).lower(),
        "mfa_active": str(mfa).lower(),
        "access_key_1_active": "true",
        "access_key_2_active": "false",
    }


def items() -> list[ConfigurationItem]:
    account = ci(
        "AWS::::Account",
        ACCOUNT,
        "global",
        {
            "accountId": ACCOUNT,
            "passwordPolicy": {
                "minimumPasswordLength": 8,
                "requireSymbols": True,
                "requireNumbers": True,
                "requireUppercaseCharacters": True,
                "requireLowercaseCharacters": True,
                "allowUsersToChangePassword": True,
                "expirePasswords": False,
                "passwordReusePrevention": 24,
            },
            "accountSummary": {"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0, "Users": 3},
            "credentialReport": [
                {
                    "user": "<root_account>",
                    "arn": f"arn:aws:iam::{ACCOUNT}:root",
                    "password_enabled": "not_supported",
                    "mfa_active": "true",
                    "access_key_1_active": "false",
                    "access_key_2_active": "false",
                },
                report_row("alice", True, True),
                report_row("bob", True, False),
                report_row("deploy-bot", False, False),
            ],
        },
        resourceName=ACCOUNT,
    )
    regional = [
        ci("AWS::::Account", ACCOUNT, region, {"accountId": ACCOUNT, "ebsEncryptionByDefault": enabled})
        for region, enabled in (("us-east-1", True), ("eu-west-1", False))
    ]
    return [
        account,
        *regional,
        user("alice"),
        user("bob"),
        user("deploy-bot"),
        bucket("acme-cloudtrail-111122223333", "us-east-1", versioning="Enabled", sse="aws:kms"),
        bucket("acme-web-assets", "us-east-1", versioning="Suspended", sse="AES256", tags={"team": "web"}),
        bucket("acme-analytics-eu", "eu-west-1", versioning="Off", sse=None, tags={"team": "data"}),
        security_group(
            "sg-0a1b2c3d4e5f60001", "bastion", "us-east-1", "vpc-0aa11bb22cc33dd44", [ingress(22, "0.0.0.0/0")]
        ),
        security_group(
            "sg-0a1b2c3d4e5f60002",
            "web",
            "us-east-1",
            "vpc-0aa11bb22cc33dd44",
            [ingress(443, "0.0.0.0/0", "::/0"), ingress(22, "10.0.0.0/8")],
        ),
        security_group(
            "sg-0a1b2c3d4e5f60003",
            "legacy-admin",
            "eu-west-1",
            "vpc-0ee55ff66aa77bb88",
            [
                {
                    "ipProtocol": "-1",
                    "ipv4Ranges": [],
                    "ipv6Ranges": [{"cidrIpv6": "::/0"}],
                    "prefixListIds": [],
                    "userIdGroupPairs": [],
                }
            ],
        ),
        volume("vol-0123456789abcdef0", "us-east-1", True, "i-0123456789abcdef0"),
        volume("vol-0123456789abcdef1", "eu-west-1", False, "i-0fedcba9876543210"),
        volume("vol-0123456789abcdef2", "eu-west-1", False, None),
        trail("org-audit", multi=True, validation=True, kms=True, logging=True),
        trail("dev-debug", multi=False, validation=False, kms=False, logging=True),
    ]


def main() -> None:
    everything = items()
    types = sorted({i.resourceType for i in everything})
    snapshot = Snapshot(
        configurationItems=everything,
        configSnapshotId="5d1c7e0e-8f2a-4c1b-9a55-000000000001",
        accountIds=[ACCOUNT],
        regions=["us-east-1", "eu-west-1"],
        captureTime=TIME,
        toolVersion="0.1.0",
        resourceTypesCollected=types,
    )
    dump_snapshot(snapshot, HERE / "account.json")
    config_items = [i for i in everything if i.resourceType != "AWS::::Account"]
    config = Snapshot(configurationItems=config_items, configSnapshotId="0c9a8b7e-1111-2222-3333-444455556666")
    dump_snapshot(config, HERE / "aws-config-snapshot.json.gz", fmt="config")
    print(json.dumps({"items": len(everything), "types": types}))


if __name__ == "__main__":
    main()
