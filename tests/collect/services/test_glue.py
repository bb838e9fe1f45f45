import boto3
from collecting import dumped, one, run
from moto import mock_aws

from compliance.collect.services.glue import COLLECTORS, JOB, ML_TRANSFORM

GLUE = COLLECTORS[0]
ROLE = "arn:aws:iam::123456789012:role/glue"
TABLES = [{"DatabaseName": "sales", "TableName": "customers"}]
PARAMETERS = {"TransformType": "FIND_MATCHES", "FindMatchesParameters": {"PrimaryKeyColumnName": "id"}}


def _resources() -> None:
    glue = boto3.client("glue", region_name="us-east-1")
    command = {"Name": "glueetl", "ScriptLocation": "s3://scripts/etl.py"}
    glue.create_job(Name="legacy", Role=ROLE, Command=command, GlueVersion="2.0",
                    DefaultArguments={"--db-password": "glue-secret-value-1", "--job-language": "python"})  # fmt: skip
    glue.create_job(Name="current", Role=ROLE, Command=command, GlueVersion="4.0")
    glue.create_ml_transform(
        Name="encrypted", InputRecordTables=TABLES, Parameters=PARAMETERS, Role=ROLE,
        TransformEncryption={"MlUserDataEncryption": {"MlUserDataEncryptionMode": "SSE-KMS", "KmsKeyId": "key-1"}},
    )  # fmt: skip
    glue.create_ml_transform(Name="plain", InputRecordTables=TABLES, Parameters=PARAMETERS, Role=ROLE)


@mock_aws
def test_jobs_and_transforms_in_config_spelling_without_secrets():
    _resources()
    items, errors = run(GLUE)
    assert errors == []
    legacy = one(items, JOB, "legacy")
    assert legacy.arn == "arn:aws:glue:us-east-1:123456789012:job/legacy"
    assert (legacy.get("configuration.GlueVersion"), legacy.get("configuration.Command.Name")) == ("2.0", "glueetl")
    arguments = legacy.get("configuration.DefaultArguments")
    assert arguments["--job-language"] == "python"
    assert arguments["--db-password"].startswith("REDACTED:sha256:")
    assert "glue-secret-value-1" not in dumped(items)
    transforms = {i.resourceName: i for i in items if i.resourceType == ML_TRANSFORM}
    mode = "configuration.TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode"
    assert transforms["encrypted"].get(mode) == "SSE-KMS"
    assert transforms["plain"].get(mode) in (None, "DISABLED")


@mock_aws
def test_denied_list_is_a_collection_error():
    _resources()
    items, errors = run(GLUE, deny={"glue": ["GetMLTransforms"]})
    assert {i.resourceType for i in items} == {JOB}
    assert [(e.api, e.resourceTypes) for e in errors] == [("GetMLTransforms", [ML_TRANSFORM])]
