"""Elastic Beanstalk, Athena, Glue, EMR, Backup, DataSync, FSx, Transfer Family, WorkSpaces, Route 53, Service
Catalog, Private CA, Connect, Macie and WAF Classic rules on AWS Config-shaped items."""

from __future__ import annotations

import json

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_account, make_ci, property_cases

ENV, FSX, ZONE = "AWS::ElasticBeanstalk::Environment", "AWS::FSx::FileSystem", "AWS::Route53::HostedZone"
PORTFOLIO, EMR_SC = "AWS::ServiceCatalog::Portfolio", "AWS::EMR::SecurityConfiguration"
REGION = "us-east-1"


def env(*options):
    settings = [{"Namespace": n, "OptionName": o, "Value": v} for n, o, v in options]
    return make_ci(ENV, "e-1", {"environmentName": "web"}, {"ConfigurationSettings": settings})


def fsx(kind, **config):
    return make_ci(FSX, "fs-1", {"FileSystemType": kind, **config})


def security_configuration(rest, transit):
    document = {"EncryptionConfiguration": {"EnableAtRestEncryption": rest, "EnableInTransitEncryption": transit}}
    return make_ci(EMR_SC, "sc", {"SecurityConfiguration": json.dumps(document)})


def regional(**config):
    return make_account(config, region=REGION)


