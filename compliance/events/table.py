"""Which resources a CloudTrail management event changes.

An entry names the event source, a pattern over event names, the AWS Config resource type the
call changes and where the resource's id, name or ARN is in the record (``requestParameters``
or ``responseElements`` paths; ``[]`` walks a list). Entries are listed for the common write
APIs of every collected service; :func:`compliance.events.resolve` also derives targets from a
record's own ``resources`` list (ARN and Config type) for calls not listed here, and checks every
target type against what the collectors declare. Account-wide settings (password policy,
EBS default encryption, S3 account public access block) map to ``AWS::::Account``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ACCOUNT = "AWS::::Account"


@dataclass(frozen=True, slots=True)
class Target:
    """Where an event names the resource it changes."""

    resource_type: str
    paths: tuple[str, ...]  # tried in order; the first that holds values wins
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    source: str  # eventSource, "s3.amazonaws.com"
    names: re.Pattern[str]
    targets: tuple[Target, ...]


def _req(*keys: str) -> tuple[str, ...]:
    return tuple(f"requestParameters.{k}" for k in keys)


def _resp(*keys: str) -> tuple[str, ...]:
    return tuple(f"responseElements.{k}" for k in keys)


_ENTRIES: list[Entry] = []


def _on(source: str, names: str, resource_type: str, *paths: str, deleted: bool = False) -> None:
    service = source if "." in source else f"{source}.amazonaws.com"
    _ENTRIES.append(Entry(service, re.compile(f"(?:{names})"), (Target(resource_type, tuple(paths), deleted),)))


def _lifecycle(
    source: str, resource_type: str, noun: str, key: str, *, create: tuple[str, ...] = (), more: str = ""
) -> None:
    """Create/Delete/Update/Modify ``noun``, plus the ``more`` event names, by ``key``."""
    _on(source, f"Create{noun}", resource_type, *create, *_req(key))
    _on(source, f"Delete{noun}", resource_type, *_req(key), deleted=True)
    _on(
        source,
        f"(?:Update|Modify){noun}(?:Attributes?|Configuration|Config)?" + (f"|{more}" if more else ""),
        resource_type,
        *_req(key),
    )


# S3 (bucket-level Put*/Delete*: the bucket is changed, not deleted)
_on("s3", "CreateBucket", "AWS::S3::Bucket", *_req("bucketName"))
_on("s3", "DeleteBucket", "AWS::S3::Bucket", *_req("bucketName"), deleted=True)
_on(
    "s3",
    r"(?:Put|Delete)Bucket\w+|PutObjectLockConfiguration|(?:Put|Delete)PublicAccessBlock",
    "AWS::S3::Bucket",
    *_req("bucketName"),
)
_on("s3", r"(?:Put|Delete)AccountPublicAccessBlock", ACCOUNT)
_on("s3", r"(?:Put|Delete)AccountPublicAccessBlock", "AWS::S3::AccountPublicAccessBlock", "recipientAccountId")

_on("s3", "CreateAccessPoint", "AWS::S3::AccessPoint", *_req("name"))
_on("s3", "DeleteAccessPoint", "AWS::S3::AccessPoint", *_req("name"), deleted=True)
_on("s3", r"(?:Put|Delete)AccessPointPolicy", "AWS::S3::AccessPoint", *_req("name"))
_on(
    "s3",
    "CreateMultiRegionAccessPoint",
    "AWS::S3::MultiRegionAccessPoint",
    *_req("CreateMultiRegionAccessPointRequest.Details.Name", "name"),
)
_on(
    "s3",
    "DeleteMultiRegionAccessPoint",
    "AWS::S3::MultiRegionAccessPoint",
    *_req("DeleteMultiRegionAccessPointRequest.Details.Name", "name"),
    deleted=True,
)
_on(
    "s3",
    "PutMultiRegionAccessPointPolicy",
    "AWS::S3::MultiRegionAccessPoint",
    *_req("PutMultiRegionAccessPointPolicyRequest.Details.Name", "name"),
)

_on("s3express", "CreateBucket", "AWS::S3Express::DirectoryBucket", *_req("bucketName"))
_on("s3express", "DeleteBucket", "AWS::S3Express::DirectoryBucket", *_req("bucketName"), deleted=True)
_on(
    "s3express",
    r"(?:Put|Delete)Bucket(?:Lifecycle\w*|Encryption|Policy)",
    "AWS::S3Express::DirectoryBucket",
    *_req("bucketName"),
)

# EC2 instances, security groups, volumes, snapshots, addresses, VPCs, subnets, network ACLs, flow logs
_INSTANCE = "AWS::EC2::Instance"
_on("ec2", "RunInstances", _INSTANCE, *_resp("instancesSet.items[].instanceId"))
_on("ec2", "TerminateInstances", _INSTANCE, *_req("instancesSet.items[].instanceId"), deleted=True)
_on("ec2", r"(?:Start|Stop|Reboot|Monitor|Unmonitor)Instances", _INSTANCE, *_req("instancesSet.items[].instanceId"))
_on(
    "ec2",
    r"ModifyInstance\w+|(?:Associate|Disassociate|Replace)IamInstanceProfile\w*",
    _INSTANCE,
    *_req(
        "instanceId", "ModifyInstanceMetadataOptionsRequest.InstanceId", "AssociateIamInstanceProfileRequest.InstanceId"
    ),
)
_SG = "AWS::EC2::SecurityGroup"
_on("ec2", "CreateSecurityGroup", _SG, *_resp("groupId"))
_on("ec2", "DeleteSecurityGroup", _SG, *_req("groupId"), deleted=True)
_on(
    "ec2",
    r"(?:Authorize|Revoke)SecurityGroup(?:Ingress|Egress)|ModifySecurityGroupRules|UpdateSecurityGroupRuleDescriptions\w+",
    _SG,
    *_req("groupId", "ModifySecurityGroupRulesRequest.GroupId"),
)
_VOLUME = "AWS::EC2::Volume"
_on("ec2", "CreateVolume", _VOLUME, *_resp("volumeId"))
_on("ec2", "DeleteVolume", _VOLUME, *_req("volumeId"), deleted=True)
_on(
    "ec2",
    r"(?:Modify|Attach|Detach)Volume|ModifyVolumeAttribute",
    _VOLUME,
    *_req("volumeId", "ModifyVolumeRequest.VolumeId"),
)
_on("ec2", r"(?:Enable|Disable)EbsEncryptionByDefault|(?:Modify|Reset)EbsDefaultKmsKeyId", ACCOUNT)
_SNAPSHOT = "AWS::EC2::Snapshot"
_on("ec2", r"CreateSnapshot|CopySnapshot", _SNAPSHOT, *_resp("snapshotId"))
_on("ec2", "DeleteSnapshot", _SNAPSHOT, *_req("snapshotId"), deleted=True)
_on("ec2", r"(?:Modify|Reset)SnapshotAttribute", _SNAPSHOT, *_req("snapshotId"))
_EIP = "AWS::EC2::EIP"
_on("ec2", "AllocateAddress", _EIP, *_resp("allocationId"))
_on("ec2", "ReleaseAddress", _EIP, *_req("allocationId"), deleted=True)
_on("ec2", r"(?:Associate|Disassociate)Address", _EIP, *_req("allocationId"))
_VPC = "AWS::EC2::VPC"
_on("ec2", "CreateVpc", _VPC, *_resp("vpc.vpcId"))
_on("ec2", "DeleteVpc", _VPC, *_req("vpcId"), deleted=True)
_on(
    "ec2",
    r"ModifyVpcAttribute|(?:Create|Delete)FlowLogs",
    _VPC,
    *_req("vpcId", "CreateFlowLogsRequest.ResourceId.content", "CreateFlowLogsRequest.ResourceId"),
)
_SUBNET = "AWS::EC2::Subnet"
_on("ec2", "CreateSubnet", _SUBNET, *_resp("subnet.subnetId"))
_on("ec2", "DeleteSubnet", _SUBNET, *_req("subnetId"), deleted=True)
_on("ec2", "ModifySubnetAttribute", _SUBNET, *_req("subnetId"))
_NACL = "AWS::EC2::NetworkAcl"
_on("ec2", "CreateNetworkAcl", _NACL, *_resp("networkAcl.networkAclId"))
_on("ec2", "DeleteNetworkAcl", _NACL, *_req("networkAclId"), deleted=True)
_on("ec2", r"(?:Create|Delete|Replace)NetworkAclEntry", _NACL, *_req("networkAclId"))

# IAM (global)
_USER, _ROLE, _GROUP, _POLICY = "AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::Policy"
_on("iam", "CreateUser", _USER, *_req("userName"))
_on("iam", "DeleteUser", _USER, *_req("userName"), deleted=True)
_on(
    "iam",
    r"UpdateUser|(?:Attach|Detach|Put|Delete)UserPolicy|(?:Create|Update|Delete)LoginProfile|"
    r"(?:Create|Update|Delete)AccessKey|(?:Enable|Deactivate|Resync)MFADevice|(?:Add|Remove)User(?:To|From)Group|"
    r"(?:Tag|Untag)User|(?:Put|Delete)UserPermissionsBoundary",
    _USER,
    *_req("userName"),
)
_on("iam", "CreateRole", _ROLE, *_req("roleName"))
_on("iam", "DeleteRole", _ROLE, *_req("roleName"), deleted=True)
_on(
    "iam",
    r"UpdateRole\w*|(?:Attach|Detach|Put|Delete)RolePolicy|UpdateAssumeRolePolicy|(?:Tag|Untag)Role|"
    r"(?:Put|Delete)RolePermissionsBoundary",
    _ROLE,
    *_req("roleName"),
)
_on("iam", "CreateGroup", _GROUP, *_req("groupName"))
_on("iam", "DeleteGroup", _GROUP, *_req("groupName"), deleted=True)
_on(
    "iam",
    r"UpdateGroup|(?:Attach|Detach|Put|Delete)GroupPolicy|(?:Add|Remove)User(?:To|From)Group",
    _GROUP,
    *_req("groupName"),
)
_on("iam", "CreatePolicy", _POLICY, *_resp("policy.arn"))
_on("iam", "DeletePolicy", _POLICY, *_req("policyArn"), deleted=True)
_on(
    "iam",
    r"(?:Create|Delete)PolicyVersion|SetDefaultPolicyVersion|(?:Attach|Detach)(?:User|Role|Group)Policy|"
    r"(?:Tag|Untag)Policy",
    _POLICY,
    *_req("policyArn"),
)
_on("iam", r"(?:Update|Delete)AccountPasswordPolicy", ACCOUNT)
_lifecycle(
    "iam", "AWS::IAM::ServerCertificate", "ServerCertificate", "serverCertificateName", more="UploadServerCertificate"
)

# RDS
_lifecycle(
    "rds",
    "AWS::RDS::DBInstance",
    "DBInstance",
    "dBInstanceIdentifier",
    more=r"(?:Reboot|Start|Stop)DBInstance|CreateDBInstanceReadReplica|RestoreDBInstance\w+",
)
_lifecycle(
    "rds",
    "AWS::RDS::DBCluster",
    "DBCluster",
    "dBClusterIdentifier",
    more=r"(?:Reboot|Start|Stop|Failover)DBCluster|RestoreDBCluster\w+",
)
_lifecycle(
    "rds",
    "AWS::RDS::DBSnapshot",
    "DBSnapshot",
    "dBSnapshotIdentifier",
    more=r"CopyDBSnapshot|ModifyDBSnapshotAttribute",
)
_lifecycle(
    "rds",
    "AWS::RDS::DBClusterSnapshot",
    "DBClusterSnapshot",
    "dBClusterSnapshotIdentifier",
    more=r"CopyDBClusterSnapshot|ModifyDBClusterSnapshotAttribute",
)
_lifecycle(
    "rds",
    "AWS::RDS::EventSubscription",
    "EventSubscription",
    "subscriptionName",
    more=r"(?:Add|Remove)SourceIdentifier(?:To|From)Subscription",
)
_lifecycle("rds", "AWS::RDS::DBProxy", "DBProxy", "dBProxyName")

# KMS (ScheduleKeyDeletion leaves the key, pending deletion: re-read)
_KEY = "AWS::KMS::Key"
_on("kms", "CreateKey", _KEY, *_resp("keyMetadata.keyId"))
_on(
    "kms",
    r"(?:Enable|Disable)Key(?:Rotation)?|PutKeyPolicy|ScheduleKeyDeletion|CancelKeyDeletion|"
    r"UpdateKeyDescription|(?:Tag|Untag)Resource|RotateKeyOnDemand",
    _KEY,
    *_req("keyId"),
)

# CloudTrail
_TRAIL = "AWS::CloudTrail::Trail"
_on("cloudtrail", "CreateTrail", _TRAIL, *_resp("trailARN"), *_req("name"))
_on("cloudtrail", "DeleteTrail", _TRAIL, *_req("name"), deleted=True)
_on(
    "cloudtrail",
    r"UpdateTrail|StartLogging|StopLogging|Put(?:Event|Insight)Selectors|(?:Add|Remove)Tags",
    _TRAIL,
    *_req("name", "trailName", "resourceId"),
)

# Lambda (CloudTrail names carry an API version: UpdateFunctionConfiguration20150331v2)
_FUNCTION = "AWS::Lambda::Function"
_on("lambda", r"CreateFunction\w*", _FUNCTION, *_resp("functionArn"), *_req("functionName"))
_on("lambda", r"DeleteFunction(?:\d{8}\w*)?", _FUNCTION, *_req("functionName"), deleted=True)
_on(
    "lambda",
    r"Update(?:Function(?:Configuration|Code|UrlConfig)|FunctionEventInvokeConfig)\w*|"
    r"(?:Add|Remove)Permission\w*|(?:Put|Delete)FunctionConcurrency\w*|(?:Create|Delete)FunctionUrlConfig\w*",
    _FUNCTION,
    *_req("functionName"),
)

# other collected services
_on("sns", "CreateTopic", "AWS::SNS::Topic", *_resp("topicArn"))
_on("sns", "DeleteTopic", "AWS::SNS::Topic", *_req("topicArn"), deleted=True)
_on(
    "sns",
    r"SetTopicAttributes|(?:Add|Remove)Permission|(?:Put|Delete)DataProtectionPolicy",
    "AWS::SNS::Topic",
    *_req("topicArn", "resourceArn"),
)
_on("sqs", "CreateQueue", "AWS::SQS::Queue", *_resp("queueUrl"))
_on("sqs", "DeleteQueue", "AWS::SQS::Queue", *_req("queueUrl"), deleted=True)
_on("sqs", r"SetQueueAttributes|(?:Add|Remove)Permission|(?:Tag|Untag)Queue", "AWS::SQS::Queue", *_req("queueUrl"))
_on("secretsmanager", r"CreateSecret", "AWS::SecretsManager::Secret", *_resp("arn", "aRN"), *_req("name"))
_on(
    "secretsmanager",
    r"DeleteSecret|RestoreSecret|UpdateSecret|RotateSecret|CancelRotateSecret|"
    r"(?:Put|Delete)ResourcePolicy|(?:Tag|Untag)Resource|ReplicateSecretToRegions",
    "AWS::SecretsManager::Secret",
    *_req("secretId"),
)
_ELB = "AWS::ElasticLoadBalancingV2::LoadBalancer"
_on("elasticloadbalancing", "CreateLoadBalancer", _ELB, *_resp("loadBalancers[].loadBalancerArn"))
_on("elasticloadbalancing", "DeleteLoadBalancer", _ELB, *_req("loadBalancerArn"), deleted=True)
_on(
    "elasticloadbalancing",
    r"ModifyLoadBalancerAttributes|Set(?:SecurityGroups|Subnets|IpAddressType)",
    _ELB,
    *_req("loadBalancerArn"),
)
_LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
_on("elasticloadbalancing", "CreateListener", _LISTENER, *_resp("listeners[].listenerArn"))
_on("elasticloadbalancing", "DeleteListener", _LISTENER, *_req("listenerArn"), deleted=True)
_on("elasticloadbalancing", "ModifyListener", _LISTENER, *_req("listenerArn"))
# Classic Load Balancers: the same event source and some of the same names as v2, told apart by the name parameter
_CLB = "AWS::ElasticLoadBalancing::LoadBalancer"
_on("elasticloadbalancing", "CreateLoadBalancer", _CLB, *_req("loadBalancerName"))
_on("elasticloadbalancing", "DeleteLoadBalancer", _CLB, *_req("loadBalancerName"), deleted=True)
_on(
    "elasticloadbalancing",
    r"ModifyLoadBalancerAttributes|(?:Create|Delete)LoadBalancer(?:Listeners|Policy)|SetLoadBalancerPolicies\w+|"
    r"SetLoadBalancerListenerSSLCertificate|(?:Enable|Disable)AvailabilityZonesForLoadBalancer|"
    r"(?:Attach|Detach)LoadBalancer(?:To|From)Subnets|ApplySecurityGroupsToLoadBalancer|ConfigureHealthCheck|"
    r"(?:Register|Deregister)Instances(?:With|From)LoadBalancer|Create(?:App|LB)CookieStickinessPolicy",
    _CLB,
    *_req("loadBalancerName"),
)
_on("elasticloadbalancing", r"AddTags|RemoveTags", _CLB, *_req("loadBalancerNames[]"))
_lifecycle(
    "ecr",
    "AWS::ECR::Repository",
    "Repository",
    "repositoryName",
    more=r"PutImage(?:ScanningConfiguration|TagMutability)|SetRepositoryPolicy|(?:Put|Delete)LifecyclePolicy",
)
_on("eks", "CreateCluster", "AWS::EKS::Cluster", *_req("name"))
_on("eks", "DeleteCluster", "AWS::EKS::Cluster", *_req("name"), deleted=True)
_on("eks", r"UpdateCluster(?:Config|Version)", "AWS::EKS::Cluster", *_req("name"))
_on("elasticfilesystem", "CreateFileSystem", "AWS::EFS::FileSystem", *_resp("fileSystemId"))
_on("elasticfilesystem", "DeleteFileSystem", "AWS::EFS::FileSystem", *_req("fileSystemId"), deleted=True)
_on(
    "elasticfilesystem",
    r"UpdateFileSystem\w*|Put(?:BackupPolicy|FileSystemPolicy|LifecycleConfiguration)",
    "AWS::EFS::FileSystem",
    *_req("fileSystemId"),
)
_on("elasticfilesystem", "CreateAccessPoint", "AWS::EFS::AccessPoint", *_resp("accessPointId"))
_on("elasticfilesystem", "DeleteAccessPoint", "AWS::EFS::AccessPoint", *_req("accessPointId"), deleted=True)
_lifecycle(
    "redshift",
    "AWS::Redshift::Cluster",
    "Cluster",
    "clusterIdentifier",
    more=r"(?:Reboot|Resize|Pause|Resume)Cluster|(?:Enable|Disable)Logging",
)
_lifecycle(
    "redshift",
    "AWS::Redshift::ClusterParameterGroup",
    "ClusterParameterGroup",
    "parameterGroupName",
    more="ResetClusterParameterGroup",
)
_lifecycle("es", "AWS::OpenSearch::Domain", "Domain", "domainName")
_lifecycle("es", "AWS::Elasticsearch::Domain", "ElasticsearchDomain", "domainName")
_lifecycle(
    "sagemaker",
    "AWS::SageMaker::NotebookInstance",
    "NotebookInstance",
    "notebookInstanceName",
    more=r"(?:Start|Stop)NotebookInstance",
)
_lifecycle("sagemaker", "AWS::SageMaker::EndpointConfig", "EndpointConfig", "endpointConfigName")
_lifecycle("sagemaker", "AWS::SageMaker::Model", "Model", "modelName")
_on("backup", "StartBackupJob", "AWS::Backup::RecoveryPoint", *_resp("recoveryPointArn"))
_on("backup", "DeleteRecoveryPoint", "AWS::Backup::RecoveryPoint", *_req("recoveryPointArn"), deleted=True)
_on("backup", "UpdateRecoveryPointLifecycle", "AWS::Backup::RecoveryPoint", *_req("recoveryPointArn"))
_lifecycle("codebuild", "AWS::CodeBuild::Project", "Project", "name")
_on("codebuild", "CreateReportGroup", "AWS::CodeBuild::ReportGroup", *_resp("reportGroup.arn"))
_on("codebuild", "UpdateReportGroup", "AWS::CodeBuild::ReportGroup", *_req("arn"))
_on("codebuild", "DeleteReportGroup", "AWS::CodeBuild::ReportGroup", *_req("arn"), deleted=True)
_on("monitoring", "PutMetricAlarm", "AWS::CloudWatch::Alarm", *_req("alarmName"))
_on("monitoring", "DeleteAlarms", "AWS::CloudWatch::Alarm", *_req("alarmNames[]"), deleted=True)
_on("monitoring", r"(?:Enable|Disable)AlarmActions", "AWS::CloudWatch::Alarm", *_req("alarmNames[]"))
_on("logs", "PutMetricFilter", "AWS::Logs::MetricFilter", *_req("filterName"))
_on("logs", "DeleteMetricFilter", "AWS::Logs::MetricFilter", *_req("filterName"), deleted=True)
_on("ssm", r"PutParameter|LabelParameterVersion", "AWS::SSM::Parameter", *_req("name"))
_on("ssm", "DeleteParameter", "AWS::SSM::Parameter", *_req("name"), deleted=True)
_on("ssm", "DeleteParameters", "AWS::SSM::Parameter", *_req("names[]"), deleted=True)
_on(
    "ssm",
    r"CreateDocument|UpdateDocument(?:DefaultVersion|Metadata)?|ModifyDocumentPermission",
    "AWS::SSM::Document",
    *_req("name"),
)
_on("ssm", "DeleteDocument", "AWS::SSM::Document", *_req("name"), deleted=True)
_on("states", "CreateStateMachine", "AWS::StepFunctions::StateMachine", *_resp("stateMachineArn"))
_on("states", "DeleteStateMachine", "AWS::StepFunctions::StateMachine", *_req("stateMachineArn"), deleted=True)
_on("states", "UpdateStateMachine", "AWS::StepFunctions::StateMachine", *_req("stateMachineArn"))
_on("guardduty", "CreateDetector", "AWS::GuardDuty::Detector", *_resp("detectorId"))
_on("guardduty", "DeleteDetector", "AWS::GuardDuty::Detector", *_req("detectorId"), deleted=True)
_on("guardduty", r"UpdateDetector|UpdateMalwareScanSettings", "AWS::GuardDuty::Detector", *_req("detectorId"))
_on(
    "securityhub",
    r"EnableSecurityHub|DisableSecurityHub|UpdateSecurityHubConfiguration|BatchEnableStandards|"
    r"BatchDisableStandards",
    "AWS::SecurityHub::Hub",
)
_on("config", r"PutConfigurationRecorder", "AWS::Config::ConfigurationRecorder", *_req("configurationRecorder.name"))
_on(
    "config",
    r"DeleteConfigurationRecorder",
    "AWS::Config::ConfigurationRecorder",
    *_req("configurationRecorderName"),
    deleted=True,
)
_on(
    "config",
    r"(?:Start|Stop)ConfigurationRecorder",
    "AWS::Config::ConfigurationRecorder",
    *_req("configurationRecorderName"),
)
_lifecycle(
    "autoscaling",
    "AWS::AutoScaling::AutoScalingGroup",
    "AutoScalingGroup",
    "autoScalingGroupName",
    more=r"(?:Attach|Detach)(?:Instances|LoadBalancers|LoadBalancerTargetGroups)",
)
_on(
    "autoscaling",
    "CreateLaunchConfiguration",
    "AWS::AutoScaling::LaunchConfiguration",
    *_req("launchConfigurationName"),
)
_on(
    "autoscaling",
    "DeleteLaunchConfiguration",
    "AWS::AutoScaling::LaunchConfiguration",
    *_req("launchConfigurationName"),
    deleted=True,
)
_on("acm", r"RequestCertificate|ImportCertificate", "AWS::ACM::Certificate", *_resp("certificateArn"))
_on("acm", "DeleteCertificate", "AWS::ACM::Certificate", *_req("certificateArn"), deleted=True)
_on(
    "acm",
    r"UpdateCertificateOptions|RenewCertificate|(?:Add|Remove)TagsToCertificate|RemoveTagsFromCertificate",
    "AWS::ACM::Certificate",
    *_req("certificateArn"),
)
_on("acm-pca", "CreateCertificateAuthority", "AWS::ACMPCA::CertificateAuthority", *_resp("certificateAuthorityArn"))
_on(
    "acm-pca",
    "DeleteCertificateAuthority",
    "AWS::ACMPCA::CertificateAuthority",
    *_req("certificateAuthorityArn"),
    deleted=True,
)
_on(
    "acm-pca",
    r"UpdateCertificateAuthority|RestoreCertificateAuthority|ImportCertificateAuthorityCertificate|"
    r"(?:Tag|Untag)CertificateAuthority",
    "AWS::ACMPCA::CertificateAuthority",
    *_req("certificateAuthorityArn"),
)
_lifecycle(
    "cloudformation",
    "AWS::CloudFormation::Stack",
    "Stack",
    "stackName",
    more=r"UpdateTerminationProtection|SetStackPolicy",
)
# CloudFront (global, events in us-east-1; CloudTrail names carry an API version: UpdateDistribution2020_05_31)
_DISTRIBUTION = "AWS::CloudFront::Distribution"
_on("cloudfront", r"(?:Create|Copy)Distribution(?:WithTags)?\w*", _DISTRIBUTION, *_resp("distribution.id"))
_on("cloudfront", r"DeleteDistribution\w*", _DISTRIBUTION, *_req("id"), deleted=True)
_on("cloudfront", r"UpdateDistribution\w*", _DISTRIBUTION, *_req("id"))
_on("cloudfront", r"AssociateAlias\w*", _DISTRIBUTION, *_req("targetDistributionId"))
_on("cloudfront", r"(?:Tag|Untag)Resource\w*", _DISTRIBUTION, *_req("resource"))
_lifecycle(
    "transfer", "AWS::Transfer::Server", "Server", "serverId", create=_resp("serverId"), more=r"(?:Start|Stop)Server"
)
_lifecycle("transfer", "AWS::Transfer::Connector", "Connector", "connectorId", create=_resp("connectorId"))
_lifecycle(
    "dms",
    "AWS::DMS::ReplicationInstance",
    "ReplicationInstance",
    "replicationInstanceArn",
    create=_resp("replicationInstance.replicationInstanceArn"),
    more=r"RebootReplicationInstance",
)
_lifecycle("dms", "AWS::DMS::Endpoint", "Endpoint", "endpointArn", create=_resp("endpoint.endpointArn"))
_lifecycle(
    "dms",
    "AWS::DMS::ReplicationTask",
    "ReplicationTask",
    "replicationTaskArn",
    create=_resp("replicationTask.replicationTaskArn"),
    more=r"(?:Start|Stop)ReplicationTask",
)
_lifecycle("glue", "AWS::Glue::Job", "Job", "jobName", create=_req("name"))
_lifecycle("glue", "AWS::Glue::MLTransform", "MLTransform", "transformId", create=_resp("transformId"))
_on("connect", "CreateInstance", "AWS::Connect::Instance", *_resp("id"))
_on("connect", "DeleteInstance", "AWS::Connect::Instance", *_req("instanceId", "InstanceId"), deleted=True)
_on(
    "connect",
    r"UpdateInstanceAttribute|(?:Associate|Disassociate)InstanceStorageConfig",
    "AWS::Connect::Instance",
    *_req("instanceId", "InstanceId"),
)
_on("elasticmapreduce", "RunJobFlow", "AWS::EMR::Cluster", *_resp("jobFlowId"))
_on("elasticmapreduce", r"TerminateJobFlows|SetTerminationProtection", "AWS::EMR::Cluster", *_req("jobFlowIds[]"))
_on("elasticmapreduce", "CreateSecurityConfiguration", "AWS::EMR::SecurityConfiguration", *_req("name"))
_on("elasticmapreduce", "DeleteSecurityConfiguration", "AWS::EMR::SecurityConfiguration", *_req("name"), deleted=True)
_on("elasticmapreduce", r"PutBlockPublicAccessConfiguration", ACCOUNT)
_on("cognito-idp", "CreateUserPool", "AWS::Cognito::UserPool", *_resp("userPool.id"))
_on("cognito-idp", "DeleteUserPool", "AWS::Cognito::UserPool", *_req("userPoolId"), deleted=True)
_on("cognito-idp", r"UpdateUserPool|SetUserPoolMfaConfig", "AWS::Cognito::UserPool", *_req("userPoolId"))
_on("cognito-identity", "CreateIdentityPool", "AWS::Cognito::IdentityPool", *_resp("identityPoolId"))
_on("cognito-identity", "DeleteIdentityPool", "AWS::Cognito::IdentityPool", *_req("identityPoolId"), deleted=True)
_on("cognito-identity", "UpdateIdentityPool", "AWS::Cognito::IdentityPool", *_req("identityPoolId"))
_lifecycle("access-analyzer", "AWS::AccessAnalyzer::Analyzer", "Analyzer", "analyzerName")
_lifecycle("datasync", "AWS::DataSync::Task", "Task", "taskArn", create=_resp("taskArn"))
_on("network-firewall", "CreateFirewall", "AWS::NetworkFirewall::Firewall", *_resp("firewall.firewallArn"))
_on(
    "network-firewall",
    "DeleteFirewall",
    "AWS::NetworkFirewall::Firewall",
    *_req("firewallArn", "firewallName"),
    deleted=True,
)
_on(
    "network-firewall",
    r"Update(?:Firewall\w+|SubnetChangeProtection|LoggingConfiguration)|AssociateFirewallPolicy",
    "AWS::NetworkFirewall::Firewall",
    *_req("firewallArn", "firewallName"),
)
_on(
    "network-firewall",
    "CreateFirewallPolicy",
    "AWS::NetworkFirewall::FirewallPolicy",
    *_resp("firewallPolicyResponse.firewallPolicyArn"),
)
_on(
    "network-firewall",
    "DeleteFirewallPolicy",
    "AWS::NetworkFirewall::FirewallPolicy",
    *_req("firewallPolicyArn", "firewallPolicyName"),
    deleted=True,
)
_on(
    "network-firewall",
    "UpdateFirewallPolicy",
    "AWS::NetworkFirewall::FirewallPolicy",
    *_req("firewallPolicyArn", "firewallPolicyName"),
)
_on(
    "network-firewall",
    "CreateRuleGroup",
    "AWS::NetworkFirewall::RuleGroup",
    *_resp("ruleGroupResponse.ruleGroupArn"),
)
_on(
    "network-firewall",
    "DeleteRuleGroup",
    "AWS::NetworkFirewall::RuleGroup",
    *_req("ruleGroupArn", "ruleGroupName"),
    deleted=True,
)
_on("network-firewall", "UpdateRuleGroup", "AWS::NetworkFirewall::RuleGroup", *_req("ruleGroupArn", "ruleGroupName"))
_lifecycle(
    "wafv2",
    "AWS::WAFv2::WebACL",
    "WebACL",
    "id",
    create=_resp("summary.id"),
    more=r"(?:Associate|Disassociate)WebACL|PutLoggingConfiguration",
)
_lifecycle("wafv2", "AWS::WAFv2::RuleGroup", "RuleGroup", "id", create=_resp("summary.id"))
# WAF Classic, global (waf) and regional (waf-regional): the same API under two event sources
for _source, _prefix in (("waf", "AWS::WAF"), ("waf-regional", "AWS::WAFRegional")):
    _lifecycle(_source, f"{_prefix}::WebACL", "WebACL", "webACLId", create=_resp("webACL.webACLId"))
    _lifecycle(_source, f"{_prefix}::Rule", "Rule", "ruleId", create=_resp("rule.ruleId"))
    _lifecycle(_source, f"{_prefix}::RuleGroup", "RuleGroup", "ruleGroupId", create=_resp("ruleGroup.ruleGroupId"))
_on("waf", "PutLoggingConfiguration", "AWS::WAF::WebACL", *_req("loggingConfiguration.resourceArn"))
_on("waf", "DeleteLoggingConfiguration", "AWS::WAF::WebACL", *_req("resourceArn"))
_lifecycle("ds", "AWS::DirectoryService::Directory", "Directory", "directoryId", create=_resp("directoryId"))
_lifecycle(
    "ecs",
    "AWS::ECS::Cluster",
    "Cluster",
    "cluster",
    create=_resp("cluster.clusterArn"),
    more=r"PutClusterCapacityProviders|UpdateClusterSettings",
)
_lifecycle("ecs", "AWS::ECS::Service", "Service", "service", create=_resp("service.serviceArn"))
_on("ecs", "RegisterTaskDefinition", "AWS::ECS::TaskDefinition", *_resp("taskDefinition.taskDefinitionArn"))
_on("ecs", "DeregisterTaskDefinition", "AWS::ECS::TaskDefinition", *_req("taskDefinition"))
_lifecycle("ecs", "AWS::ECS::TaskSet", "TaskSet", "taskSet", create=_resp("taskSet.taskSetArn"))
_on("ec2", r"CreateVpcEndpoint", "AWS::EC2::VPCEndpoint", *_resp("CreateVpcEndpointResponse.vpcEndpoint.vpcEndpointId"))
_on("ec2", r"ModifyVpcEndpoint", "AWS::EC2::VPCEndpoint", *_req("ModifyVpcEndpointRequest.VpcEndpointId"))
_on(
    "ec2",
    r"CreateLaunchTemplate(?:Version)?|ModifyLaunchTemplate",
    "AWS::EC2::LaunchTemplate",
    *_resp("CreateLaunchTemplateResponse.launchTemplate.launchTemplateId"),
    *_req("CreateLaunchTemplateVersionRequest.LaunchTemplateId", "ModifyLaunchTemplateRequest.LaunchTemplateId"),
)
_on(
    "ec2",
    r"(?:Create|Modify)ClientVpnEndpoint",
    "AWS::EC2::ClientVpnEndpoint",
    *_resp("CreateClientVpnEndpointResponse.clientVpnEndpointId"),
    *_req("ModifyClientVpnEndpointRequest.ClientVpnEndpointId"),
)
_on(
    "ec2",
    r"(?:Create|Modify)TransitGateway",
    "AWS::EC2::TransitGateway",
    *_resp("CreateTransitGatewayResponse.transitGateway.transitGatewayId"),
    *_req("ModifyTransitGatewayRequest.TransitGatewayId"),
)
_on(
    "ec2",
    r"CreateVpnConnection|ModifyVpnConnection\w*",
    "AWS::EC2::VPNConnection",
    *_resp("vpnConnection.vpnConnectionId"),
    *_req("vpnConnectionId", "ModifyVpnConnectionRequest.VpnConnectionId"),
)
_on(
    "ec2",
    r"(?:Create|Modify)NetworkInterface\w*",
    "AWS::EC2::NetworkInterface",
    *_resp("networkInterface.networkInterfaceId"),
    *_req("networkInterfaceId"),
)
_on("ec2", r"DeleteNetworkInterface", "AWS::EC2::NetworkInterface", *_req("networkInterfaceId"), deleted=True)
_on("ec2", r"ModifyVpcBlockPublicAccessOptions", "AWS::EC2::VPCBlockPublicAccessOptions", *_req("accountId"))

_BROKER = "AWS::AmazonMQ::Broker"
_on("amazonmq", "CreateBroker", _BROKER, *_resp("brokerId"))
_on("amazonmq", "DeleteBroker", _BROKER, *_req("brokerId"), deleted=True)
_on("amazonmq", r"(?:Update|Reboot)Broker|(?:Create|Update|Delete)User|Promote", _BROKER, *_req("brokerId"))

# API Gateway REST stages (the id is the stage ARN, which CloudTrail gives in parts)
_REST_STAGE = "AWS::ApiGateway::Stage"
_REST_API = "arn:aws:apigateway:{awsRegion}::/restapis/{requestParameters.restApiId}/stages/"
_on(
    "apigateway",
    r"CreateStage|CreateDeployment",
    _REST_STAGE,
    _REST_API + "{requestParameters.createStageInput.stageName}",
    _REST_API + "{requestParameters.createDeploymentInput.stageName}",
    _REST_API + "{requestParameters.stageName}",
)
_on("apigateway", "DeleteStage", _REST_STAGE, _REST_API + "{requestParameters.stageName}", deleted=True)
_on("apigateway", "UpdateStage", _REST_STAGE, _REST_API + "{requestParameters.stageName}")

# API Gateway v2 (HTTP, WebSocket) stages and routes: the same event source and stage call names as REST APIs,
# told apart by apiId (v2) and restApiId (REST)
_V2_STAGE, _V2_ROUTE = "AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Route"
_V2_API = "arn:aws:apigateway:{awsRegion}::/apis/{requestParameters.apiId}/"
_on("apigateway", "CreateStage|UpdateStage", _V2_STAGE, _V2_API + "stages/{requestParameters.stageName}")
_on("apigateway", "DeleteStage", _V2_STAGE, _V2_API + "stages/{requestParameters.stageName}", deleted=True)
_on("apigateway", "CreateRoute", _V2_ROUTE, _V2_API + "routes/{responseElements.routeId}")
_on("apigateway", "UpdateRoute", _V2_ROUTE, _V2_API + "routes/{requestParameters.routeId}")
_on("apigateway", "DeleteRoute", _V2_ROUTE, _V2_API + "routes/{requestParameters.routeId}", deleted=True)

# AppSync GraphQL APIs and their caches (a cache call changes the API's recorded cache too)
_GRAPHQL, _API_CACHE = "AWS::AppSync::GraphQLApi", "AWS::AppSync::ApiCache"
_on("appsync", "CreateGraphqlApi", _GRAPHQL, *_resp("graphqlApi.apiId"))
_on("appsync", "DeleteGraphqlApi", _GRAPHQL, *_req("apiId"), deleted=True)
_on("appsync", r"UpdateGraphqlApi|(?:Create|Update|Delete)ApiCache", _GRAPHQL, *_req("apiId"))
_on("appsync", r"(?:Create|Update)ApiCache", _API_CACHE, *_req("apiId"))
_on("appsync", "DeleteApiCache", _API_CACHE, *_req("apiId"), deleted=True)

_lifecycle("athena", "AWS::Athena::WorkGroup", "WorkGroup", "workGroup", create=_req("name"))

_lifecycle("dax", "AWS::DAX::Cluster", "Cluster", "clusterName", more=r"(?:Increase|Decrease)ReplicationFactor")

_lifecycle(
    "dynamodb",
    "AWS::DynamoDB::Table",
    "Table",
    "tableName",
    more=r"UpdateContinuousBackups|(?:Tag|Untag)Resource|UpdateTimeToLive|(?:Put|Delete)ResourcePolicy",
)

_lifecycle("elasticache", "AWS::ElastiCache::CacheCluster", "CacheCluster", "cacheClusterId")
_lifecycle(
    "elasticache",
    "AWS::ElastiCache::ReplicationGroup",
    "ReplicationGroup",
    "replicationGroupId",
    more=r"ModifyReplicationGroupShardConfiguration|(?:Increase|Decrease)ReplicaCount|TestFailover",
)

_on("elasticbeanstalk", "CreateEnvironment", "AWS::ElasticBeanstalk::Environment", *_resp("environmentArn"))
_on(
    "elasticbeanstalk",
    "TerminateEnvironment",
    "AWS::ElasticBeanstalk::Environment",
    *_req("environmentId", "environmentName"),
    deleted=True,
)
_on(
    "elasticbeanstalk",
    r"UpdateEnvironment|RebuildEnvironment|RestartAppServer|SwapEnvironmentCNAMEs",
    "AWS::ElasticBeanstalk::Environment",
    *_req("environmentId", "environmentName", "sourceEnvironmentId", "sourceEnvironmentName"),
)
_on("elasticbeanstalk", "UpdateTagsForResource", "AWS::ElasticBeanstalk::Environment", *_req("resourceArn"))
_lifecycle("events", "AWS::Events::EventBus", "EventBus", "name")
_on("events", r"(?:Put|Remove)Permission", "AWS::Events::EventBus", *_req("eventBusName"))

_lifecycle(
    "firehose",
    "AWS::KinesisFirehose::DeliveryStream",
    "DeliveryStream",
    "deliveryStreamName",
    more=r"(?:Start|Stop)DeliveryStreamEncryption|UpdateDestination|(?:Tag|Untag)DeliveryStream",
)

_lifecycle(
    "fsx",
    "AWS::FSx::FileSystem",
    "FileSystem",
    "fileSystemId",
    create=_resp("fileSystem.fileSystemId"),
)
_on("fsx", "CreateFileSystemFromBackup", "AWS::FSx::FileSystem", *_resp("fileSystem.fileSystemId"))

_lifecycle(
    "kinesis",
    "AWS::Kinesis::Stream",
    "Stream",
    "streamName",
    more=r"(?:Start|Stop)StreamEncryption|(?:Increase|Decrease)StreamRetentionPeriod|(?:AddTagsTo|RemoveTagsFrom)Stream",
)
_on("kafka", r"CreateCluster(?:V2)?", "AWS::MSK::Cluster", *_resp("clusterArn"))
_on("kafka", "DeleteCluster", "AWS::MSK::Cluster", *_req("clusterArn"), deleted=True)
_on(
    "kafka",
    r"Update(?:Security|Connectivity|BrokerCount|BrokerStorage|BrokerType|ClusterConfiguration|Monitoring|"
    r"ClusterKafkaVersion|Storage)|RebootBroker",
    "AWS::MSK::Cluster",
    *_req("clusterArn"),
)
_lifecycle("kafkaconnect", "AWS::KafkaConnect::Connector", "Connector", "connectorArn", create=_resp("connectorArn"))

_lifecycle("redshift-serverless", "AWS::RedshiftServerless::Namespace", "Namespace", "namespaceName")
_lifecycle("redshift-serverless", "AWS::RedshiftServerless::Workgroup", "Workgroup", "workgroupName")
_on("route53", "CreateHostedZone", "AWS::Route53::HostedZone", *_resp("hostedZone.id"))
_on("route53", "DeleteHostedZone", "AWS::Route53::HostedZone", *_req("id"), deleted=True)
_on(
    "route53",
    r"UpdateHostedZoneComment|AssociateVPCWithHostedZone|DisassociateVPCFromHostedZone|CreateQueryLoggingConfig",
    "AWS::Route53::HostedZone",
    *_req("hostedZoneId", "id"),
)
_on("servicecatalog", "CreatePortfolio", "AWS::ServiceCatalog::Portfolio", *_resp("portfolioDetail.id"))
_on("servicecatalog", "DeletePortfolio", "AWS::ServiceCatalog::Portfolio", *_req("id"), deleted=True)
_on("servicecatalog", "UpdatePortfolio", "AWS::ServiceCatalog::Portfolio", *_req("id"))
_on(
    "servicecatalog",
    r"(?:Create|Delete|Update)PortfolioShare",
    "AWS::ServiceCatalog::Portfolio",
    *_req("portfolioId"),
)
_on("workspaces", "CreateWorkspaces", "AWS::WorkSpaces::Workspace", *_resp("pendingRequests[].workspaceId"))
_on(
    "workspaces",
    "TerminateWorkspaces",
    "AWS::WorkSpaces::Workspace",
    *_req("terminateWorkspaceRequests[].workspaceId"),
    deleted=True,
)
_on("workspaces", "ModifyWorkspaceProperties", "AWS::WorkSpaces::Workspace", *_req("workspaceId"))

# Collected types no management event names: SSM compliance and inventory change through the
# instances' agent; flow logs and spot fleets are re-read with their VPC / by the periodic scan.
UNMAPPED = {
    "AWS::SSM::AssociationCompliance": "changed by association runs on instances, not by a management API call",
    "AWS::SSM::PatchCompliance": "changed by patch scans on instances, not by a management API call",
    "AWS::SSM::ManagedInstanceInventory": "changed by the SSM agent's inventory, not by a management API call",
    "AWS::EC2::FlowLog": "CreateFlowLogs/DeleteFlowLogs re-read the VPC they log (vpc-flow-logs-enabled reads the VPC)",
    "AWS::EC2::SpotFleet": "RequestSpotFleet names no stable id path in CloudTrail; the periodic scan reads it",
}

ENTRIES: tuple[Entry, ...] = tuple(_ENTRIES)


def entries_for(source: str) -> Iterator[Entry]:
    for entry in ENTRIES:
        if entry.source == source:
            yield entry


def match(source: str, name: str) -> list[Entry]:
    """The entries for an event (none: an unknown event)."""
    return [e for e in entries_for(source) if e.names.fullmatch(name)]


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def values_at(record: dict[str, Any], path: str) -> list[str]:
    """The strings at ``path`` (dotted keys; ``key[]`` walks a list) in a CloudTrail record.

    A path with ``{placeholders}`` is a template whose placeholders are paths: the one string it makes from the
    first value of each (an id the record only gives in parts, such as an API Gateway stage ARN); none when a
    placeholder has no value."""
    if "{" in path:
        parts: dict[str, str] = {}
        for inner in _PLACEHOLDER.findall(path):
            found = values_at(record, inner)
            if not found:
                return []
            parts[inner] = found[0]
        return [_PLACEHOLDER.sub(lambda m: parts[m.group(1)], path)]
    current: list[Any] = [record]
    for part in path.split("."):
        many = part.endswith("[]")
        key = part[:-2] if many else part
        found: list[Any] = []
        for node in current:
            value = node.get(key) if isinstance(node, dict) else None
            if value is None:
                continue
            if many:
                found.extend(value if isinstance(value, list) else [value])
            else:
                found.append(value)
        current = found
    return [v for v in current if isinstance(v, str) and v]


def resource_types() -> set[str]:
    return {t.resource_type for e in ENTRIES for t in e.targets}
