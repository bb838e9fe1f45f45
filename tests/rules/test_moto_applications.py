"""Application integration and data movement rules of issue 13's collectors round (Glue, Step Functions,
Transfer Family, DataSync, EMR), on resources created in a simulated account (moto) and read by the real collectors."""

from __future__ import annotations

import json

import boto3
import pytest
from moto_rules import ACCOUNT_ID, REGION, ROLE_ARN, answer_unimplemented, collected, regional, states, verdicts

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT


def _build(session: boto3.Session) -> None:
    glue = session.client("glue", region_name=REGION)
    command = {"Name": "glueetl", "ScriptLocation": "s3://scripts/etl.py"}
    glue.create_job(Name="current", Role=ROLE_ARN, Command=command, GlueVersion="4.0")
    glue.create_job(Name="legacy", Role=ROLE_ARN, Command=command, GlueVersion="2.0")
    tables = [{"DatabaseName": "crm", "TableName": "customers"}]
    parameters = {"TransformType": "FIND_MATCHES", "FindMatchesParameters": {"PrimaryKeyColumnName": "id"}}
    glue.create_ml_transform(
        Name="encrypted", InputRecordTables=tables, Parameters=parameters, Role=ROLE_ARN,
        TransformEncryption={"MlUserDataEncryption": {"MlUserDataEncryptionMode": "SSE-KMS", "KmsKeyId": "k"}},
    )  # fmt: skip
    glue.create_ml_transform(Name="plain", InputRecordTables=tables, Parameters=parameters, Role=ROLE_ARN)
    sfn = session.client("stepfunctions", region_name=REGION)
    definition = json.dumps({"StartAt": "a", "States": {"a": {"Type": "Pass", "End": True}}})
    group = f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:/states:*"
    sfn.create_state_machine(
        name="logged", definition=definition, roleArn=ROLE_ARN,
        loggingConfiguration={"level": "ALL", "includeExecutionData": False,
                              "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": group}}]},
    )  # fmt: skip
    sfn.create_state_machine(name="silent", definition=definition, roleArn=ROLE_ARN)
    transfer = session.client("transfer", region_name=REGION)
    identity = {"IdentityProviderType": "API_GATEWAY",
                "IdentityProviderDetails": {"Url": "https://idp.example.com", "InvocationRole": ROLE_ARN}}  # fmt: skip
    transfer.create_server(Protocols=["SFTP"], Tags=[{"Key": "Name", "Value": "sftp"}], **identity)
    transfer.create_server(Protocols=["FTP"], Tags=[{"Key": "Name", "Value": "ftp"}], **identity)
    sftp = {"UserSecretId": "partner"}
    transfer.create_connector(Url="sftp://a.example.com", AccessRole=ROLE_ARN, LoggingRole=ROLE_ARN, SftpConfig=sftp)
    transfer.create_connector(Url="sftp://b.example.com", AccessRole=ROLE_ARN, SftpConfig=sftp)
    datasync = session.client("datasync", region_name=REGION)
    location = datasync.create_location_s3(
        S3BucketArn="arn:aws:s3:::sync-source", S3Config={"BucketAccessRoleArn": ROLE_ARN}
    )["LocationArn"]
    common = {"SourceLocationArn": location, "DestinationLocationArn": location}
    datasync.create_task(
        Name="logged", CloudWatchLogGroupArn=f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:ds", **common
    )
    datasync.create_task(Name="quiet", **common)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return collected(_build, ["glue", "stepfunctions", "transfer", "datasync"])


def _by_url(snapshot: Snapshot, rule_id: str) -> dict[str, str]:
    """Connector verdicts by URL (connectors have no name)."""
    by_id = states(rule_id, snapshot)
    return {
        i.configuration["Url"]: by_id[i.resourceId] for i in snapshot if i.resourceType == "AWS::Transfer::Connector"
    }


@pytest.mark.parametrize(
    ("rule_id", "resource_type", "expected"),
    [
        ("glue-spark-job-supported-version", "AWS::Glue::Job", {"current": COMPLIANT, "legacy": NON_COMPLIANT}),
        ("glue-ml-transform-encrypted-at-rest", "AWS::Glue::MLTransform",
         {"encrypted": COMPLIANT, "plain": NON_COMPLIANT}),
        ("step-functions-state-machine-logging-enabled", "AWS::StepFunctions::StateMachine",
         {"logged": COMPLIANT, "silent": NON_COMPLIANT}),
        ("datasync-task-logging-enabled", "AWS::DataSync::Task", {"logged": COMPLIANT, "quiet": NON_COMPLIANT}),
    ],
)  # fmt: skip
def test_named_resources(snapshot, rule_id, resource_type, expected):
    assert verdicts(rule_id, snapshot, resource_type) == expected


def test_transfer_family_server_no_ftp(snapshot):
    by_id = states("transfer-family-server-no-ftp", snapshot)
    protocols = {tuple(i.configuration["Protocols"]): by_id[i.resourceId] for i in snapshot
                 if i.resourceType == "AWS::Transfer::Server"}  # fmt: skip
    assert protocols == {("SFTP",): COMPLIANT, ("FTP",): NON_COMPLIANT}


def test_transfer_connector_logging_enabled(snapshot):
    assert _by_url(snapshot, "transfer-connector-logging-enabled") == {
        "sftp://a.example.com": COMPLIANT,
        "sftp://b.example.com": NON_COMPLIANT,
    }


# --- EMR ---------------------------------------------------------------------------------------------

SECURITY_CONFIGURATION = "AWS::EMR::SecurityConfiguration"
OTHER_REGION = "eu-west-1"


def _block_public_access(session: boto3.Session) -> None:
    session.client("emr", region_name=REGION).put_block_public_access_configuration(
        BlockPublicAccessConfiguration={
            "BlockPublicSecurityGroupRules": True,
            "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}],
        }
    )
    session.client("emr", region_name=OTHER_REGION).put_block_public_access_configuration(
        BlockPublicAccessConfiguration={
            "BlockPublicSecurityGroupRules": True,
            "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}, {"MinRange": 8080}],
        }
    )
    answer_unimplemented(session, "emr", "ListSecurityConfigurations", {"SecurityConfigurations": []})


def _emr(session: boto3.Session) -> None:
    emr = session.client("emr", region_name=REGION)
    for name, on in (("encrypted", True), ("plain", False)):
        document = {"EncryptionConfiguration": {"EnableAtRestEncryption": on, "EnableInTransitEncryption": on}}
        emr.create_security_configuration(Name=name, SecurityConfiguration=json.dumps(document))
    # moto 5.2.5 lacks ListSecurityConfigurations: answered with the two created (their reads stay on moto)
    answer_unimplemented(
        session, "emr", "ListSecurityConfigurations",
        {"SecurityConfigurations": [{"Name": "encrypted"}, {"Name": "plain"}]},
    )  # fmt: skip


@pytest.fixture(scope="module")
def emr_snapshot() -> Snapshot:
    return collected(_emr, ["emr"], regions=(REGION,))


@pytest.mark.parametrize(
    "rule_id", ["emr-security-configuration-encryption-rest", "emr-security-configuration-encryption-transit"]
)
def test_emr_security_configurations(emr_snapshot, rule_id):
    assert verdicts(rule_id, emr_snapshot, SECURITY_CONFIGURATION) == {"encrypted": COMPLIANT, "plain": NON_COMPLIANT}


def test_emr_block_public_access():
    snapshot = collected(_block_public_access, ["emr"], regions=(REGION, OTHER_REGION))
    assert regional("emr-block-public-access", snapshot) == {REGION: COMPLIANT, OTHER_REGION: NON_COMPLIANT}
