"""Demo CodeBuild: a clean project, and one with a plaintext AWS secret in its environment, a
token in its source URL and privileged mode (CodeBuild.1/.2); the secrets must never be stored. Report groups
exporting encrypted and unencrypted reports (CodeBuild.7)."""

from __future__ import annotations

import json
from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID
from compliance.demo._simulated import answer

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
    _report_groups(session, regions)


def _report_groups(session: Any, regions: list[str]) -> None:
    """A report group exporting encrypted test reports and one exporting them unencrypted (CodeBuild.7).
    moto 5.2.5 lacks the report group API: the seed answers ListReportGroups and BatchGetReportGroups."""
    arn = f"arn:aws:codebuild:{regions[0]}:{DEMO_ACCOUNT_ID}:report-group/{{}}"
    destination = {"bucket": "demo-build-reports", "packaging": "ZIP"}
    groups = [
        {"arn": arn.format("web-app-tests"), "name": "web-app-tests", "type": "TEST", "exportConfig": {
            "exportConfigType": "S3", "s3Destination": {**destination, "path": "web-app", "encryptionDisabled": False,
                                                        "encryptionKey": "alias/aws/s3"}}},
        {"arn": arn.format("legacy-coverage"), "name": "legacy-coverage", "type": "CODE_COVERAGE", "exportConfig": {
            "exportConfigType": "S3", "s3Destination": {**destination, "path": "legacy", "encryptionDisabled": True}}},
    ]  # fmt: skip
    here = {g["arn"]: g for g in groups}
    answer(session, "codebuild", "ListReportGroups",
           lambda region, params: {"reportGroups": list(here)} if region == regions[0] else {})  # fmt: skip
    answer(session, "codebuild", "BatchGetReportGroups",
           lambda region, params: {"reportGroups": [here[a] for a in params.get("reportGroupArns", []) if a in here],
                                   "reportGroupsNotFound": []})  # fmt: skip
