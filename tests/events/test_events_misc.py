"""Event-table entries of WorkSpaces, Private CA, Backup, CodeBuild report groups, Cognito identity pools,
Connect, S3 access points and S3 directory buckets."""

from __future__ import annotations

import pytest

from tests.events.records import cloudtrail
from tests.events.test_events import changes

WORKSPACE = "AWS::WorkSpaces::Workspace"
IDENTITY_POOL = "AWS::Cognito::IdentityPool"
PCA = "AWS::ACMPCA::CertificateAuthority"
CA_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/e45c236c-890f-46d5-9c7e-ff43be2ff3a4"
ACCESS_POINT, MRAP = "AWS::S3::AccessPoint", "AWS::S3::MultiRegionAccessPoint"
CONNECT = "AWS::Connect::Instance"
REPORT_GROUP = "AWS::CodeBuild::ReportGroup"
GROUP_ARN = "arn:aws:codebuild:us-east-1:123456789012:report-group/unit"
RECOVERY_POINT = "AWS::Backup::RecoveryPoint"
POINT_ARN = "arn:aws:ec2:us-east-1::snapshot/snap-0aaaaaaaaaaaaaaaa"
DIRECTORY_BUCKET = "AWS::S3Express::DirectoryBucket"
POOL_ID = "us-east-1:3f43a001-0f7f-4015-95ae-dcaa42fecdc0"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            cloudtrail("workspaces", "CreateWorkspaces", {}, {"pendingRequests": [{"workspaceId": "ws-1"}]}),
            [(WORKSPACE, "ws-1", False)],
        ),
        (
            cloudtrail("workspaces", "TerminateWorkspaces", {"terminateWorkspaceRequests": [{"workspaceId": "ws-2"}]}),
            [(WORKSPACE, "ws-2", True)],
        ),
        (
            cloudtrail("workspaces", "ModifyWorkspaceProperties", {"workspaceId": "ws-3"}),
            [(WORKSPACE, "ws-3", False)],
        ),
        (
            cloudtrail(
                "cognito-identity", "CreateIdentityPool", {"identityPoolName": "p"}, {"identityPoolId": POOL_ID}
            ),
            [(IDENTITY_POOL, POOL_ID, False)],
        ),
        (
            cloudtrail("cognito-identity", "UpdateIdentityPool", {"identityPoolId": POOL_ID}),
            [(IDENTITY_POOL, POOL_ID, False)],
        ),
        (
            cloudtrail("cognito-identity", "DeleteIdentityPool", {"identityPoolId": POOL_ID}),
            [(IDENTITY_POOL, POOL_ID, True)],
        ),
        (
            cloudtrail("acm-pca", "CreateCertificateAuthority", {}, {"certificateAuthorityArn": CA_ARN}),
            [(PCA, CA_ARN, False)],
        ),
        (
            cloudtrail(
                "acm-pca", "UpdateCertificateAuthority", {"certificateAuthorityArn": CA_ARN, "status": "DISABLED"}
            ),
            [(PCA, CA_ARN, False)],
        ),
        (
            cloudtrail("acm-pca", "DeleteCertificateAuthority", {"certificateAuthorityArn": CA_ARN}),
            [(PCA, CA_ARN, True)],
        ),
        (cloudtrail("s3", "CreateAccessPoint", {"name": "ap-1"}), [(ACCESS_POINT, "ap-1", False)]),
        (cloudtrail("s3", "DeleteAccessPoint", {"name": "ap-1"}), [(ACCESS_POINT, "ap-1", True)]),
        (
            cloudtrail(
                "s3",
                "CreateMultiRegionAccessPoint",
                {"CreateMultiRegionAccessPointRequest": {"Details": {"Name": "global"}}},
            ),
            [(MRAP, "global", False)],
        ),
        (cloudtrail("connect", "CreateInstance", {}, {"id": "c-1", "arn": "arn"}), [(CONNECT, "c-1", False)]),
        (
            cloudtrail(
                "connect", "UpdateInstanceAttribute", {"instanceId": "c-1", "attributeType": "CONTACTFLOW_LOGS"}
            ),
            [(CONNECT, "c-1", False)],
        ),
        (cloudtrail("connect", "DeleteInstance", {"instanceId": "c-1"}), [(CONNECT, "c-1", True)]),
        (
            cloudtrail("codebuild", "CreateReportGroup", {"name": "unit"}, {"reportGroup": {"arn": GROUP_ARN}}),
            [(REPORT_GROUP, GROUP_ARN, False)],
        ),
        (cloudtrail("codebuild", "UpdateReportGroup", {"arn": GROUP_ARN}), [(REPORT_GROUP, GROUP_ARN, False)]),
        (cloudtrail("codebuild", "DeleteReportGroup", {"arn": GROUP_ARN}), [(REPORT_GROUP, GROUP_ARN, True)]),
        (
            cloudtrail("backup", "StartBackupJob", {"backupVaultName": "v"}, {"recoveryPointArn": POINT_ARN}),
            [(RECOVERY_POINT, POINT_ARN, False)],
        ),
        (
            cloudtrail("backup", "DeleteRecoveryPoint", {"recoveryPointArn": POINT_ARN}),
            [(RECOVERY_POINT, POINT_ARN, True)],
        ),
        (
            cloudtrail("s3express", "PutBucketLifecycleConfiguration", {"bucketName": "logs--use1-az4--x-s3"}),
            [(DIRECTORY_BUCKET, "logs--use1-az4--x-s3", False)],
        ),
        (
            cloudtrail("s3express", "DeleteBucket", {"bucketName": "logs--use1-az4--x-s3"}),
            [(DIRECTORY_BUCKET, "logs--use1-az4--x-s3", True)],
        ),
    ],
)
def test_write_calls_map_to_their_resources(record, expected):
    assert changes(record)[1] == expected
