"""ElastiCache, Amazon MQ, MSK, Redshift and Redshift Serverless rules on AWS Config-shaped items."""

from __future__ import annotations

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_ci, property_cases

CACHE, GROUP, BROKER = "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::AmazonMQ::Broker"
MSK, CONNECTOR, REDSHIFT = "AWS::MSK::Cluster", "AWS::KafkaConnect::Connector", "AWS::Redshift::Cluster"
WORKGROUP, NAMESPACE = "AWS::RedshiftServerless::Workgroup", "AWS::RedshiftServerless::Namespace"
PG, SG = "AWS::Redshift::ClusterParameterGroup", "AWS::EC2::SecurityGroup"


def cluster(**config):
    base = {"clusterParameterGroups": [{"parameterGroupName": "pg"}], "endpoint": {"port": 5439},
            "vpcSecurityGroups": [{"vpcSecurityGroupId": "sg-1"}]}  # fmt: skip
    return make_ci(REDSHIFT, "rs-1", {**base, **config})


def parameter_group(require_ssl):
    parameters = [{"parameterName": "require_ssl", "parameterValue": require_ssl}]
    return make_ci(PG, "pg", {"parameterGroupName": "pg"}, {"Parameters": parameters})


def group(cidr):
    permission = {"ipProtocol": "tcp", "fromPort": 5439, "toPort": 5439, "ipRanges": [cidr]}
    return make_ci(SG, "sg-1", {"groupId": "sg-1", "ipPermissions": [permission]})


SSL_ON = [{"ParameterKey": "require_ssl", "ParameterValue": "true"}]
SSL_OFF = [{"ParameterKey": "require_ssl", "ParameterValue": "false"}]
CASES = [
    *property_cases("elasticache-redis-cluster-automatic-backup-check", GROUP, "configuration.SnapshotRetentionLimit",
                    7, 0),
    Case("elasticache-redis-cluster-automatic-backup-check", NA, [make_ci(CACHE, "c", {"Engine": "memcached"})]),
    *property_cases("elasticache-auto-minor-version-upgrade-check", CACHE, "configuration.AutoMinorVersionUpgrade",
                    True, False),
    *property_cases("elasticache-repl-grp-auto-failover-enabled", GROUP, "configuration.AutomaticFailover", "enabled",
                    "disabled"),
    *property_cases("elasticache-repl-grp-encrypted-at-rest", GROUP, "configuration.AtRestEncryptionEnabled", True,
                    False),
    *property_cases("elasticache-repl-grp-encrypted-in-transit", GROUP, "configuration.TransitEncryptionEnabled", True,
                    False),
    *property_cases("elasticache-repl-grp-redis-auth-enabled", GROUP, "configuration.AuthTokenEnabled", True, False,
                    base={"EngineVersion": "5.0.6"}),
    Case("elasticache-repl-grp-redis-auth-enabled", NA, [make_ci(GROUP, "g", {"EngineVersion": "7.1"})]),
    *property_cases("elasticache-subnet-group-check", CACHE, "configuration.CacheSubnetGroupName", "private",
                    "default"),
    *property_cases("mq-cloudwatch-audit-log-enabled", BROKER, "configuration.Logs.Audit", True, False,
                    base={"EngineType": "ACTIVEMQ"}),
    Case("mq-cloudwatch-audit-log-enabled", NA, [make_ci(BROKER, "b", {"EngineType": "RABBITMQ"})]),
    *property_cases("mq-auto-minor-version-upgrade-enabled", BROKER, "configuration.AutoMinorVersionUpgrade", True,
                    False),
    *property_cases("msk-in-cluster-node-require-tls", MSK, "configuration.EncryptionInfo.EncryptionInTransit",
                    {"InCluster": True, "ClientBroker": "TLS"}, {"InCluster": True, "ClientBroker": "TLS_PLAINTEXT"}),
    *property_cases("msk-cluster-public-access-disabled", MSK,
                    "configuration.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type", "DISABLED",
                    "SERVICE_PROVIDED_EIPS"),
    *property_cases("msk-unrestricted-access-check", MSK,
                    "configuration.ClientAuthentication.Unauthenticated.Enabled", False, True),
    *property_cases("msk-connect-connector-encrypted", CONNECTOR,
                    "configuration.KafkaClusterEncryptionInTransit.EncryptionType", "TLS", "PLAINTEXT"),
    *property_cases("msk-connect-connector-logging-enabled", CONNECTOR, "configuration.LogDelivery.WorkerLogDelivery",
                    {"CloudWatchLogs": {"Enabled": True}}, {"S3": {"Enabled": False}}, absent=NC),
    Case("redshift-require-tls-ssl", C, [cluster(), parameter_group("true")]),
    Case("redshift-require-tls-ssl", NC, [cluster(), parameter_group("false")]),
    Case("redshift-require-tls-ssl", INS, [cluster()], "groups not collected", collected=[REDSHIFT]),
    Case("redshift-require-tls-ssl", INS, [make_ci(REDSHIFT, "rs-1", {})]),
    Case("redshift-unrestricted-port-access", C, [cluster(), group("10.0.0.0/8")]),
    Case("redshift-unrestricted-port-access", NC, [cluster(), group("0.0.0.0/0")]),
    Case("redshift-unrestricted-port-access", INS, [cluster()], "groups not collected", collected=[REDSHIFT]),
    Case("redshift-unrestricted-port-access", INS, [make_ci(REDSHIFT, "rs-1", {})]),
    *property_cases("redshift-cluster-multi-az-enabled", REDSHIFT, "configuration.multiAZ", "enabled", "disabled"),
    *property_cases("redshift-serverless-workgroup-routes-within-vpc", WORKGROUP, "configuration.EnhancedVpcRouting",
                    True, False),
    *property_cases("redshift-serverless-workgroup-no-public-access", WORKGROUP, "configuration.PubliclyAccessible",
                    False, True),
    *property_cases("redshift-serverless-workgroup-encrypted-in-transit", WORKGROUP, "configuration.ConfigParameters",
                    SSL_ON, SSL_OFF),
    *property_cases("redshift-serverless-default-admin-check", NAMESPACE, "configuration.AdminUsername", "owner",
                    "admin"),
    *property_cases("redshift-serverless-publish-logs-to-cloudwatch", NAMESPACE, "configuration.LogExports",
                    ["userlog"], []),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
