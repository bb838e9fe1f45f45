"""RDS cluster, DocumentDB, Neptune, event subscription and proxy rules on AWS Config-shaped items."""

from __future__ import annotations

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_ci, property_cases

CLUSTER, DB, SNAP = "AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::RDS::DBClusterSnapshot"
SUB = "AWS::RDS::EventSubscription"


def flag(rule, path, engine="aurora-mysql", rtype=CLUSTER, other_engine="aurora-postgresql"):
    """true / false / absent, plus NOT_APPLICABLE on another engine when the rule is engine-specific."""
    cases = property_cases(rule, rtype, f"configuration.{path}", True, False, base={"engine": engine})
    if other_engine:
        cases.append(Case(rule, NA, [make_ci(rtype, "x", {"engine": other_engine, path: False})], "engine"))
    return cases


def exports(rule, engine, good, rtype=CLUSTER):
    path = "configuration.enabledCloudwatchLogsExports"
    cases = property_cases(rule, rtype, path, good, ["slowquery"], absent=NC, base={"engine": engine})
    return [
        *cases,
        Case(rule, NA, [make_ci(rtype, "x", {"engine": "oracle-ee"})], "engine"),
        Case(rule, INS, [make_ci(rtype, "x", {})], "no engine"),
    ]


def cluster(**config):
    return make_ci(CLUSTER, "c-1", config)


def sub(kind="db-instance", enabled=True, categories=()):
    config = {"sourceType": kind, "enabled": enabled, "eventCategoriesList": list(categories)}
    return make_ci(SUB, "s-1", config)


def snap(engine, values):
    attributes = [{"attributeName": "restore", "attributeValues": values}]
    return make_ci(SNAP, "snap-1", {"engine": engine}, {"DBClusterSnapshotAttributes": attributes})


