"""Demo Secrets Manager secrets: one rotating every 30 days through its rotation function, one never rotated
(SecretsManager.1). The secret strings are planted secrets: none may appear in a snapshot."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

SECRETS = ("demo-db-password-5Yq!", "demo-api-token-Jx2#")
TRUST = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole"}]}  # fmt: skip


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("app.py", (2024, 9, 17, 0, 0, 0)), "def handler(event, context):\n    pass\n")
    return buffer.getvalue()


def seed(session: Any, regions: list[str]) -> None:
    # moto's RotateSecret requires the rotation function to exist
    role = session.client("iam", region_name=regions[0]).create_role(
        RoleName="demo-secret-rotation", AssumeRolePolicyDocument=json.dumps(TRUST)
    )["Role"]["Arn"]
    function = session.client("lambda", region_name=regions[0]).create_function(
        FunctionName="rotate-orders-db", Runtime="python3.12", Role=role, Handler="app.handler",
        Code={"ZipFile": _code()},
    )["FunctionArn"]  # fmt: skip
    sm = session.client("secretsmanager", region_name=regions[0])
    rotating = sm.create_secret(Name="orders-db-password", SecretString=SECRETS[0])["ARN"]
    sm.rotate_secret(SecretId=rotating, RotationLambdaARN=function, RotationRules={"AutomaticallyAfterDays": 30},
                     RotateImmediately=False)  # fmt: skip
    sm.create_secret(Name="legacy-api-token", SecretString=SECRETS[1])
