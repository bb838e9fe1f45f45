"""Rules of WorkSpaces, Private CA, Backup, CodeBuild report groups, Cognito identity pools, Connect, S3 access
points and S3 directory buckets, on resources created in a simulated account (moto) and read by the real
collectors. Calls moto does not implement are answered in the API's real shape (``answer_unimplemented``)."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, answer_unimplemented, collected, make_subnets, states, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

# --- WorkSpaces ----------------------------------------------------------------------------------------

WORKSPACE = "AWS::WorkSpaces::Workspace"
PCA = "AWS::ACMPCA::CertificateAuthority"


def _workspaces(session: boto3.Session) -> None:
    vpc, subnets = make_subnets(session, "10.0")
    directory = session.client("ds", region_name=REGION).create_directory(
        Name="corp.example.com",
        Password="Dir-Passw0rd-1",
        Size="Small",
        VpcSettings={"VpcId": vpc, "SubnetIds": subnets},
    )["DirectoryId"]
    client = session.client("workspaces", region_name=REGION)
    client.register_workspace_directory(DirectoryId=directory)
    common = {"DirectoryId": directory, "BundleId": "wsb-1234abcd"}
    client.create_workspaces(
        Workspaces=[
            {**common, "UserName": "sealed", "RootVolumeEncryptionEnabled": True, "UserVolumeEncryptionEnabled": True,
             "VolumeEncryptionKey": "alias/aws/workspaces"},
            {**common, "UserName": "open"},
        ]
    )  # fmt: skip


@pytest.fixture(scope="module")
def workspaces_snapshot() -> Snapshot:
    return collected(_workspaces, ["workspaces"])


@pytest.mark.parametrize(
    "rule_id", ["workspaces-root-volume-encryption-enabled", "workspaces-user-volume-encryption-enabled"]
)
def test_workspaces_volume_encryption(workspaces_snapshot, rule_id):
    users = {i.resourceId: i.get("configuration.UserName") for i in workspaces_snapshot if i.resourceType == WORKSPACE}
    by_user = {users[rid]: state for rid, state in states(rule_id, workspaces_snapshot).items() if rid in users}
    assert by_user == {"sealed": COMPLIANT, "open": NON_COMPLIANT}


# --- Cognito identity pools --------------------------------------------------------------------------


def _identity_pools(session: boto3.Session) -> None:
    client = session.client("cognito-identity", region_name=REGION)
    client.create_identity_pool(IdentityPoolName="members", AllowUnauthenticatedIdentities=False)
    client.create_identity_pool(IdentityPoolName="guests", AllowUnauthenticatedIdentities=True)


def test_cognito_identity_pool_unauth_access_check():
    snapshot = collected(_identity_pools, ["cognito"])
    verdict = verdicts("cognito-identity-pool-unauth-access-check", snapshot, "AWS::Cognito::IdentityPool")
    assert verdict == {"members": COMPLIANT, "guests": NON_COMPLIANT}


# --- Private CA ------------------------------------------------------------------------------------------


def _authorities(session: boto3.Session) -> None:
    client = session.client("acm-pca", region_name=REGION)
    for kind, name in (("ROOT", "root"), ("SUBORDINATE", "issuing"), ("ROOT", "retired")):
        arn = client.create_certificate_authority(
            CertificateAuthorityConfiguration={
                "KeyAlgorithm": "RSA_2048", "SigningAlgorithm": "SHA256WITHRSA", "Subject": {"CommonName": name},
            },
            CertificateAuthorityType=kind,
        )["CertificateAuthorityArn"]  # fmt: skip
        client.update_certificate_authority(
            CertificateAuthorityArn=arn, Status="DISABLED" if name == "retired" else "ACTIVE"
        )


def test_acm_pca_root_ca_disabled():
    snapshot = collected(_authorities, ["acmpca"])
    names = {i.resourceId: i.get("configuration.Subject.CommonName") for i in snapshot if i.resourceType == PCA}
    by_name = {names[rid]: s for rid, s in states("acm-pca-root-ca-disabled", snapshot).items() if rid in names}
    assert by_name == {"root": NON_COMPLIANT, "issuing": COMPLIANT, "retired": NOT_APPLICABLE}


# --- S3 access points and Multi-Region Access Points ------------------------------------------------------

OPEN_BLOCKS = dict.fromkeys(
    ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), False
)


def _access_points(session: boto3.Session) -> None:
    account = session.client("sts").get_caller_identity()["Account"]
    session.client("s3", region_name=REGION).create_bucket(Bucket="shared-data")
    s3control = session.client("s3control", region_name=REGION)
    s3control.create_access_point(AccountId=account, Name="locked", Bucket="shared-data")
    s3control.create_access_point(
        AccountId=account, Name="loose", Bucket="shared-data", PublicAccessBlockConfiguration=OPEN_BLOCKS
    )
    oregon = session.client("s3control", region_name="us-west-2")
    for name, blocks in (("locked-global", {}), ("loose-global", {"PublicAccessBlock": OPEN_BLOCKS})):
        details = {"Name": name, "Regions": [{"Bucket": "shared-data"}], **blocks}
        oregon.create_multi_region_access_point(AccountId=account, ClientToken=name, Details=details)


@pytest.fixture(scope="module")
def access_points_snapshot() -> Snapshot:
    return collected(_access_points, ["s3-accesspoints", "s3-mrap"])


def test_s3_access_point_public_access_blocks(access_points_snapshot):
    verdict = verdicts("s3-access-point-public-access-blocks", access_points_snapshot, "AWS::S3::AccessPoint")
    assert verdict == {"locked": COMPLIANT, "loose": NON_COMPLIANT}


def test_s3_mrap_public_access_blocked(access_points_snapshot):
    verdict = verdicts("s3-mrap-public-access-blocked", access_points_snapshot, "AWS::S3::MultiRegionAccessPoint")
    assert verdict == {"locked-global": COMPLIANT, "loose-global": NON_COMPLIANT}


# --- Connect ----------------------------------------------------------------------------------------------


class _Answered:
    status_code = 200
    headers: dict[str, str] = {}


def _connect(session: boto3.Session) -> None:
    connect = session.client("connect", region_name=REGION)
    logged: dict[str, str] = {}
    for alias, value in (("logged", "true"), ("quiet", "false")):
        created = connect.create_instance(
            IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias, InboundCallsEnabled=True,
            OutboundCallsEnabled=False,
        )  # fmt: skip
        logged[created["Id"]] = value

    def attribute(params, **_):  # moto lacks DescribeInstanceAttribute: answered per instance, in the API's shape
        instance_id = params["url_path"].split("/")[2]
        value = {"AttributeType": "CONTACTFLOW_LOGS", "Value": logged[instance_id]}
        return _Answered(), {"Attribute": value, "ResponseMetadata": {"HTTPStatusCode": 200}}

    session.events.register("before-call.connect.DescribeInstanceAttribute", attribute)


def test_connect_instance_logging_enabled():
    snapshot = collected(_connect, ["connect"])
    verdict = verdicts("connect-instance-logging-enabled", snapshot, "AWS::Connect::Instance")
    assert verdict == {"logged": COMPLIANT, "quiet": NON_COMPLIANT}


# --- CodeBuild report groups ------------------------------------------------------------------------------

REPORTS = "arn:aws:codebuild:us-east-1:123456789012:report-group/{}"


def _report_groups(session: boto3.Session) -> None:
    destination = {"bucket": "reports", "packaging": "NONE"}
    groups = [
        {"arn": REPORTS.format(name), "name": name, "type": "TEST", "exportConfig": export}
        for name, export in (
            ("sealed", {"exportConfigType": "S3", "s3Destination": {**destination, "encryptionDisabled": False,
                                                                    "encryptionKey": "alias/aws/s3"}}),
            ("plain", {"exportConfigType": "S3", "s3Destination": {**destination, "encryptionDisabled": True}}),
            ("kept", {"exportConfigType": "NO_EXPORT"}),
        )
    ]  # fmt: skip
    # moto lacks the report group API: answered in its real shape
    answer_unimplemented(session, "codebuild", "ListReportGroups", {"reportGroups": [g["arn"] for g in groups]})
    answer_unimplemented(session, "codebuild", "BatchGetReportGroups", {"reportGroups": groups})


def test_codebuild_report_group_encrypted_at_rest():
    snapshot = collected(_report_groups, ["codebuild-reportgroups"])
    verdict = verdicts("codebuild-report-group-encrypted-at-rest", snapshot, "AWS::CodeBuild::ReportGroup")
    assert verdict == {"sealed": COMPLIANT, "plain": NON_COMPLIANT, "kept": NOT_APPLICABLE}


# --- AWS Backup recovery points ---------------------------------------------------------------------------


def _recovery_points(session: boto3.Session) -> None:
    vault = session.client("backup", region_name=REGION).create_backup_vault(BackupVaultName="main")
    common = {"BackupVaultName": "main", "BackupVaultArn": vault["BackupVaultArn"], "ResourceType": "EBS",
              "Status": "COMPLETED"}  # fmt: skip
    points = [
        {**common, "RecoveryPointArn": f"arn:aws:ec2:{REGION}::snapshot/snap-0sealed", "IsEncrypted": True,
         "EncryptionKeyArn": f"arn:aws:kms:{REGION}:123456789012:key/k-1"},
        {**common, "RecoveryPointArn": f"arn:aws:ec2:{REGION}::snapshot/snap-0plain", "IsEncrypted": False},
    ]  # fmt: skip
    # moto has the vault but lacks ListRecoveryPointsByBackupVault: answered in the API's real shape
    answer_unimplemented(session, "backup", "ListRecoveryPointsByBackupVault", {"RecoveryPoints": points})


def test_backup_recovery_point_encrypted():
    snapshot = collected(_recovery_points, ["backup"])
    by_id = states("backup-recovery-point-encrypted", snapshot)
    assert by_id == {
        f"arn:aws:ec2:{REGION}::snapshot/snap-0sealed": COMPLIANT,
        f"arn:aws:ec2:{REGION}::snapshot/snap-0plain": NON_COMPLIANT,
    }


# --- S3 directory buckets ---------------------------------------------------------------------------------

DIRECTORY_RULES = {
    "kept--use1-az4--x-s3": [{"ID": "expire", "Status": "Enabled", "Expiration": {"Days": 30}, "Filter": {}}],
    "bare--use1-az4--x-s3": [],
}


def _directory_buckets(session: boto3.Session) -> None:
    # moto lacks directory buckets: the listing and each bucket's lifecycle read are answered in the API's shape
    listed = [{"Name": name, "BucketRegion": REGION} for name in DIRECTORY_RULES]
    answer_unimplemented(session, "s3", "ListDirectoryBuckets", {"Buckets": listed})

    def lifecycle(params, **_):
        rules = DIRECTORY_RULES[params["url"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]]
        return _Answered(), {"Rules": rules, "ResponseMetadata": {"HTTPStatusCode": 200}}

    session.events.register("before-call.s3.GetBucketLifecycleConfiguration", lifecycle)


def test_s3express_dir_bucket_lifecycle_rules_check():
    snapshot = collected(_directory_buckets, ["s3express"])
    verdict = verdicts("s3express-dir-bucket-lifecycle-rules-check", snapshot, "AWS::S3Express::DirectoryBucket")
    assert verdict == {"kept--use1-az4--x-s3": COMPLIANT, "bare--use1-az4--x-s3": NON_COMPLIANT}
    limited = verdicts(
        "s3express-dir-bucket-lifecycle-rules-check", snapshot, "AWS::S3Express::DirectoryBucket",
        targetExpirationDays=7,
    )  # fmt: skip
    assert limited["kept--use1-az4--x-s3"] == NON_COMPLIANT
