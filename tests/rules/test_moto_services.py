"""Rules of EFS, Lambda, CodeBuild, SageMaker, DMS, Redshift, OpenSearch, Cognito and CloudFormation, each on
resources created in a simulated account (moto) and read by the real collectors (one collection per service)."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import (
    ACCOUNT_ID,
    REGION,
    ROLE_ARN,
    answer_unimplemented,
    collected,
    make_subnets,
    rotation_function,
    verdicts,
)

from compliance.demo._simulated import amend_per_request
from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE

# --- EFS ---------------------------------------------------------------------------------------------

EFS_FS, EFS_AP = "AWS::EFS::FileSystem", "AWS::EFS::AccessPoint"


def _efs(session: boto3.Session) -> None:
    efs = session.client("efs", region_name=REGION)
    key = session.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
    # put_backup_policy is not implemented by moto; Backup=True at creation gives the same policy
    safe = efs.create_file_system(
        CreationToken="safe", Encrypted=True, KmsKeyId=key, Backup=True, Tags=[{"Key": "Name", "Value": "safe"}]
    )
    efs.create_file_system(CreationToken="plain", Encrypted=False, Tags=[{"Key": "Name", "Value": "plain"}])
    efs.create_access_point(
        FileSystemId=safe["FileSystemId"], PosixUser={"Uid": 1000, "Gid": 1000},
        RootDirectory={"Path": "/app"}, Tags=[{"Key": "Name", "Value": "confined"}],
    )  # fmt: skip
    efs.create_access_point(FileSystemId=safe["FileSystemId"], Tags=[{"Key": "Name", "Value": "open"}])


@pytest.fixture(scope="module")
def efs_snapshot() -> Snapshot:
    return collected(_efs, ["efs"])


@pytest.mark.parametrize(
    ("rule_id", "resource_type", "expected"),
    [
        ("efs-encrypted-check", EFS_FS, {"safe": COMPLIANT, "plain": NON_COMPLIANT}),
        ("efs-in-backup-plan", EFS_FS, {"safe": COMPLIANT, "plain": NON_COMPLIANT}),
        ("efs-access-point-enforce-root-directory", EFS_AP, {"confined": COMPLIANT, "open": NON_COMPLIANT}),
        ("efs-access-point-enforce-user-identity", EFS_AP, {"confined": COMPLIANT, "open": NON_COMPLIANT}),
    ],
)  # fmt: skip
def test_efs_rules(efs_snapshot, rule_id, resource_type, expected):
    assert verdicts(rule_id, efs_snapshot, resource_type) == expected


# --- Lambda ------------------------------------------------------------------------------------------


def _lambda(session: boto3.Session) -> None:
    session.client("iam").create_role(RoleName="service", AssumeRolePolicyDocument=json.dumps({"Statement": []}))
    _, subnets = make_subnets(session, "10.4")
    functions = session.client("lambda", region_name=REGION)
    common = {"Role": ROLE_ARN, "Handler": "app.handler", "Code": {"ZipFile": b"def handler(e, c): pass"}}
    functions.create_function(
        FunctionName="private", Runtime="python3.12", VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": []},
        **common,
    )  # fmt: skip
    functions.create_function(FunctionName="exposed", Runtime="python3.7", **common)
    functions.add_permission(
        FunctionName="exposed", StatementId="anyone", Action="lambda:InvokeFunction", Principal="*"
    )
    functions.add_permission(
        FunctionName="private", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
        SourceAccount=ACCOUNT_ID,
    )  # fmt: skip
    functions.create_function(
        FunctionName="container", Role=ROLE_ARN, PackageType="Image",
        Code={"ImageUri": f"{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/app:1"},
    )  # fmt: skip


@pytest.fixture(scope="module")
def lambda_snapshot() -> Snapshot:
    return collected(_lambda, ["lambda"])


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("lambda-function-public-access-prohibited", (COMPLIANT, NON_COMPLIANT, COMPLIANT)),
        ("lambda-function-settings-check", (COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE)),
        ("lambda-inside-vpc", (COMPLIANT, NON_COMPLIANT, NON_COMPLIANT)),
    ],
)  # fmt: skip
def test_lambda_rules(lambda_snapshot, rule_id, expected):
    found = verdicts(rule_id, lambda_snapshot, "AWS::Lambda::Function")
    assert found == dict(zip(("private", "exposed", "container"), expected, strict=True))


# --- CodeBuild ---------------------------------------------------------------------------------------


def _codebuild(session: boto3.Session) -> None:
    codebuild = session.client("codebuild", region_name=REGION)
    answer_unimplemented(session, "codebuild", "ListReportGroups", {})  # moto lacks report groups
    common = {"artifacts": {"type": "NO_ARTIFACTS"}, "serviceRole": ROLE_ARN}
    environment = {
        "type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"
    }  # fmt: skip
    codebuild.create_project(
        name="careful",
        source={"type": "GITHUB", "location": "https://github.com/example/app.git"},
        environment={**environment, "privilegedMode": False, "environmentVariables": [
            {"name": "AWS_SECRET_ACCESS_KEY", "value": "/ci/secret", "type": "PARAMETER_STORE"}]},
        logsConfig={"cloudWatchLogs": {"status": "ENABLED"},
                    "s3Logs": {"status": "ENABLED", "location": "build-logs/careful", "encryptionDisabled": False}},
        **common,
    )  # fmt: skip
    codebuild.create_project(
        name="careless",
        source={"type": "GITHUB", "location": "https://ci-bot:ghp_token@github.com/example/app.git"},
        environment={**environment, "privilegedMode": True, "environmentVariables": [
            {"name": "AWS_ACCESS_KEY_ID", "value": "AKIAEXAMPLE", "type": "PLAINTEXT"}]},
        logsConfig={"cloudWatchLogs": {"status": "DISABLED"},
                    "s3Logs": {"status": "ENABLED", "location": "build-logs/careless", "encryptionDisabled": True}},
        **common,
    )  # fmt: skip
    codebuild.create_project(
        name="silent", source={"type": "CODECOMMIT", "location": "https://git-codecommit.example/v1/repos/app"},
        environment=environment,
        logsConfig={"cloudWatchLogs": {"status": "DISABLED"}, "s3Logs": {"status": "DISABLED"}},
        **common,
    )  # fmt: skip


@pytest.fixture(scope="module")
def codebuild_snapshot() -> Snapshot:
    return collected(_codebuild, ["codebuild"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "codebuild-project-envvar-awscred-check",
        "codebuild-project-source-repo-url-check",
        "codebuild-project-s3-logs-encrypted",
        "codebuild-project-environment-privileged-check",
    ],
)
def test_codebuild_rules(codebuild_snapshot, rule_id):
    found = verdicts(rule_id, codebuild_snapshot, "AWS::CodeBuild::Project")
    assert (found["careful"], found["careless"]) == (COMPLIANT, NON_COMPLIANT)


def test_codebuild_logging_rule(codebuild_snapshot):
    assert verdicts("codebuild-project-logging-enabled", codebuild_snapshot, "AWS::CodeBuild::Project") == {
        "careful": COMPLIANT,
        "careless": COMPLIANT,  # S3 logs on, CloudWatch off
        "silent": NON_COMPLIANT,
    }


# --- SageMaker, DMS, Redshift ------------------------------------------------------------------------


def _sagemaker(session: boto3.Session) -> None:
    _, subnets = make_subnets(session, "10.5")
    sagemaker = session.client("sagemaker", region_name=REGION)
    common = {"InstanceType": "ml.t3.medium", "RoleArn": ROLE_ARN}
    sagemaker.create_notebook_instance(
        NotebookInstanceName="locked", SubnetId=subnets[0], SecurityGroupIds=["sg-12345678"],
        DirectInternetAccess="Disabled", RootAccess="Disabled", **common,
    )  # fmt: skip
    sagemaker.create_notebook_instance(
        NotebookInstanceName="loose", DirectInternetAccess="Enabled", RootAccess="Enabled", **common
    )


@pytest.fixture(scope="module")
def sagemaker_snapshot() -> Snapshot:
    return collected(_sagemaker, ["sagemaker"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "sagemaker-notebook-no-direct-internet-access",
        "sagemaker-notebook-instance-root-access-check",
        "sagemaker-notebook-instance-inside-vpc",
    ],
)
def test_sagemaker_rules(sagemaker_snapshot, rule_id):
    assert verdicts(rule_id, sagemaker_snapshot, "AWS::SageMaker::NotebookInstance") == {
        "locked": COMPLIANT,
        "loose": NON_COMPLIANT,
    }


def _dms(session: boto3.Session) -> None:
    dms = session.client("dms", region_name=REGION)
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="internal", ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=False, AutoMinorVersionUpgrade=True,
    )  # fmt: skip
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="exposed", ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=True, AutoMinorVersionUpgrade=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def dms_snapshot() -> Snapshot:
    return collected(_dms, ["dms"])


@pytest.mark.parametrize("rule_id", ["dms-replication-not-public", "dms-auto-minor-version-upgrade-check"])
def test_dms_rules(dms_snapshot, rule_id):
    assert verdicts(rule_id, dms_snapshot, "AWS::DMS::ReplicationInstance") == {
        "internal": COMPLIANT,
        "exposed": NON_COMPLIANT,
    }


def _redshift(session: boto3.Session) -> None:
    redshift = session.client("redshift", region_name=REGION)
    key = session.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
    session.client("s3", region_name=REGION).create_bucket(Bucket="warehouse-audit")
    redshift.create_cluster(
        ClusterIdentifier="hardened", NodeType="dc2.large", MasterUsername="warehouse_admin",
        MasterUserPassword="Passw0rd-example", PubliclyAccessible=False, Encrypted=True, KmsKeyId=key,
        AllowVersionUpgrade=True, EnhancedVpcRouting=True, AutomatedSnapshotRetentionPeriod=7,
    )  # fmt: skip
    redshift.enable_logging(ClusterIdentifier="hardened", BucketName="warehouse-audit")
    redshift.create_cluster(
        ClusterIdentifier="default", NodeType="dc2.large", MasterUsername="awsuser",
        MasterUserPassword="Passw0rd-example", PubliclyAccessible=True, Encrypted=False,
        AllowVersionUpgrade=False, EnhancedVpcRouting=False, AutomatedSnapshotRetentionPeriod=0,
    )  # fmt: skip


@pytest.fixture(scope="module")
def redshift_snapshot() -> Snapshot:
    return collected(_redshift, ["redshift"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "redshift-cluster-public-access-check",
        "redshift-cluster-maintenancesettings-check",
        "redshift-enhanced-vpc-routing-enabled",
        "redshift-backup-enabled",
        "redshift-cluster-audit-logging-enabled",
        "redshift-cluster-kms-enabled",
        "redshift-default-admin-check",
    ],
)
def test_redshift_rules(redshift_snapshot, rule_id):
    assert verdicts(rule_id, redshift_snapshot, "AWS::Redshift::Cluster") == {
        "hardened": COMPLIANT,
        "default": NON_COMPLIANT,
    }


def _redshift_tls(session: boto3.Session) -> None:
    redshift = session.client("redshift", region_name=REGION)
    redshift.create_cluster_parameter_group(ParameterGroupName="tls", ParameterGroupFamily="redshift-1.0",
                                            Description="TLS required")  # fmt: skip
    # moto 5.2.5 cannot change a parameter (no ModifyClusterParameterGroup): answer require_ssl as AWS would
    amend_per_request(session, "redshift", "DescribeClusterParameters", lambda parsed, params: [
        p.update(ParameterValue="true") for p in parsed.get("Parameters") or []
        if params.get("ParameterGroupName") == "tls" and p["ParameterName"] == "require_ssl"])  # fmt: skip
    for name, group in (("tls", "tls"), ("default", "default.redshift-1.0")):
        redshift.create_cluster(ClusterIdentifier=name, NodeType="ra3.large", MasterUsername="warehouse_admin",
                                MasterUserPassword="Passw0rd-example", ClusterParameterGroupName=group)  # fmt: skip


def test_redshift_require_ssl_from_the_clusters_parameter_group():
    snapshot = collected(_redshift_tls, ["redshift"])
    assert verdicts("redshift-require-tls-ssl", snapshot, "AWS::Redshift::Cluster") == {
        "tls": COMPLIANT,
        "default": NON_COMPLIANT,
    }


def _redshift_ports(session: boto3.Session) -> None:
    ec2 = session.client("ec2", region_name=REGION)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    groups = {}
    for name, cidr in (("internal", "10.0.0.0/8"), ("open", "0.0.0.0/0")):
        groups[name] = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=groups[name], IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5400, "ToPort": 5500, "IpRanges": [{"CidrIp": cidr}]}])  # fmt: skip
    redshift = session.client("redshift", region_name=REGION)
    for name, group in groups.items():
        redshift.create_cluster(ClusterIdentifier=name, NodeType="ra3.large", MasterUsername="warehouse_admin",
                                MasterUserPassword="Passw0rd-example", VpcSecurityGroupIds=[group])  # fmt: skip


def test_redshift_cluster_port_against_its_security_groups():
    snapshot = collected(_redshift_ports, ["redshift", "ec2"])
    assert verdicts("redshift-unrestricted-port-access", snapshot, "AWS::Redshift::Cluster") == {
        "internal": COMPLIANT, "open": NON_COMPLIANT,
    }  # fmt: skip


# --- OpenSearch / Elasticsearch ----------------------------------------------------------------------


def _opensearch(session: boto3.Session) -> None:
    _, subnets = make_subnets(session, "10.6")
    client = session.client("opensearch", region_name=REGION)
    logs = f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:search"
    client.create_domain(
        DomainName="guarded", EngineVersion="OpenSearch_2.11",
        ClusterConfig={"InstanceType": "r6g.large.search", "InstanceCount": 3, "ZoneAwarenessEnabled": True,
                       "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3}},
        EncryptionAtRestOptions={"Enabled": True}, NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True},
        AdvancedSecurityOptions={"Enabled": True, "InternalUserDatabaseEnabled": True,
                                 "MasterUserOptions": {"MasterUserName": "admin", "MasterUserPassword": "Passw0rd!"}},
        LogPublishingOptions={kind: {"CloudWatchLogsLogGroupArn": logs, "Enabled": True}
                              for kind in ("AUDIT_LOGS", "ES_APPLICATION_LOGS")},
        VPCOptions={"SubnetIds": subnets, "SecurityGroupIds": []},
    )  # fmt: skip
    client.create_domain(
        DomainName="bare", EngineVersion="OpenSearch_2.11", ClusterConfig={"InstanceCount": 1},
        EncryptionAtRestOptions={"Enabled": False}, NodeToNodeEncryptionOptions={"Enabled": False},
        DomainEndpointOptions={"EnforceHTTPS": False}, AdvancedSecurityOptions={"Enabled": False},
    )  # fmt: skip
    client.create_domain(
        DomainName="legacy-vpc", EngineVersion="Elasticsearch_7.10", EncryptionAtRestOptions={"Enabled": True},
        VPCOptions={"SubnetIds": subnets[:1], "SecurityGroupIds": []},
    )  # fmt: skip
    client.create_domain(DomainName="legacy-open", EngineVersion="Elasticsearch_7.10")


@pytest.fixture(scope="module")
def opensearch_snapshot() -> Snapshot:
    return collected(_opensearch, ["opensearch"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "opensearch-encrypted-at-rest",
        "opensearch-node-to-node-encryption-check",
        "opensearch-https-required",
        "opensearch-access-control-enabled",
        "opensearch-audit-logging-enabled",
        "opensearch-logs-to-cloudwatch",
        "opensearch-in-vpc-only",
        "opensearch-data-node-fault-tolerance",
    ],
)
def test_opensearch_rules(opensearch_snapshot, rule_id):
    assert verdicts(rule_id, opensearch_snapshot, "AWS::OpenSearch::Domain") == {
        "guarded": COMPLIANT,
        "bare": NON_COMPLIANT,
    }


@pytest.mark.parametrize("rule_id", ["elasticsearch-encrypted-at-rest", "elasticsearch-in-vpc-only"])
def test_elasticsearch_rules(opensearch_snapshot, rule_id):
    assert verdicts(rule_id, opensearch_snapshot, "AWS::Elasticsearch::Domain") == {
        "legacy-vpc": COMPLIANT,
        "legacy-open": NON_COMPLIANT,
    }


# --- Cognito, CloudFormation -------------------------------------------------------------------------


def _cognito(session: boto3.Session) -> None:
    client = session.client("cognito-idp", region_name=REGION)
    client.create_user_pool(PoolName="protected", UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})
    client.create_user_pool(PoolName="audit-only", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"})
    client.create_user_pool(PoolName="plain")


def test_cognito_advanced_security_rule():
    snapshot = collected(_cognito, ["cognito"])
    assert verdicts("cognito-user-pool-advanced-security-enabled", snapshot, "AWS::Cognito::UserPool") == {
        "protected": COMPLIANT,
        "audit-only": NON_COMPLIANT,
        "plain": NON_COMPLIANT,
    }


TEMPLATE = json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})


def _cloudformation(session: boto3.Session) -> None:
    topic = session.client("sns", region_name=REGION).create_topic(Name="stack-events")["TopicArn"]
    stacks = session.client("cloudformation", region_name=REGION)
    stacks.create_stack(
        StackName="guarded", TemplateBody=TEMPLATE, EnableTerminationProtection=True, NotificationARNs=[topic]
    )
    stacks.create_stack(StackName="loose", TemplateBody=TEMPLATE)


@pytest.fixture(scope="module")
def cloudformation_snapshot() -> Snapshot:
    return collected(_cloudformation, ["cloudformation"])


@pytest.mark.parametrize(
    "rule_id", ["cloudformation-termination-protection-check", "cloudformation-stack-notification-check"]
)
def test_cloudformation_rules(cloudformation_snapshot, rule_id):
    assert verdicts(rule_id, cloudformation_snapshot, "AWS::CloudFormation::Stack") == {
        "guarded": COMPLIANT,
        "loose": NON_COMPLIANT,
    }


def test_cloudformation_notification_topic_parameter(cloudformation_snapshot):
    other = f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:another-topic"
    found = verdicts("cloudformation-stack-notification-check", cloudformation_snapshot, "AWS::CloudFormation::Stack",
                     snsTopic1=other)  # fmt: skip
    assert found["guarded"] == NON_COMPLIANT


# --- SQS ---------------------------------------------------------------------------------------------


def _queues(session: boto3.Session) -> None:
    sqs = session.client("sqs", region_name=REGION)
    sqs.create_queue(QueueName="kms", Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    sqs.create_queue(QueueName="managed", Attributes={"SqsManagedSseEnabled": "true"})
    arn = f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:plain"
    public = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": arn}]}
    sqs.create_queue(QueueName="plain", Attributes={"SqsManagedSseEnabled": "false", "Policy": json.dumps(public)})


def test_sqs_rules_on_collected_queues():
    snapshot = collected(_queues, ["sqs"])
    assert verdicts("sqs-queue-encrypted", snapshot, "AWS::SQS::Queue") == {
        "kms": COMPLIANT, "managed": COMPLIANT, "plain": NON_COMPLIANT,
    }  # fmt: skip
    public = verdicts("sqs-queue-no-public-access", snapshot, "AWS::SQS::Queue")
    assert public["plain"] == NON_COMPLIANT
    assert public["kms"] != NON_COMPLIANT


# --- Secrets Manager ---------------------------------------------------------------------------------


def _secrets(session: boto3.Session) -> None:
    sm = session.client("secretsmanager", region_name=REGION)
    arn = sm.create_secret(Name="rotating", SecretString="s3cret-rotating")["ARN"]
    sm.rotate_secret(SecretId=arn, RotationLambdaARN=rotation_function(session, REGION),
                     RotationRules={"AutomaticallyAfterDays": 30}, RotateImmediately=False)  # fmt: skip
    sm.create_secret(Name="static", SecretString="s3cret-static")


def test_secrets_manager_rules_on_collected_secrets():
    snapshot = collected(_secrets, ["secretsmanager"])
    kind = "AWS::SecretsManager::Secret"
    assert verdicts("secretsmanager-rotation-enabled-check", snapshot, kind) == {
        "rotating": COMPLIANT, "static": NON_COMPLIANT,
    }  # fmt: skip
    assert verdicts("secretsmanager-rotation-enabled-check", snapshot, kind, maximumAllowedRotationFrequency=7) == {
        "rotating": NON_COMPLIANT, "static": NON_COMPLIANT,
    }  # fmt: skip
    # created today: unused and unrotated for 0 days, within 90; a limit of -1 day fails them
    assert set(verdicts("secretsmanager-secret-unused", snapshot, kind).values()) == {COMPLIANT}
    assert set(verdicts("secretsmanager-secret-unused", snapshot, kind, unusedForDays=-1).values()) == {NON_COMPLIANT}
    assert set(verdicts("secretsmanager-secret-periodic-rotation", snapshot, kind).values()) == {COMPLIANT}
    # rotation just set up: the next one is a month away (an overdue one is tested on the collector's derivation)
    assert verdicts("secretsmanager-scheduled-rotation-success-check", snapshot, kind) == {
        "rotating": COMPLIANT, "static": NOT_APPLICABLE,
    }  # fmt: skip