CASES = [
    *flag("rds-cluster-deletion-protection-enabled", "deletionProtection", other_engine=None),
    *flag("rds-cluster-iam-authentication-enabled", "iamdatabaseAuthenticationEnabled", other_engine=None),
    *flag("rds-cluster-multi-az-enabled", "multiAZ", other_engine=None),
    *flag("rds-cluster-encrypted-at-rest", "storageEncrypted", other_engine=None),
    *flag("rds-cluster-copy-tags-to-snapshots-enabled", "copyTagsToSnapshot", other_engine="docdb"),
    *flag("rds-pgsql-cluster-copy-tags-to-snapshot-check", "copyTagsToSnapshot", "postgres"),
    *flag("rds-mysql-cluster-copy-tags-to-snapshot-check", "copyTagsToSnapshot", "mysql"),
    *flag("rds-instance-copy-tags-to-snapshots-enabled", "copyTagsToSnapshot", "mysql", DB, None),
    *flag("rds-cluster-auto-minor-version-upgrade-enable", "autoMinorVersionUpgrade", "postgres"),
    *flag("docdb-cluster-encrypted", "storageEncrypted", "docdb"),
    *flag("docdb-cluster-deletion-protection-enabled", "deletionProtection", "docdb"),
    *flag("neptune-cluster-encrypted", "storageEncrypted", "neptune"),
    *flag("neptune-cluster-deletion-protection-enabled", "deletionProtection", "neptune"),
    *flag("neptune-cluster-iam-database-authentication", "iamdatabaseAuthenticationEnabled", "neptune"),
    *flag("neptune-cluster-copy-tags-to-snapshot-enabled", "copyTagsToSnapshot", "neptune"),
    *flag("neptune-cluster-snapshot-encrypted", "storageEncrypted", "neptune", SNAP),
    *property_cases("docdb-cluster-backup-retention-check", CLUSTER, "configuration.backupRetentionPeriod", 7, 1,
                    base={"engine": "docdb"}),
    *property_cases("neptune-cluster-backup-retention-check", CLUSTER, "configuration.backupRetentionPeriod", 14, 3,
                    base={"engine": "neptune"}, params={"minimumBackupRetentionPeriod": 10}),
    Case("aurora-mysql-backtracking-enabled", C, [cluster(engine="aurora-mysql", backtrackWindow=86400)]),
    Case("aurora-mysql-backtracking-enabled", NC, [cluster(engine="aurora-mysql", backtrackWindow=0)], "off"),
    Case("aurora-mysql-backtracking-enabled", NC, [cluster(engine="aurora-mysql", backtrackWindow=3600)], "short",
         params={"BacktrackWindowInHours": 2}),
    Case("aurora-mysql-backtracking-enabled", NA, [cluster(engine="aurora-postgresql")]),
    Case("aurora-mysql-backtracking-enabled", INS, [cluster()]),
    *property_cases("rds-cluster-default-admin-check", CLUSTER, "configuration.masterUsername", "dbowner", "admin"),
    *property_cases("rds-instance-default-admin-check", DB, "configuration.masterUsername", "owner", "postgres"),
    Case("rds-instance-default-admin-check", NC, [make_ci(DB, "db", {"masterUsername": "dba"})], "not listed",
         params={"validAdminUserNames": "owner,app_admin"}),
    *exports("rds-aurora-mysql-audit-logging-enabled", "aurora-mysql", ["audit", "error"]),
    *exports("rds-aurora-postgresql-logs-to-cloudwatch", "aurora-postgresql", ["postgresql"]),
    *exports("rds-postgresql-logs-to-cloudwatch", "postgres", ["postgresql", "upgrade"], DB),
    *exports("rds-sql-server-logs-to-cloudwatch", "sqlserver-se", ["agent", "error"], DB),
    *exports("mariadb-publish-logs-to-cloudwatch-logs", "mariadb", ["audit", "error"], DB),
    *exports("docdb-cluster-audit-logging-enabled", "docdb", ["audit", "profiler"]),
    *exports("neptune-cluster-cloudwatch-log-export-enabled", "neptune", ["audit"]),
    Case("rds-no-default-ports", C, [make_ci(DB, "db", {"engine": "postgres", "endpoint": {"port": 6432}})]),
    Case("rds-no-default-ports", NC, [make_ci(DB, "db", {"engine": "aurora-postgresql", "dbInstancePort": 5432})]),
    Case("rds-no-default-ports", NA, [make_ci(DB, "db", {"engine": "neptune", "dbInstancePort": 8182})]),
    Case("rds-no-default-ports", INS, [make_ci(DB, "db", {"engine": "mysql"})]),
    Case("rds-instance-event-notifications-configured", C, [sub()], "all categories"),
    Case("rds-instance-event-notifications-configured", NC, [sub(categories=["failure"])], "missing maintenance"),
    Case("rds-instance-event-notifications-configured", NC, [sub(enabled=False)], "disabled"),
    Case("rds-instance-event-notifications-configured", NA, [sub("db-cluster")]),
    Case("rds-instance-event-notifications-configured", INS, [make_ci(SUB, "s", {})]),
    Case("rds-cluster-event-notifications-configured", C, [sub("db-cluster", categories=["failure", "maintenance"])]),
    Case("rds-cluster-event-notifications-configured", NC, [sub("db-cluster", categories=["failure"])]),
    Case("rds-cluster-event-notifications-configured", INS, [make_ci(SUB, "s", {})]),
    Case("rds-pg-event-notifications-configured", C, [sub("db-parameter-group", categories=["configuration change"])]),
    Case("rds-pg-event-notifications-configured", NC, [sub("db-parameter-group", enabled=False)]),
    Case("rds-pg-event-notifications-configured", INS, [make_ci(SUB, "s", {})]),
    Case("rds-sg-event-notifications-configured", C, [sub("db-security-group")]),
    Case("rds-sg-event-notifications-configured", NC, [sub("db-security-group", categories=["failure"])]),
    Case("rds-sg-event-notifications-configured", INS, [make_ci(SUB, "s", {})]),
    *property_cases("rds-proxy-tls-encryption", "AWS::RDS::DBProxy", "configuration.RequireTLS", True, False),
    Case("docdb-cluster-snapshot-public-prohibited", C, [snap("docdb", ["123456789013"])]),
    Case("docdb-cluster-snapshot-public-prohibited", NC, [snap("docdb", ["all"])]),
    Case("docdb-cluster-snapshot-public-prohibited", NA, [snap("aurora-mysql", ["all"])]),
    Case("docdb-cluster-snapshot-public-prohibited", INS, [make_ci(SNAP, "s", {"engine": "docdb"})]),
    Case("neptune-cluster-snapshot-public-prohibited", C, [snap("neptune", [])]),
    Case("neptune-cluster-snapshot-public-prohibited", NC, [snap("neptune", ["all"])]),
    Case("neptune-cluster-snapshot-public-prohibited", INS, [make_ci(SNAP, "s", {"engine": "neptune"})]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
