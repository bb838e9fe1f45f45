"""Demo Glue: a Spark job on Glue 4.0 and one on the unsupported 2.0 whose arguments hold a (fake) database
password that must never reach a snapshot (Glue.4); an ML transform encrypted with KMS and one not."""

from __future__ import annotations

from typing import Any

SECRETS = ("demo-glue-db-password-4e1c9b",)


def seed(session: Any, regions: list[str]) -> None:
    glue = session.client("glue", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/service-role/demo-glue"
    command = {"Name": "glueetl", "ScriptLocation": "s3://demo-glue-scripts/etl.py"}
    glue.create_job(Name="orders-nightly-etl", Role=role, Command=command, GlueVersion="4.0")
    glue.create_job(Name="legacy-crm-export", Role=role, Command=command, GlueVersion="2.0",
                    DefaultArguments={"--db-password": SECRETS[0], "--job-language": "python"})  # fmt: skip
    tables = [{"DatabaseName": "crm", "TableName": "customers"}]
    parameters = {"TransformType": "FIND_MATCHES", "FindMatchesParameters": {"PrimaryKeyColumnName": "id"}}
    glue.create_ml_transform(
        Name="customer-dedupe", InputRecordTables=tables, Parameters=parameters, Role=role,
        TransformEncryption={"MlUserDataEncryption": {"MlUserDataEncryptionMode": "SSE-KMS",
                                                      "KmsKeyId": f"arn:aws:kms:{regions[0]}:{account}:alias/glue"}},
    )  # fmt: skip
    glue.create_ml_transform(Name="lead-matching", InputRecordTables=tables, Parameters=parameters, Role=role)