HEALTH = "aws:elasticbeanstalk:healthreporting:system", "SystemType"
MANAGED = "aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled"
LEVEL = "aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel"
LOGS = "aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs"
SSH_ONLY = [{"MinRange": 22, "MaxRange": 22}]
BPA_ON = {"BlockPublicSecurityGroupRules": True, "PermittedPublicSecurityGroupRuleRanges": SSH_ONLY}
CASES = [
    Case("beanstalk-enhanced-health-reporting-enabled", C, [env((*HEALTH, "enhanced"))]),
    Case("beanstalk-enhanced-health-reporting-enabled", NC, [env((*HEALTH, "basic"))]),
    Case("beanstalk-enhanced-health-reporting-enabled", INS, [make_ci(ENV, "e-1", {})]),
    Case("elastic-beanstalk-managed-updates-enabled", C, [env((*MANAGED, "true"), (*LEVEL, "minor"))]),
    Case("elastic-beanstalk-managed-updates-enabled", NC, [env((*MANAGED, "false"))]),
    Case("elastic-beanstalk-managed-updates-enabled", NC, [env((*MANAGED, "true"), (*LEVEL, "minor"))], "level",
         params={"UpdateLevel": "patch"}),
    Case("elastic-beanstalk-managed-updates-enabled", INS, [make_ci(ENV, "e-1", {})]),
    Case("elastic-beanstalk-logs-to-cloudwatch", C, [env((*LOGS, "true"))]),
    Case("elastic-beanstalk-logs-to-cloudwatch", NC, [env((*LOGS, "false"))]),
    Case("elastic-beanstalk-logs-to-cloudwatch", INS, [make_ci(ENV, "e-1", {})]),
    *property_cases("athena-workgroup-logging-enabled", "AWS::Athena::WorkGroup",
                    "configuration.WorkGroupConfiguration.PublishCloudWatchMetricsEnabled", True, False),
    *property_cases("glue-ml-transform-encrypted-at-rest", "AWS::Glue::MLTransform",
                    "configuration.TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode", "SSE-KMS",
                    "DISABLED", absent=NC),
    *property_cases("glue-spark-job-supported-version", "AWS::Glue::Job", "configuration.GlueVersion", "4.0", "2.0",
                    base={"Command": {"Name": "glueetl"}}),
    Case("glue-spark-job-supported-version", NA, [make_ci("AWS::Glue::Job", "j", {"Command": {"Name": "pythonshell"},
                                                                                  "GlueVersion": "1.0"})]),
    *property_cases("emr-master-no-public-ip", "AWS::EMR::Cluster", "configuration.MasterPublicDnsName",
                    "ip-10-0-0-1.ec2.internal", "ec2-54-1-2-3.compute-1.amazonaws.com"),
    Case("emr-master-no-public-ip", NA, [make_ci("AWS::EMR::Cluster", "j", {"Status": {"State": "TERMINATED"}})]),
    Case("emr-block-public-access", C, [regional(emrBlockPublicAccess=BPA_ON)], region=REGION),
    Case("emr-block-public-access", NC, [regional(emrBlockPublicAccess={"BlockPublicSecurityGroupRules": False})],
         region=REGION),
    Case("emr-block-public-access", INS, [regional()], region=REGION),
    Case("emr-security-configuration-encryption-rest", C, [security_configuration(True, False)]),
    Case("emr-security-configuration-encryption-rest", NC, [security_configuration(False, True)]),
    Case("emr-security-configuration-encryption-rest", INS, [make_ci(EMR_SC, "sc", {})]),
    Case("emr-security-configuration-encryption-transit", C, [security_configuration(False, True)]),
    Case("emr-security-configuration-encryption-transit", NC, [security_configuration(True, False)]),
    Case("emr-security-configuration-encryption-transit", INS, [make_ci(EMR_SC, "sc", {"SecurityConfiguration": "{"})]),
    *property_cases("backup-recovery-point-encrypted", "AWS::Backup::RecoveryPoint", "configuration.IsEncrypted",
                    True, False),
    *property_cases("datasync-task-logging-enabled", "AWS::DataSync::Task", "configuration.CloudWatchLogGroupArn",
                    "arn:aws:logs:group", "", absent=NC),
    Case("fsx-openzfs-copy-tags-enabled", C, [fsx("OPENZFS", OpenZFSConfiguration={"CopyTagsToBackups": True,
                                                                                 "CopyTagsToVolumes": True})]),
    Case("fsx-openzfs-copy-tags-enabled", NC, [fsx("OPENZFS", OpenZFSConfiguration={"CopyTagsToBackups": True})]),
    Case("fsx-openzfs-copy-tags-enabled", NA, [fsx("LUSTRE")]),
    Case("fsx-openzfs-copy-tags-enabled", INS, [fsx("OPENZFS")]),
    *property_cases("fsx-lustre-copy-tags-to-backups", FSX, "configuration.LustreConfiguration.CopyTagsToBackups",
                    True, False, base={"FileSystemType": "LUSTRE"}),
    *property_cases("fsx-openzfs-deployment-type-check", FSX, "configuration.OpenZFSConfiguration.DeploymentType",
                    "MULTI_AZ_1", "SINGLE_AZ_1", base={"FileSystemType": "OPENZFS"}),
    *property_cases("fsx-ontap-deployment-type-check", FSX, "configuration.OntapConfiguration.DeploymentType",
                    "MULTI_AZ_2", "SINGLE_AZ_1", base={"FileSystemType": "ONTAP"}),
    *property_cases("fsx-windows-deployment-type-check", FSX, "configuration.WindowsConfiguration.DeploymentType",
                    "MULTI_AZ_1", "SINGLE_AZ_2", base={"FileSystemType": "WINDOWS"}),
    Case("fsx-windows-deployment-type-check", NA, [fsx("ONTAP")]),
    *property_cases("transfer-family-server-no-ftp", "AWS::Transfer::Server", "configuration.Protocols", ["SFTP"],
                    ["SFTP", "FTP"]),
    *property_cases("transfer-connector-logging-enabled", "AWS::Transfer::Connector", "configuration.LoggingRole",
                    "arn:aws:iam::1:role/log", "", absent=NC),
    *property_cases("workspaces-user-volume-encryption-enabled", "AWS::WorkSpaces::Workspace",
                    "configuration.UserVolumeEncryptionEnabled", True, False, absent=NC),
    *property_cases("workspaces-root-volume-encryption-enabled", "AWS::WorkSpaces::Workspace",
                    "configuration.RootVolumeEncryptionEnabled", True, False, absent=NC),
    Case("route53-query-logging-enabled", C, [make_ci(ZONE, "Z1", {"Name": "x.", "QueryLoggingConfig": {"I": 1}})]),
    Case("route53-query-logging-enabled", NC, [make_ci(ZONE, "Z1", {"Name": "ex.com."})]),
    Case("route53-query-logging-enabled", NA, [make_ci(ZONE, "Z1", {"Name": "in.", "VPCs": [{"VPCId": "vpc-1"}]})]),
    Case("route53-query-logging-enabled", INS, [make_ci(ZONE, "Z1", {})]),
    Case("service-catalog-shared-within-organization", C, [make_ci(PORTFOLIO, "p", {}, {"portfolioAccess": {
        "accountIds": []}})]),
    Case("service-catalog-shared-within-organization", NC, [make_ci(PORTFOLIO, "p", {}, {"portfolioAccess": [
        {"accountIds": ["111122223333"]}]})]),
    Case("service-catalog-shared-within-organization", INS, [make_ci(PORTFOLIO, "p", {})]),
    *property_cases("acm-pca-root-ca-disabled", "AWS::ACMPCA::CertificateAuthority", "configuration.Type",
                    "SUBORDINATE", "ROOT", base={"Status": "ACTIVE"}),
    Case("acm-pca-root-ca-disabled", NA, [make_ci("AWS::ACMPCA::CertificateAuthority", "ca", {"Type": "ROOT",
                                                                                             "Status": "DISABLED"})]),
    *property_cases("connect-instance-logging-enabled", "AWS::Connect::Instance",
                    "configuration.Attributes.ContactflowLogs", True, False),
    Case("macie-status-check", C, [regional(macieStatus="ENABLED")], region=REGION),
    Case("macie-status-check", NC, [regional(macieStatus="PAUSED")], region=REGION),
    Case("macie-status-check", INS, [regional()], region=REGION),
    Case("macie-auto-sensitive-data-discovery-check", C, [regional(macieAutomatedDiscoveryStatus="ENABLED")],
         region=REGION),
    Case("macie-auto-sensitive-data-discovery-check", NC, [regional(macieAutomatedDiscoveryStatus="DISABLED")],
         region=REGION),
    Case("macie-auto-sensitive-data-discovery-check", INS, [regional()], region=REGION),
    *property_cases("waf-regional-rule-not-empty", "AWS::WAFRegional::Rule", "configuration.predicateList",
                    [{"dataId": "ipset"}], [], absent=NC),
    *property_cases("waf-regional-rulegroup-not-empty", "AWS::WAFRegional::RuleGroup", "configuration.rules",
                    [{"ruleId": "r"}], [], absent=NC),
    *property_cases("waf-regional-webacl-not-empty", "AWS::WAFRegional::WebACL", "configuration.rulesList",
                    [{"ruleId": "r"}], [], absent=NC),
    *property_cases("waf-global-rule-not-empty", "AWS::WAF::Rule", "configuration.predicateList",
                    [{"dataId": "ipset"}], [], absent=NC),
    *property_cases("waf-global-rulegroup-not-empty", "AWS::WAF::RuleGroup", "configuration.rules",
                    [{"ruleId": "r"}], [], absent=NC),
    *property_cases("waf-global-webacl-not-empty", "AWS::WAF::WebACL", "configuration.rulesList",
                    [{"ruleId": "r"}], [], absent=NC),
    *property_cases("waf-classic-logging-enabled", "AWS::WAF::WebACL",
                    "supplementaryConfiguration.LoggingConfiguration.LogDestinationConfigs", ["arn:firehose"], []),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
