"""Demo CodeBuild: a clean project, and one with a plaintext AWS secret in its environment, a
token in its source URL and privileged mode (CodeBuild.1/.2); the secrets must never be stored."""

from __future__ import annotations

import json
from typing import Any

SECRETS = ("demoSecretAccessKey/EXAMPLE+7f3a9c2e1b", "demo-bitbucket-app-password-55e1")
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def seed(session: Any, regions: list[str]) -> None:
    iam = session.client("iam", region_name=regions[0])
    role = iam.create_role(RoleName="compliance-demo-codebuild", AssumeRolePolicyDocument=json.dumps(TRUST))
    role_arn = role["Role"]["Arn"]
    client = session.client("codebuild", region_name=regions[0])
    environment = {
        "type": "LINUX_CONTAINER",
        "image": "aws/codebuild/standard:7.0",
        "computeType": "BUILD_GENERAL1_SMALL",
    }
    client.create_project(
        name="web-app-build",
        source={"type": "GITHUB", "location": "https://github.com/example/web-app.git"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            **environment,
            "environmentVariables": [{"name": "DB_PASSWORD", "value": "/web/db/password", "type": "PARAMETER_STORE"}],
        },
        serviceRole=role_arn,
        logsConfig={"cloudWatchLogs": {"status": "ENABLED"}},
    )
    client.create_project(
        name="legacy-deploy",
        source={"type": "BITBUCKET", "location": f"https://deployer:{SECRETS[1]}@bitbucket.org/example/legacy.git"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            **environment,
            "privilegedMode": True,
            "environmentVariables": [
                {"name": "AWS_ACCESS_KEY_ID", "value": "AKIADEMOEXAMPLE00001", "type": "PLAINTEXT"},
                {"name": "AWS_SECRET_ACCESS_KEY", "value": SECRETS[0], "type": "PLAINTEXT"},
            ],
        },
        serviceRole=role_arn,
        logsConfig={"cloudWatchLogs": {"status": "DISABLED"}},
    )
