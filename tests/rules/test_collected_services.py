"""FSBP rules added over services the collectors already read (Auto Scaling, CodeBuild, Cognito, DMS, EFS, KMS,
Lambda, Network Firewall, OpenSearch/Elasticsearch, S3, SageMaker, SSM, WAFv2, GuardDuty, load balancers), on
AWS Config-shaped items."""

from __future__ import annotations

import json

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_account, make_ci, property_cases

ASG, TASK, ENDPOINT = "AWS::AutoScaling::AutoScalingGroup", "AWS::DMS::ReplicationTask", "AWS::DMS::Endpoint"
KEY, FUNCTION, SUBNET = "AWS::KMS::Key", "AWS::Lambda::Function", "AWS::EC2::Subnet"
DETECTOR, ES, CLB = "AWS::GuardDuty::Detector", "AWS::Elasticsearch::Domain", "AWS::ElasticLoadBalancing::LoadBalancer"
LISTENER, RULE_GROUP = "AWS::ElasticLoadBalancingV2::Listener", "AWS::NetworkFirewall::RuleGroup"
REGION = "us-east-1"
REPORTS = "AWS::CodeBuild::ReportGroup"
ACM = "arn:aws:acm:us-east-1:123456789012:certificate/1"


def task(enabled=True, severity="LOGGER_SEVERITY_DEFAULT"):
    components = [{"Id": c, "Severity": severity} for c in ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY",
                                                            "TARGET_LOAD")]  # fmt: skip
    settings = {"Logging": {"EnableLogging": enabled, "LogComponents": components}}
    return make_ci(TASK, "t", {"ReplicationTaskSettings": json.dumps(settings)})


def key_policy(principal, condition=None):
    statement = {"Sid": "s", "Effect": "Allow", "Principal": principal, "Action": "kms:*", "Resource": "*"}
    if condition:
        statement["Condition"] = condition
    return make_ci(KEY, "k", {"keyManager": "CUSTOMER"}, {"KeyPolicy": {"Statement": [statement]}})


def function(*subnets):
    return make_ci(FUNCTION, "fn", {"functionName": "fn", "vpcConfig": {"subnetIds": list(subnets)}})


def subnet(subnet_id, zone):
    return make_ci(SUBNET, subnet_id, {"subnetId": subnet_id, "availabilityZone": zone})


def detector(*features):
    return make_ci(DETECTOR, "d", {"Status": "ENABLED"}, {"Features": list(features)})


def feature(name, status="ENABLED", **additional):
    extra = [{"Name": k, "Status": v} for k, v in additional.items()]
    return {"Name": name, "Status": status, "AdditionalConfiguration": extra}


def clb(listeners=None, attributes=None, policies=None, **config):
    supplementary = {}
    if attributes is not None:
        supplementary["LoadBalancerAttributes"] = attributes
    if policies is not None:
        supplementary["LoadBalancerPolicies"] = policies
    if listeners is not None:
        config["listenerDescriptions"] = listeners
    return make_ci(CLB, "lb", config, supplementary)


def https(cert=ACM, policies=("p1",)):
    return {"listener": {"protocol": "HTTPS", "loadBalancerPort": 443, "sslcertificateId": cert},
            "policyNames": list(policies)}  # fmt: skip


def reference(policy):
    return [{"policyName": "p1", "policyAttributeDescriptions": [{"attributeName": "Reference-Security-Policy",
                                                                  "attributeValue": policy}]}]  # fmt: skip


def listener(protocol, policy=None):
    return make_ci(LISTENER, "l", {"Protocol": protocol, **({"SslPolicy": policy} if policy else {})})


def stateless(*rules):
    source = {"statelessRulesAndCustomActions": {"statelessRules": list(rules)}}
    return make_ci(RULE_GROUP, "rg", {"ruleGroupResponse": {"type": "STATELESS"}, "ruleGroup": {"rulesSource": source}})


def regional(**config):
    return make_account(config, region=REGION)


