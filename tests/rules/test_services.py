"""Rules of the other services (Config, detection services, KMS, RDS, EFS, Lambda, CodeBuild, DMS,
OpenSearch, Redshift, SageMaker, SSM, ELBv2, Auto Scaling, ACM, WAFv2, Network Firewall, Cognito,
CloudFormation) on configuration items in AWS Config's shape: every state each rule can produce."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from compliance.testing import (
    COMPLIANT,
    INSUFFICIENT_DATA,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    make_account,
    make_ci,
)
from compliance.testing import (
    RuleCase as Case,
)

C, NC, NA, INS = COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA
SLR = "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"


def ci(resource_type, config=None, supplementary=None, resource_id="r-1", **kwargs):
    return make_ci(resource_type, resource_id, config if config is not None else {}, supplementary, **kwargs)


def days(n):
    return (datetime.now(UTC) + timedelta(days=n)).isoformat(timespec="seconds")


def recorder(**config):
    base = {"Name": "default", "Recording": True, "RecordingGroup": {"AllSupported": True}, "RoleARN": SLR}
    return ci("AWS::Config::ConfigurationRecorder", {**base, **config}, resource_id="default")


def regional(**config):
    return make_account(config, region="us-east-1")


def db(**config):
    return ci("AWS::RDS::DBInstance", config, resource_id="db-1")


def prop(rule, resource_type, path_value_ok, path_value_bad, absent_state=INS, **kwargs):
    """Cases for a rule reading one nested property: a passing value, a failing one, and absence."""

    def nest(path, value):
        out = value
        for key in reversed(path.split(".")):
            out = {key: out}
        return out

    path, good = path_value_ok
    _, bad = path_value_bad
    cases = [
        Case(rule, C, [ci(resource_type, nest(path, good), **kwargs)]),
        Case(rule, NC, [ci(resource_type, nest(path, bad), **kwargs)]),
    ]
    if absent_state:
        cases.append(Case(rule, absent_state, [ci(resource_type, {"other": 1}, **kwargs)], "absent"))
    return cases


PUBLIC_FN_POLICY = json.dumps(
    {
        "Statement": [
            {"Sid": "pub", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "arn"}
        ]
    }
)
SCOPED_FN_POLICY = json.dumps(
    {
        "Statement": [
            {
                "Sid": "s3",
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "lambda:InvokeFunction",
                "Resource": "arn",
                "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}},
            }
        ]
    }
)
LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"


def lb(kind="application", attributes=None, **config):
    supplementary = (
        {}
        if attributes is None
        else {"LoadBalancerAttributes": [{"key": k, "value": v} for k, v in attributes.items()]}
    )
    base = {"loadBalancerArn": LB_ARN, "type": kind, "availabilityZones": [{"zoneName": "us-east-1a"}]}
    return ci("AWS::ElasticLoadBalancingV2::LoadBalancer", {**base, **config}, supplementary, resource_id=LB_ARN)


def listener(protocol="HTTP", actions=None, port=80):
    actions = actions or [{"Type": "forward", "TargetGroupArn": "tg"}]
    config = {"LoadBalancerArn": LB_ARN, "Protocol": protocol, "Port": port, "DefaultActions": actions}
    return ci("AWS::ElasticLoadBalancingV2::Listener", config, resource_id=f"listener-{port}")


REDIRECT = [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]
FW_POLICY_OK = {
    "firewallPolicy": {
        "statelessDefaultActions": ["aws:forward_to_sfe"],
        "statelessFragmentDefaultActions": ["aws:drop"],
        "statefulRuleGroupReferences": [{"resourceArn": "rg"}],
    }
}
FW_POLICY_PASS = {
    "firewallPolicy": {"statelessDefaultActions": ["aws:pass"], "statelessFragmentDefaultActions": ["aws:pass"]}
}

CASES = [
    Case("config-recorder-enabled", C, [recorder()], region="us-east-1"),
    Case("config-recorder-enabled", NC, [recorder(Recording=False)], "stopped", region="us-east-1"),
    Case(
        "config-recorder-enabled", NC, [recorder(RecordingGroup={"AllSupported": False})], "partial", region="us-east-1"
    ),
    Case(
        "config-recorder-enabled",
        NC,
        [recorder(RoleARN="arn:aws:iam::1:role/custom")],
        "custom role",
        region="us-east-1",
    ),
    Case(
        "config-recorder-enabled",
        C,
        [recorder(RoleARN="arn:aws:iam::1:role/custom")],
        "role check off",
        params={"includeConfigServiceLinkedRoleCheck": False},
        region="us-east-1",
    ),
    Case("config-recorder-enabled", NC, [regional()], "none", region="us-east-1"),
    Case("config-recorder-enabled", INS, [recorder(Recording=None)], "status unknown", region="us-east-1"),
    Case(
        "config-recorder-enabled", INS, [regional()], "not collected", region="us-east-1", collected=["AWS::::Account"]
    ),
    Case("guardduty-enabled-centralized", C, [ci("AWS::GuardDuty::Detector", {"Enable": True})], region="us-east-1"),
    Case(
        "guardduty-enabled-centralized",
        NC,
        [ci("AWS::GuardDuty::Detector", {"Status": "DISABLED"})],
        region="us-east-1",
    ),
    Case("guardduty-enabled-centralized", NC, [regional()], "none", region="us-east-1"),
    Case("guardduty-enabled-centralized", INS, [regional()], region="us-east-1", collected=["AWS::::Account"]),
    Case("securityhub-enabled", C, [regional(securityHubEnabled=True)], region="us-east-1"),
    Case("securityhub-enabled", NC, [regional(securityHubEnabled=False)], region="us-east-1"),
    Case("securityhub-enabled", INS, [regional()], region="us-east-1"),
    *[
        Case(rule, state, [regional(**config)], region="us-east-1")
        for rule, key in [
            ("inspector-ec2-scan-enabled", "ec2"),
            ("inspector-ecr-scan-enabled", "ecr"),
            ("inspector-lambda-standard-scan-enabled", "lambda"),
            ("inspector-lambda-code-scan-enabled", "lambdaCode"),
        ]
        for state, config in [
            (C, {"inspector2Status": {"resourceState": {key: {"status": "ENABLED"}}}}),
            (NC, {"inspector2Status": {"resourceState": {key: {"status": "DISABLED"}}}}),
            (INS, {}),
        ]
    ],
    Case(
        "cmk-backing-key-rotation-enabled",
        C,
        [ci("AWS::KMS::Key", {"keyManager": "CUSTOMER"}, {"KeyRotationStatus": True})],
    ),
    Case(
        "cmk-backing-key-rotation-enabled",
        NC,
        [ci("AWS::KMS::Key", {"keyManager": "CUSTOMER"}, {"KeyRotationStatus": False})],
    ),
    Case("cmk-backing-key-rotation-enabled", NA, [ci("AWS::KMS::Key", {"keySpec": "RSA_2048"})], "asymmetric"),
    Case("cmk-backing-key-rotation-enabled", NA, [ci("AWS::KMS::Key", {"keyState": "PendingDeletion"})], "deleting"),
    Case("cmk-backing-key-rotation-enabled", INS, [ci("AWS::KMS::Key", {"keyManager": "CUSTOMER"})]),
    Case("kms-cmk-not-scheduled-for-deletion-2", C, [ci("AWS::KMS::Key", {"keyState": "Enabled"})]),
    Case("kms-cmk-not-scheduled-for-deletion-2", NC, [ci("AWS::KMS::Key", {"keyState": "PendingDeletion"})]),
    Case("kms-cmk-not-scheduled-for-deletion-2", INS, [ci("AWS::KMS::Key", {})]),
    Case("rds-instance-public-access-check", C, [db(publiclyAccessible=False)]),
    Case("rds-instance-public-access-check", NC, [db(publiclyAccessible=True)]),
    Case("rds-instance-public-access-check", INS, [db()]),
    Case("rds-storage-encrypted", C, [db(storageEncrypted=True, kmsKeyId="arn:k1")]),
    Case("rds-storage-encrypted", NC, [db(storageEncrypted=False)]),
    Case(
        "rds-storage-encrypted",
        NC,
        [db(storageEncrypted=True, kmsKeyId="arn:k1")],
        "other key",
        params={"kmsKeyId": "arn:k2"},
    ),
    Case("rds-storage-encrypted", INS, [db()]),
    *prop(
        "rds-automatic-minor-version-upgrade-enabled",
        "AWS::RDS::DBInstance",
        ("autoMinorVersionUpgrade", True),
        ("autoMinorVersionUpgrade", False),
    ),
    *prop(
        "rds-instance-deletion-protection-enabled",
        "AWS::RDS::DBInstance",
        ("deletionProtection", True),
        ("deletionProtection", False),
    ),
    *prop("rds-multi-az-support", "AWS::RDS::DBInstance", ("multiAZ", True), ("multiAZ", False)),
    *prop(
        "rds-instance-iam-authentication-enabled",
        "AWS::RDS::DBInstance",
        ("iAMDatabaseAuthenticationEnabled", True),
        ("iAMDatabaseAuthenticationEnabled", False),
    ),
    Case("db-instance-backup-enabled", C, [db(backupRetentionPeriod=7)]),
    Case("db-instance-backup-enabled", NC, [db(backupRetentionPeriod=0)]),
    Case(
        "db-instance-backup-enabled", NC, [db(backupRetentionPeriod=3)], "short", params={"backupRetentionMinimum": 7}
    ),
    Case("db-instance-backup-enabled", INS, [db()]),
    Case(
        "rds-snapshots-public-prohibited",
        C,
        [
            ci(
                "AWS::RDS::DBSnapshot",
                {},
                {"DBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": ["999988887777"]}]},
            )
        ],
    ),
    Case(
        "rds-snapshots-public-prohibited",
        NC,
        [
            ci(
                "AWS::RDS::DBSnapshot",
                {},
                {"DBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": ["all"]}]},
            )
        ],
    ),
    Case(
        "rds-snapshots-public-prohibited",
        NC,
        [
            ci(
                "AWS::RDS::DBClusterSnapshot",
                {},
                {"DBClusterSnapshotAttributes": [{"attributeName": "restore", "attributeValues": ["all"]}]},
            )
        ],
        "cluster",
    ),
    Case("rds-snapshots-public-prohibited", INS, [ci("AWS::RDS::DBSnapshot", {"dBSnapshotIdentifier": "s"})]),
    Case("rds-snapshot-encrypted", C, [ci("AWS::RDS::DBSnapshot", {"encrypted": True})]),
    Case("rds-snapshot-encrypted", NC, [ci("AWS::RDS::DBClusterSnapshot", {"storageEncrypted": False})]),
    Case("rds-snapshot-encrypted", INS, [ci("AWS::RDS::DBSnapshot", {})]),
    Case("rds-enhanced-monitoring-enabled", C, [db(monitoringInterval=60)]),
    Case("rds-enhanced-monitoring-enabled", NC, [db(monitoringInterval=0)]),
    Case(
        "rds-enhanced-monitoring-enabled",
        NC,
        [db(monitoringInterval=60)],
        "interval",
        params={"monitoringInterval": 15},
    ),
    Case("rds-enhanced-monitoring-enabled", INS, [db()]),
    Case("rds-logging-enabled", C, [db(enabledCloudwatchLogsExports=["postgresql"])]),
    Case("rds-logging-enabled", NC, [db(enabledCloudwatchLogsExports=[], engine="postgres")]),
    Case("rds-logging-enabled", NA, [db(dBClusterIdentifier="aurora-1")]),
    Case("rds-logging-enabled", INS, [db()]),
    Case("efs-encrypted-check", C, [ci("AWS::EFS::FileSystem", {"Encrypted": True, "KmsKeyId": "k"})]),
    Case("efs-encrypted-check", NC, [ci("AWS::EFS::FileSystem", {"Encrypted": False})]),
    Case(
        "efs-encrypted-check",
        NC,
        [ci("AWS::EFS::FileSystem", {"Encrypted": True, "KmsKeyId": "k"})],
        "other key",
        params={"KmsKeyId": "k2"},
    ),
    Case("efs-encrypted-check", INS, [ci("AWS::EFS::FileSystem", {"FileSystemId": "fs"})]),
    *prop(
        "efs-in-backup-plan",
        "AWS::EFS::FileSystem",
        ("BackupPolicy.Status", "ENABLED"),
        ("BackupPolicy.Status", "DISABLED"),
    ),
    *prop(
        "efs-access-point-enforce-root-directory",
        "AWS::EFS::AccessPoint",
        ("RootDirectory.Path", "/app"),
        ("RootDirectory.Path", "/"),
        absent_state=NC,
    ),
    *prop(
        "efs-access-point-enforce-user-identity",
        "AWS::EFS::AccessPoint",
        ("PosixUser.Uid", "1000"),
        ("PosixUser.Uid", ""),
        absent_state=NC,
    ),
    Case(
        "lambda-function-public-access-prohibited", C, [ci("AWS::Lambda::Function", {}, {"Policy": None})], "no policy"
    ),
    Case(
        "lambda-function-public-access-prohibited", C, [ci("AWS::Lambda::Function", {}, {"Policy": SCOPED_FN_POLICY})]
    ),
    Case(
        "lambda-function-public-access-prohibited", NC, [ci("AWS::Lambda::Function", {}, {"Policy": PUBLIC_FN_POLICY})]
    ),
    Case("lambda-function-public-access-prohibited", INS, [ci("AWS::Lambda::Function", {"functionName": "f"})]),
    Case("lambda-function-settings-check", C, [ci("AWS::Lambda::Function", {"runtime": "python3.12"})]),
    Case("lambda-function-settings-check", NC, [ci("AWS::Lambda::Function", {"runtime": "python2.7"})]),
    Case("lambda-function-settings-check", NA, [ci("AWS::Lambda::Function", {"packageType": "Image"})]),
    Case("lambda-function-settings-check", INS, [ci("AWS::Lambda::Function", {"functionName": "f"})]),
    Case("lambda-inside-vpc", C, [ci("AWS::Lambda::Function", {"vpcConfig": {"subnetIds": ["subnet-1"]}})]),
    Case("lambda-inside-vpc", NC, [ci("AWS::Lambda::Function", {"vpcConfig": {"subnetIds": []}})]),
    Case("lambda-inside-vpc", NC, [ci("AWS::Lambda::Function", {"functionName": "f"})], "no vpcConfig"),
    Case(
        "codebuild-project-envvar-awscred-check",
        C,
        [
            ci(
                "AWS::CodeBuild::Project",
                {
                    "environment": {
                        "environmentVariables": [{"name": "AWS_SECRET_ACCESS_KEY", "type": "SECRETS_MANAGER"}]
                    }
                },
            )
        ],
    ),
    Case(
        "codebuild-project-envvar-awscred-check",
        NC,
        [
            ci(
                "AWS::CodeBuild::Project",
                {
                    "environment": {
                        "environmentVariables": [
                            {"name": "AWS_ACCESS_KEY_ID", "type": "PLAINTEXT", "value": "[redacted]"}
                        ]
                    }
                },
            )
        ],
    ),
    Case("codebuild-project-envvar-awscred-check", INS, [ci("AWS::CodeBuild::Project", {"name": "p"})]),
    Case(
        "codebuild-project-source-repo-url-check",
        C,
        [ci("AWS::CodeBuild::Project", {"source": {"type": "GITHUB", "location": "https://github.com/org/repo.git"}})],
    ),
    Case(
        "codebuild-project-source-repo-url-check",
        NC,
        [
            ci(
                "AWS::CodeBuild::Project",
                {"source": {"type": "BITBUCKET", "location": "https://user:app-password@bitbucket.org/org/repo.git"}},
            )
        ],
    ),
    Case(
        "codebuild-project-source-repo-url-check",
        NC,
        [
            ci(
                "AWS::CodeBuild::Project",
                {
                    "source": {"type": "S3"},
                    "secondarySources": [{"type": "GITHUB", "location": "https://ghp_token@github.com/o/r"}],
                },
            )
        ],
        "secondary",
    ),
    Case("codebuild-project-source-repo-url-check", INS, [ci("AWS::CodeBuild::Project", {"name": "p"})]),
    Case(
        "codebuild-project-logging-enabled",
        C,
        [
            ci(
                "AWS::CodeBuild::Project",
                {"logsConfig": {"cloudWatchLogs": {"status": "ENABLED"}, "s3Logs": {"status": "DISABLED"}}},
            )
        ],
    ),
    Case(
        "codebuild-project-logging-enabled",
        NC,
        [
            ci(
                "AWS::CodeBuild::Project",
                {"logsConfig": {"cloudWatchLogs": {"status": "DISABLED"}, "s3Logs": {"status": "DISABLED"}}},
            )
        ],
    ),
    Case("codebuild-project-logging-enabled", INS, [ci("AWS::CodeBuild::Project", {"name": "p"})]),
    *prop(
        "codebuild-project-s3-logs-encrypted",
        "AWS::CodeBuild::Project",
        ("logsConfig.s3Logs.encryptionDisabled", False),
        ("logsConfig.s3Logs.encryptionDisabled", True),
        absent_state=C,
    ),
    *prop(
        "codebuild-project-environment-privileged-check",
        "AWS::CodeBuild::Project",
        ("environment.privilegedMode", False),
        ("environment.privilegedMode", True),
        absent_state=C,
    ),
    *prop(
        "dms-replication-not-public",
        "AWS::DMS::ReplicationInstance",
        ("PubliclyAccessible", False),
        ("PubliclyAccessible", True),
    ),
    *prop(
        "dms-auto-minor-version-upgrade-check",
        "AWS::DMS::ReplicationInstance",
        ("AutoMinorVersionUpgrade", True),
        ("AutoMinorVersionUpgrade", False),
    ),
    *prop(
        "opensearch-encrypted-at-rest",
        "AWS::OpenSearch::Domain",
        ("EncryptionAtRestOptions.Enabled", True),
        ("EncryptionAtRestOptions.Enabled", False),
    ),
    *prop(
        "opensearch-node-to-node-encryption-check",
        "AWS::OpenSearch::Domain",
        ("NodeToNodeEncryptionOptions.Enabled", True),
        ("NodeToNodeEncryptionOptions.Enabled", False),
    ),
    *prop(
        "opensearch-https-required",
        "AWS::OpenSearch::Domain",
        ("DomainEndpointOptions.EnforceHTTPS", True),
        ("DomainEndpointOptions.EnforceHTTPS", False),
    ),
    *prop(
        "opensearch-access-control-enabled",
        "AWS::OpenSearch::Domain",
        ("AdvancedSecurityOptions.Enabled", True),
        ("AdvancedSecurityOptions.Enabled", False),
    ),
    *prop(
        "opensearch-audit-logging-enabled",
        "AWS::OpenSearch::Domain",
        ("LogPublishingOptions.AUDIT_LOGS.Enabled", True),
        ("LogPublishingOptions.AUDIT_LOGS.Enabled", False),
        absent_state=NC,
    ),
    *prop(
        "opensearch-logs-to-cloudwatch",
        "AWS::OpenSearch::Domain",
        ("LogPublishingOptions.ES_APPLICATION_LOGS.Enabled", True),
        ("LogPublishingOptions.ES_APPLICATION_LOGS.Enabled", False),
        absent_state=NC,
    ),
    *prop(
        "opensearch-in-vpc-only",
        "AWS::OpenSearch::Domain",
        ("VPCOptions.SubnetIds", ["subnet-1"]),
        ("VPCOptions.SubnetIds", []),
        absent_state=NC,
    ),
    Case("opensearch-in-vpc-only", INS, [ci("AWS::OpenSearch::Domain", {})], "not recorded"),
    Case(
        "opensearch-data-node-fault-tolerance",
        C,
        [ci("AWS::OpenSearch::Domain", {"ClusterConfig": {"InstanceCount": 3, "ZoneAwarenessEnabled": True}})],
    ),
    Case(
        "opensearch-data-node-fault-tolerance",
        NC,
        [ci("AWS::OpenSearch::Domain", {"ClusterConfig": {"InstanceCount": 1, "ZoneAwarenessEnabled": False}})],
    ),
    Case("opensearch-data-node-fault-tolerance", INS, [ci("AWS::OpenSearch::Domain", {"DomainName": "d"})]),
    *prop(
        "elasticsearch-encrypted-at-rest",
        "AWS::Elasticsearch::Domain",
        ("encryptionAtRestOptions.enabled", True),
        ("encryptionAtRestOptions.enabled", False),
    ),
    *prop(
        "elasticsearch-in-vpc-only",
        "AWS::Elasticsearch::Domain",
        ("vpcoptions.subnetIds", ["subnet-1"]),
        ("vpcoptions.subnetIds", []),
        absent_state=NC,
    ),
    Case("elasticsearch-in-vpc-only", INS, [ci("AWS::Elasticsearch::Domain", {})], "not recorded"),
    *prop(
        "redshift-cluster-public-access-check",
        "AWS::Redshift::Cluster",
        ("publiclyAccessible", False),
        ("publiclyAccessible", True),
    ),
    *prop(
        "redshift-cluster-maintenancesettings-check",
        "AWS::Redshift::Cluster",
        ("allowVersionUpgrade", True),
        ("allowVersionUpgrade", False),
    ),
    *prop(
        "redshift-enhanced-vpc-routing-enabled",
        "AWS::Redshift::Cluster",
        ("enhancedVpcRouting", True),
        ("enhancedVpcRouting", False),
    ),
    *prop(
        "redshift-backup-enabled",
        "AWS::Redshift::Cluster",
        ("automatedSnapshotRetentionPeriod", 7),
        ("automatedSnapshotRetentionPeriod", 0),
    ),
    Case(
        "redshift-cluster-audit-logging-enabled",
        C,
        [ci("AWS::Redshift::Cluster", {}, {"LoggingStatus": {"loggingEnabled": True}})],
    ),
    Case(
        "redshift-cluster-audit-logging-enabled",
        NC,
        [ci("AWS::Redshift::Cluster", {}, {"LoggingStatus": {"loggingEnabled": False}})],
    ),
    Case("redshift-cluster-audit-logging-enabled", INS, [ci("AWS::Redshift::Cluster", {"clusterIdentifier": "c"})]),
    Case("redshift-cluster-kms-enabled", C, [ci("AWS::Redshift::Cluster", {"encrypted": True, "kmsKeyId": "k"})]),
    Case("redshift-cluster-kms-enabled", NC, [ci("AWS::Redshift::Cluster", {"encrypted": False})]),
    Case(
        "redshift-cluster-kms-enabled",
        NC,
        [ci("AWS::Redshift::Cluster", {"encrypted": True, "kmsKeyId": "k"})],
        "other key",
        params={"kmsKeyArns": ["k2"]},
    ),
    Case("redshift-cluster-kms-enabled", INS, [ci("AWS::Redshift::Cluster", {})]),
    *prop(
        "redshift-default-admin-check",
        "AWS::Redshift::Cluster",
        ("masterUsername", "warehouse_admin"),
        ("masterUsername", "awsuser"),
    ),
    *prop(
        "sagemaker-notebook-no-direct-internet-access",
        "AWS::SageMaker::NotebookInstance",
        ("DirectInternetAccess", "Disabled"),
        ("DirectInternetAccess", "Enabled"),
    ),
    *prop(
        "sagemaker-notebook-instance-root-access-check",
        "AWS::SageMaker::NotebookInstance",
        ("RootAccess", "Disabled"),
        ("RootAccess", "Enabled"),
    ),
    *prop(
        "sagemaker-notebook-instance-inside-vpc",
        "AWS::SageMaker::NotebookInstance",
        ("SubnetId", "subnet-1"),
        ("SubnetId", ""),
        absent_state=NC,
    ),
    Case(
        "ec2-instance-managed-by-systems-manager",
        C,
        [
            ci("AWS::EC2::Instance", {}, resource_id="i-1"),
            ci("AWS::SSM::ManagedInstanceInventory", {}, resource_id="i-1"),
        ],
        resource="i-1",
    ),
    Case(
        "ec2-instance-managed-by-systems-manager",
        NC,
        [ci("AWS::EC2::Instance", {}, resource_id="i-1")],
        resource="i-1",
        collected=["AWS::EC2::Instance", "AWS::SSM::ManagedInstanceInventory"],
    ),
    Case(
        "ec2-instance-managed-by-systems-manager",
        NA,
        [ci("AWS::EC2::Instance", {"state": {"name": "terminated"}}, resource_id="i-1")],
        resource="i-1",
    ),
    Case(
        "ec2-instance-managed-by-systems-manager",
        INS,
        [ci("AWS::EC2::Instance", {}, resource_id="i-1")],
        resource="i-1",
        collected=["AWS::EC2::Instance"],
    ),
    Case(
        "ec2-managedinstance-patch-compliance-status-check",
        C,
        [ci("AWS::SSM::PatchCompliance", {"Status": "COMPLIANT"})],
    ),
    Case(
        "ec2-managedinstance-patch-compliance-status-check",
        NC,
        [ci("AWS::SSM::PatchCompliance", {"Status": "NON_COMPLIANT", "NonCompliantSummary": {"NonCompliantCount": 3}})],
    ),
    Case("ec2-managedinstance-patch-compliance-status-check", INS, [ci("AWS::SSM::PatchCompliance", {})]),
    Case(
        "ec2-managedinstance-association-compliance-status-check",
        C,
        [ci("AWS::SSM::AssociationCompliance", {"Status": "COMPLIANT"})],
    ),
    Case(
        "ec2-managedinstance-association-compliance-status-check",
        NC,
        [ci("AWS::SSM::AssociationCompliance", {"Status": "NON_COMPLIANT"})],
    ),
    Case("ec2-managedinstance-association-compliance-status-check", INS, [ci("AWS::SSM::AssociationCompliance", {})]),
    Case(
        "alb-http-drop-invalid-header-enabled",
        C,
        [lb(attributes={"routing.http.drop_invalid_header_fields.enabled": "true"})],
    ),
    Case(
        "alb-http-drop-invalid-header-enabled",
        NC,
        [lb(attributes={"routing.http.drop_invalid_header_fields.enabled": "false"})],
    ),
    Case("alb-http-drop-invalid-header-enabled", NA, [lb("network", attributes={})]),
    Case("alb-http-drop-invalid-header-enabled", INS, [lb()]),
    Case("elb-deletion-protection-enabled", C, [lb("network", attributes={"deletion_protection.enabled": "true"})]),
    Case("elb-deletion-protection-enabled", NC, [lb(attributes={"deletion_protection.enabled": "false"})]),
    Case("elb-deletion-protection-enabled", INS, [lb()]),
    Case("elb-logging-enabled", C, [lb(attributes={"access_logs.s3.enabled": "true"})]),
    Case("elb-logging-enabled", NC, [lb(attributes={"access_logs.s3.enabled": "false"})]),
    Case("elb-logging-enabled", NA, [lb("gateway", attributes={})]),
    Case("alb-desync-mode-check", INS, [lb()]),
    Case("elb-logging-enabled", INS, [lb()]),
    Case("netfw-policy-default-action-fragment-packets", INS, [ci("AWS::NetworkFirewall::FirewallPolicy", {})]),
    Case("alb-desync-mode-check", C, [lb(attributes={"routing.http.desync_mitigation_mode": "strictest"})]),
    Case("alb-desync-mode-check", NC, [lb(attributes={"routing.http.desync_mitigation_mode": "monitor"})]),
    Case(
        "alb-http-to-https-redirection-check",
        C,
        [lb(), listener(actions=REDIRECT), listener("HTTPS", port=443)],
        resource=LB_ARN,
    ),
    Case("alb-http-to-https-redirection-check", NC, [lb(), listener()], resource=LB_ARN),
    Case("alb-http-to-https-redirection-check", C, [lb(), listener("HTTPS", port=443)], "https only", resource=LB_ARN),
    Case("alb-http-to-https-redirection-check", NA, [lb("network")], resource=LB_ARN),
    Case(
        "alb-http-to-https-redirection-check",
        INS,
        [lb()],
        resource=LB_ARN,
        collected=["AWS::ElasticLoadBalancingV2::LoadBalancer"],
    ),
    Case("elbv2-multiple-az", C, [lb(availabilityZones=[{"zoneName": "us-east-1a"}, {"zoneName": "us-east-1b"}])]),
    Case("elbv2-multiple-az", NC, [lb()]),
    Case("elbv2-multiple-az", INS, [ci("AWS::ElasticLoadBalancingV2::LoadBalancer", {"type": "application"})]),
    Case(
        "autoscaling-group-elb-healthcheck-required",
        C,
        [ci("AWS::AutoScaling::AutoScalingGroup", {"targetGroupARNs": ["tg"], "healthCheckType": "ELB"})],
    ),
    Case(
        "autoscaling-group-elb-healthcheck-required",
        NC,
        [ci("AWS::AutoScaling::AutoScalingGroup", {"loadBalancerNames": ["clb"], "healthCheckType": "EC2"})],
    ),
    Case(
        "autoscaling-group-elb-healthcheck-required",
        NA,
        [ci("AWS::AutoScaling::AutoScalingGroup", {"healthCheckType": "EC2"})],
    ),
    Case("autoscaling-group-elb-healthcheck-required", INS, [ci("AWS::AutoScaling::AutoScalingGroup", {})]),
    Case("autoscaling-multiple-az", C, [ci("AWS::AutoScaling::AutoScalingGroup", {"availabilityZones": ["a", "b"]})]),
    Case("autoscaling-multiple-az", NC, [ci("AWS::AutoScaling::AutoScalingGroup", {"availabilityZones": ["a"]})]),
    Case("autoscaling-multiple-az", INS, [ci("AWS::AutoScaling::AutoScalingGroup", {})]),
    *prop(
        "autoscaling-launchconfig-requires-imdsv2",
        "AWS::AutoScaling::LaunchConfiguration",
        ("metadataOptions.httpTokens", "required"),
        ("metadataOptions.httpTokens", "optional"),
        absent_state=NC,
    ),
    *prop(
        "autoscaling-launch-config-public-ip-disabled",
        "AWS::AutoScaling::LaunchConfiguration",
        ("associatePublicIpAddress", False),
        ("associatePublicIpAddress", True),
        absent_state=C,
    ),
    Case("acm-certificate-expiration-check", C, [ci("AWS::ACM::Certificate", {"notAfter": days(200)})]),
    Case("acm-certificate-expiration-check", NC, [ci("AWS::ACM::Certificate", {"notAfter": days(5)})]),
    Case(
        "acm-certificate-expiration-check",
        NC,
        [ci("AWS::ACM::Certificate", {"notAfter": days(20)})],
        "30 days",
        params={"daysToExpiration": 30},
    ),
    Case("acm-certificate-expiration-check", NC, [ci("AWS::ACM::Certificate", {"notAfter": days(-2)})], "expired"),
    Case("acm-certificate-expiration-check", INS, [ci("AWS::ACM::Certificate", {"domainName": "x"})]),
    *prop(
        "acm-certificate-rsa-check", "AWS::ACM::Certificate", ("keyAlgorithm", "RSA-2048"), ("keyAlgorithm", "RSA-1024")
    ),
    Case("wafv2-webacl-not-empty", C, [ci("AWS::WAFv2::WebACL", {"rules": [{"name": "common"}]})]),
    Case("wafv2-webacl-not-empty", NC, [ci("AWS::WAFv2::WebACL", {"rules": []})]),
    Case("wafv2-webacl-not-empty", INS, [ci("AWS::WAFv2::WebACL", {"name": "a"})]),
    Case("wafv2-rulegroup-not-empty", C, [ci("AWS::WAFv2::RuleGroup", {"rules": [{"name": "r"}]})]),
    Case("wafv2-rulegroup-not-empty", NC, [ci("AWS::WAFv2::RuleGroup", {"rules": []})]),
    Case("wafv2-rulegroup-not-empty", INS, [ci("AWS::WAFv2::RuleGroup", {})]),
    Case(
        "wafv2-logging-enabled",
        C,
        [
            ci(
                "AWS::WAFv2::WebACL",
                {},
                {
                    "LoggingConfiguration": {
                        "LogDestinationConfigs": ["arn:aws:logs:us-east-1:1:log-group:aws-waf-logs-a"]
                    }
                },
            )
        ],
    ),
    Case("wafv2-logging-enabled", NC, [ci("AWS::WAFv2::WebACL", {}, {"LoggingConfiguration": None})]),
    Case("wafv2-logging-enabled", INS, [ci("AWS::WAFv2::WebACL", {"name": "a"})]),
    Case("netfw-policy-default-action-full-packets", C, [ci("AWS::NetworkFirewall::FirewallPolicy", FW_POLICY_OK)]),
    Case("netfw-policy-default-action-full-packets", NC, [ci("AWS::NetworkFirewall::FirewallPolicy", FW_POLICY_PASS)]),
    Case("netfw-policy-default-action-full-packets", INS, [ci("AWS::NetworkFirewall::FirewallPolicy", {})]),
    Case("netfw-policy-default-action-fragment-packets", C, [ci("AWS::NetworkFirewall::FirewallPolicy", FW_POLICY_OK)]),
    Case(
        "netfw-policy-default-action-fragment-packets", NC, [ci("AWS::NetworkFirewall::FirewallPolicy", FW_POLICY_PASS)]
    ),
    Case(
        "netfw-policy-default-action-fragment-packets",
        NC,
        [ci("AWS::NetworkFirewall::FirewallPolicy", FW_POLICY_OK)],
        "drop only",
        params={"statelessDefaultActions": ["aws:forward_to_sfe"]},
    ),
    Case("netfw-policy-rule-group-associated", C, [ci("AWS::NetworkFirewall::FirewallPolicy", FW_POLICY_OK)]),
    Case("netfw-policy-rule-group-associated", NC, [ci("AWS::NetworkFirewall::FirewallPolicy", FW_POLICY_PASS)]),
    Case("netfw-policy-rule-group-associated", INS, [ci("AWS::NetworkFirewall::FirewallPolicy", {})]),
    *prop(
        "netfw-deletion-protection-enabled",
        "AWS::NetworkFirewall::Firewall",
        ("firewall.deleteProtection", True),
        ("firewall.deleteProtection", False),
    ),
    Case(
        "netfw-logging-enabled",
        C,
        [
            ci(
                "AWS::NetworkFirewall::Firewall",
                {},
                {"LoggingConfiguration": {"logDestinationConfigs": [{"logType": "FLOW"}]}},
            )
        ],
    ),
    Case(
        "netfw-logging-enabled",
        NC,
        [ci("AWS::NetworkFirewall::Firewall", {}, {"LoggingConfiguration": {"logDestinationConfigs": []}})],
    ),
    Case("netfw-logging-enabled", INS, [ci("AWS::NetworkFirewall::Firewall", {})]),
    *prop(
        "cognito-user-pool-advanced-security-enabled",
        "AWS::Cognito::UserPool",
        ("AdvancedSecurityMode", "ENFORCED"),
        ("AdvancedSecurityMode", "AUDIT"),
        absent_state=NC,
    ),
    *prop(
        "cloudformation-termination-protection-check",
        "AWS::CloudFormation::Stack",
        ("enableTerminationProtection", True),
        ("enableTerminationProtection", False),
    ),
    *prop(
        "cloudformation-stack-notification-check",
        "AWS::CloudFormation::Stack",
        ("notificationARNs", ["arn:aws:sns:us-east-1:1:t"]),
        ("notificationARNs", []),
        absent_state=NC,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_state(case: Case) -> None:
    case.check()