ES_CLUSTER = "configuration.elasticsearchClusterConfig"
LOW = "LOGGER_SEVERITY_WARNING"
OVERRIDES = {"launchTemplate": {"overrides": [{"instanceType": "m5.large"}, {"instanceType": "m6i.large"}]}}
ONE_TYPE = {"launchTemplate": {"overrides": [{"instanceType": "m5.large"}]}}
PAB = {k: True for k in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")}
GUARDDUTY = [
    ("guardduty-eks-protection-audit-enabled", "EKS_AUDIT_LOGS", {}),
    ("guardduty-lambda-protection-enabled", "LAMBDA_NETWORK_LOGS", {}),
    ("guardduty-eks-protection-runtime-enabled", "RUNTIME_MONITORING", {"EKS_ADDON_MANAGEMENT": "ENABLED"}),
    ("guardduty-malware-protection-enabled", "EBS_MALWARE_PROTECTION", {}),
    ("guardduty-rds-protection-enabled", "RDS_LOGIN_EVENTS", {}),
    ("guardduty-s3-protection-enabled", "S3_DATA_EVENTS", {}),
    ("guardduty-runtime-monitoring-enabled", "RUNTIME_MONITORING", {}),
    ("guardduty-ecs-protection-runtime-enabled", "RUNTIME_MONITORING", {"ECS_FARGATE_AGENT_MANAGEMENT": "ENABLED"}),
    ("guardduty-ec2-protection-runtime-enabled", "RUNTIME_MONITORING", {"EC2_AGENT_MANAGEMENT": "ENABLED"}),
]
GUARDDUTY_CASES = [
    case
    for rule, name, extra in GUARDDUTY
    for case in (
        Case(rule, C, [detector(feature(name, **extra))]),
        Case(rule, NC, [detector(feature(name, "DISABLED", **extra))]),
        Case(rule, NC, [make_ci(DETECTOR, "d", {"Status": "DISABLED"}, {"Features": []})], "detector off"),
        Case(rule, INS, [make_ci(DETECTOR, "d", {"Status": "ENABLED"})]),
    )
]
CASES = [
    *GUARDDUTY_CASES,
    Case("guardduty-runtime-monitoring-enabled", NC, [detector(feature("RUNTIME_MONITORING", "DISABLED"))]),
    Case("guardduty-ec2-protection-runtime-enabled", NC, [detector(feature("RUNTIME_MONITORING"))], "no agent"),
    Case("guardduty-s3-protection-enabled", C, [make_ci(DETECTOR, "d", {"DataSources": {"S3Logs": {"Enable": True}}})],
         "legacy"),
    *property_cases("autoscaling-multiple-instance-types", ASG, "configuration.mixedInstancesPolicy", OVERRIDES,
                    ONE_TYPE),
    Case("autoscaling-launch-template", C, [make_ci(ASG, "g", {"launchTemplate": {"launchTemplateId": "lt-1"}})]),
    Case("autoscaling-launch-template", NC, [make_ci(ASG, "g", {"launchConfigurationName": "lc"})]),
    Case("autoscaling-launch-template", INS, [make_ci(ASG, "g", {})]),
    Case("codebuild-report-group-encrypted-at-rest", C, [make_ci(REPORTS, "rg", {"ExportConfig": {
        "ExportConfigType": "S3", "S3Destination": {"EncryptionDisabled": False}}})]),
    Case("codebuild-report-group-encrypted-at-rest", NC, [make_ci(REPORTS, "rg", {"ExportConfig": {
        "ExportConfigType": "S3", "S3Destination": {"EncryptionDisabled": True}}})]),
    Case("codebuild-report-group-encrypted-at-rest", NA, [make_ci(REPORTS, "rg", {"ExportConfig": {
        "ExportConfigType": "NO_EXPORT"}})]),
    Case("codebuild-report-group-encrypted-at-rest", INS, [make_ci(REPORTS, "rg", {})]),
    *property_cases("cognito-identity-pool-unauth-access-check", "AWS::Cognito::IdentityPool",
                    "configuration.AllowUnauthenticatedIdentities", False, True),
    *property_cases("cognito-user-pool-password-policy-check", "AWS::Cognito::UserPool",
                    "configuration.Policies.PasswordPolicy",
                    {"MinimumLength": 12, "RequireLowercase": True, "RequireUppercase": True, "RequireNumbers": True,
                     "RequireSymbols": True, "TemporaryPasswordValidityDays": 7},
                    {"MinimumLength": 6, "RequireLowercase": True, "TemporaryPasswordValidityDays": 30}),
    Case("dms-replication-task-targetdb-logging", C, [task()]),
    Case("dms-replication-task-targetdb-logging", NC, [task(severity=LOW)]),
    Case("dms-replication-task-targetdb-logging", NC, [task(enabled=False)], "off"),
    Case("dms-replication-task-targetdb-logging", INS, [make_ci(TASK, "t", {})]),
    Case("dms-replication-task-sourcedb-logging", C, [task(severity="LOGGER_SEVERITY_DEBUG")]),
    Case("dms-replication-task-sourcedb-logging", NC, [task(severity=LOW)]),
    Case("dms-replication-task-sourcedb-logging", INS, [make_ci(TASK, "t", {"ReplicationTaskSettings": "{"})]),
    *property_cases("dms-endpoint-ssl-configured", ENDPOINT, "configuration.SslMode", "require", "none"),
    *property_cases("dms-neptune-iam-authorization-enabled", ENDPOINT, "configuration.NeptuneSettings.IamAuthEnabled",
                    True, False, base={"EngineName": "neptune"}),
    Case("dms-neptune-iam-authorization-enabled", NA, [make_ci(ENDPOINT, "e", {"EngineName": "mysql"})]),
    *property_cases("dms-mongo-db-authentication-enabled", ENDPOINT, "configuration.MongoDbSettings.AuthType",
                    "password", "no", base={"EngineName": "mongodb"}),
    *property_cases("dms-redis-tls-enabled", ENDPOINT, "configuration.RedisSettings.SslSecurityProtocol",
                    "ssl-encryption", "plaintext", base={"EngineName": "redis"}),
    *property_cases("dms-replication-instance-multi-az-enabled", "AWS::DMS::ReplicationInstance",
                    "configuration.MultiAZ", True, False),
    *property_cases("efs-automatic-backups-enabled", "AWS::EFS::FileSystem", "configuration.BackupPolicy.Status",
                    "ENABLED", "DISABLED"),
    *property_cases("efs-filesystem-ct-encrypted", "AWS::EFS::FileSystem", "configuration.Encrypted", True, False),
    Case("kms-key-policy-no-public-access", C, [key_policy({"AWS": "arn:aws:iam::123456789012:root"})]),
    Case("kms-key-policy-no-public-access", C, [key_policy("*", {"StringEquals": {"kms:CallerAccount": "1"}})],
         "caller account"),
    Case("kms-key-policy-no-public-access", NC, [key_policy("*")]),
    Case("kms-key-policy-no-public-access", NA, [make_ci(KEY, "k", {"keyManager": "AWS"})]),
    Case("kms-key-policy-no-public-access", INS, [make_ci(KEY, "k", {"keyManager": "CUSTOMER"})]),
    Case("lambda-vpc-multi-az-check", C, [function("s1", "s2"), subnet("s1", "a"), subnet("s2", "b")]),
    Case("lambda-vpc-multi-az-check", NC, [function("s1", "s2"), subnet("s1", "a"), subnet("s2", "a")]),
    Case("lambda-vpc-multi-az-check", NA, [function()]),
    Case("lambda-vpc-multi-az-check", INS, [function("s1")], "subnets not collected", collected=[FUNCTION]),
    *property_cases("netfw-subnet-change-protection-enabled", "AWS::NetworkFirewall::Firewall",
                    "configuration.firewall.subnetChangeProtection", True, False),
    Case("netfw-stateless-rule-group-not-empty", C, [stateless({"priority": 1})]),
    Case("netfw-stateless-rule-group-not-empty", NC, [stateless()]),
    Case("netfw-stateless-rule-group-not-empty", NA, [make_ci(RULE_GROUP, "rg", {"ruleGroupResponse": {
        "type": "STATEFUL"}})]),
    Case("netfw-stateless-rule-group-not-empty", INS, [make_ci(RULE_GROUP, "rg", {})]),
    *property_cases("opensearch-update-check", "AWS::OpenSearch::Domain",
                    "configuration.ServiceSoftwareOptions.UpdateAvailable", False, True),
    *property_cases("elasticsearch-node-to-node-encryption-check", ES,
                    "configuration.nodeToNodeEncryptionOptions.enabled", True, False),
    *property_cases("elasticsearch-logs-to-cloudwatch", ES,
                    "configuration.logPublishingOptions.ES_APPLICATION_LOGS.enabled", True, False, absent=NC),
    *property_cases("elasticsearch-audit-logging-enabled", ES, "configuration.logPublishingOptions.AUDIT_LOGS.enabled",
                    True, False, absent=NC),
    *property_cases("elasticsearch-data-node-fault-tolerance", ES, ES_CLUSTER,
                    {"instanceCount": 3, "zoneAwarenessEnabled": True}, {"instanceCount": 1}),
    *property_cases("elasticsearch-primary-node-fault-tolerance", ES, ES_CLUSTER,
                    {"dedicatedMasterEnabled": True, "dedicatedMasterCount": 3}, {"dedicatedMasterEnabled": False}),
    *property_cases("elasticsearch-https-required", ES, "configuration.domainEndpointOptions",
                    {"enforceHTTPS": True, "tlssecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
                    {"enforceHTTPS": True, "tlssecurityPolicy": "Policy-Min-TLS-1-0-2019-07"}),
    *property_cases("s3-bucket-acl-prohibited", "AWS::S3::Bucket",
                    "supplementaryConfiguration.BucketOwnershipControls.rules",
                    [{"objectOwnership": "BucketOwnerEnforced"}], [{"objectOwnership": "ObjectWriter"}]),
    *property_cases("s3-access-point-public-access-blocks", "AWS::S3::AccessPoint",
                    "configuration.PublicAccessBlockConfiguration", PAB, {**PAB, "BlockPublicPolicy": False}),
    *property_cases("s3-mrap-public-access-blocked", "AWS::S3::MultiRegionAccessPoint",
                    "configuration.PublicAccessBlockConfiguration", PAB, {**PAB, "IgnorePublicAcls": False}),
    *property_cases("s3express-dir-bucket-lifecycle-rules-check", "AWS::S3Express::DirectoryBucket",
                    "configuration.LifecycleConfiguration.Rules", [{"Status": "Enabled", "ExpirationInDays": 30}],
                    [{"Status": "Disabled"}]),
    *property_cases("sagemaker-endpoint-config-prod-instance-count", "AWS::SageMaker::EndpointConfig",
                    "configuration.ProductionVariants", [{"InitialInstanceCount": 2}],
                    [{"InitialInstanceCount": 1}]),
    *property_cases("sagemaker-model-isolation-enabled", "AWS::SageMaker::Model",
                    "configuration.EnableNetworkIsolation",
                    True, False),
    *property_cases("sagemaker-notebook-instance-platform-version", "AWS::SageMaker::NotebookInstance",
                    "configuration.PlatformIdentifier", "notebook-al2023-v1", "notebook-al1-v1"),
    *property_cases("ssm-document-not-public", "AWS::SSM::Document",
                    "supplementaryConfiguration.DocumentPermission.AccountIds", ["111122223333"], ["all"]),
    Case("ssm-automation-logging-enabled", C, [regional(ssmAutomationLogDestination="CloudWatch")], region=REGION),
    Case("ssm-automation-logging-enabled", NC, [regional(ssmAutomationLogDestination="None")], region=REGION),
    Case("ssm-automation-logging-enabled", INS, [regional()], region=REGION),
    Case("ssm-automation-block-public-sharing", C, [regional(ssmDocumentsPublicSharingPermission="Disable")],
         region=REGION),
    Case("ssm-automation-block-public-sharing", NC, [regional(ssmDocumentsPublicSharingPermission="Enable")],
         region=REGION),
    Case("ssm-automation-block-public-sharing", INS, [regional()], region=REGION),
    Case("wafv2-rulegroup-logging-enabled", C, [make_ci("AWS::WAFv2::RuleGroup", "rg", {
        "visibilityConfig": {"cloudWatchMetricsEnabled": True},
        "rules": [{"visibilityConfig": {"cloudWatchMetricsEnabled": True}}]})]),
    Case("wafv2-rulegroup-logging-enabled", NC, [make_ci("AWS::WAFv2::RuleGroup", "rg", {
        "visibilityConfig": {"cloudWatchMetricsEnabled": True},
        "rules": [{"visibilityConfig": {"cloudWatchMetricsEnabled": False}}]})]),
    Case("wafv2-rulegroup-logging-enabled", INS, [make_ci("AWS::WAFv2::RuleGroup", "rg", {})]),
    Case("elb-acm-certificate-required", C, [clb([https()])]),
    Case("elb-acm-certificate-required", NC, [clb([https("arn:aws:iam::1:server-certificate/x")])]),
    Case("elb-acm-certificate-required", NA, [clb([{"listener": {"protocol": "HTTP", "loadBalancerPort": 80}}])]),
    Case("elb-acm-certificate-required", INS, [clb()]),
    Case("elb-tls-https-listeners-only", C, [clb([https()])]),
    Case("elb-tls-https-listeners-only", NC, [clb([https(), {"listener": {"protocol": "HTTP",
                                                                           "loadBalancerPort": 80}}])]),
    Case("elb-tls-https-listeners-only", INS, [clb()]),
    Case("elb-connection-draining-enabled", C, [clb(attributes={"connectionDraining": {"enabled": True}})]),
    Case("elb-connection-draining-enabled", NC, [clb(attributes={"connectionDraining": {"enabled": False}})]),
    Case("elb-connection-draining-enabled", INS, [clb()]),
    Case("elb-cross-zone-load-balancing-enabled", C, [clb(attributes={"crossZoneLoadBalancing": {"enabled": True}})]),
    Case("elb-cross-zone-load-balancing-enabled", NC, [clb(attributes={"crossZoneLoadBalancing": {"enabled": False}})]),
    Case("elb-cross-zone-load-balancing-enabled", INS, [clb()]),
    Case("clb-desync-mode-check", C, [clb(attributes={})], "default defensive"),
    Case("clb-desync-mode-check", NC, [clb(attributes={"additionalAttributes": [
        {"key": "elb.http.desyncmitigationmode", "value": "monitor"}]})]),
    Case("clb-desync-mode-check", INS, [clb()]),
    *property_cases("clb-multiple-az", CLB, "configuration.availabilityZones", ["us-east-1a", "us-east-1b"],
                    ["us-east-1a"]),
    Case("elb-predefined-security-policy-ssl-check", C, [clb([https()],
                                                             policies=reference("ELBSecurityPolicy-TLS-1-2-2017-01"))]),
    Case("elb-predefined-security-policy-ssl-check", NC, [clb([https()],
                                                              policies=reference("ELBSecurityPolicy-2016-08"))]),
    Case("elb-predefined-security-policy-ssl-check", NA, [clb([{"listener": {"protocol": "TCP"}}])]),
    Case("elb-predefined-security-policy-ssl-check", INS, [clb([https()])]),
    Case("elbv2-listener-encryption-in-transit", C, [listener("HTTPS")]),
    Case("elbv2-listener-encryption-in-transit", NC, [listener("HTTP")]),
    Case("elbv2-listener-encryption-in-transit", NA, [listener("GENEVE")]),
    Case("elbv2-listener-encryption-in-transit", INS, [make_ci(LISTENER, "l", {})]),
    Case("elbv2-predefined-security-policy-ssl-check", C, [listener("TLS", "ELBSecurityPolicy-TLS13-1-2-2021-06")]),
    Case("elbv2-predefined-security-policy-ssl-check", NC, [listener("HTTPS", "ELBSecurityPolicy-2016-08")]),
    Case("elbv2-predefined-security-policy-ssl-check", NA, [listener("HTTP")]),
    Case("elbv2-predefined-security-policy-ssl-check", INS, [make_ci(LISTENER, "l", {})]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
