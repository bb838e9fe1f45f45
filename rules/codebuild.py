"""CodeBuild rules: credentials in sources and environment, logging, privileged mode."""

from __future__ import annotations

import re

from compliance.rule import compliant, insufficient_data, non_compliant, rule

from ._util import as_bool, as_list, property_rule

PROJECT = "AWS::CodeBuild::Project"
_CREDENTIAL_IN_URL = re.compile(r"^https?://[^/@\s]+@", re.IGNORECASE)


@rule(
    id="codebuild-project-envvar-awscred-check",
    title="CodeBuild projects keep no AWS credentials in plaintext environment variables",
    resource_types=[PROJECT],
    severity="critical",
    rationale="Plaintext variables are visible to anyone who can read the project; keys there leak.",
    remediation="Move the secret to Secrets Manager or Parameter Store and reference it (type SECRETS_MANAGER).",
    reads=["configuration.environment"],
)
def codebuild_project_envvar_awscred_check(ci):
    """Names AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of type PLAINTEXT in environment.environmentVariables
    (the values themselves are redacted at collection)."""
    environment = ci.configuration.get("environment")
    if not isinstance(environment, dict):
        return insufficient_data("the project's environment was not recorded")
    bad = [
        v.get("name")
        for v in as_list(environment.get("environmentVariables"))
        if v.get("name") in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
        and str(v.get("type", "PLAINTEXT")).upper() == "PLAINTEXT"
    ]
    if bad:
        return non_compliant("plaintext " + ", ".join(bad))
    return compliant("no AWS credentials in plaintext variables")


@rule(
    id="codebuild-project-source-repo-url-check",
    title="CodeBuild source repository URLs carry no credentials",
    resource_types=[PROJECT],
    severity="critical",
    rationale="A token or password in the source URL is readable by anyone who can describe the project.",
    remediation="Remove the credentials from the URL and connect the source provider with OAuth or a connection.",
    reads=["configuration.secondarySources", "configuration.source"],
)
def codebuild_project_source_repo_url_check(ci):
    """Reads source.location and secondarySources[].location for user:password@ or token@ URLs."""
    if "source" not in ci.configuration:
        return insufficient_data("the project's source was not recorded")
    sources = [ci.configuration.get("source") or {}] + as_list(ci.configuration.get("secondarySources"))
    leaking = [str(s.get("type")) for s in sources if _CREDENTIAL_IN_URL.match(str(s.get("location") or ""))]
    if leaking:
        return non_compliant("credentials in the URL of source(s): " + ", ".join(leaking))
    return compliant("no credentials in source URLs")


@rule(
    id="codebuild-project-logging-enabled",
    title="CodeBuild projects send build logs to CloudWatch Logs or S3",
    resource_types=[PROJECT],
    severity="medium",
    rationale="Build logs show what ran with the project's permissions.",
    remediation="aws codebuild update-project --name P --logs-config cloudWatchLogs={status=ENABLED}",
    reads=["configuration.logsConfig"],
)
def codebuild_project_logging_enabled(ci):
    """Reads logsConfig.cloudWatchLogs.status and logsConfig.s3Logs.status."""
    logs = ci.configuration.get("logsConfig")
    if not isinstance(logs, dict):
        return insufficient_data("the project's logs configuration was not recorded")
    enabled = [
        k for k in ("cloudWatchLogs", "s3Logs") if str((logs.get(k) or {}).get("status", "")).upper() == "ENABLED"
    ]
    if enabled:
        return compliant("logs to " + ", ".join(enabled))
    return non_compliant("build logging is off")


codebuild_project_s3_logs_encrypted = property_rule(
    id="codebuild-project-s3-logs-encrypted",
    title="CodeBuild S3 logs are encrypted",
    resource_types=[PROJECT],
    path="configuration.logsConfig.s3Logs.encryptionDisabled",
    passes=lambda value, params: as_bool(value) is not True,
    failing="S3 log encryption is disabled",
    passing="S3 logs are encrypted (or not used)",
    absent="pass",
    severity="low",
    rationale="Build logs can contain secrets and internal hostnames.",
    remediation="aws codebuild update-project --name P --logs-config "
    "s3Logs={status=ENABLED,encryptionDisabled=false,location=...}",
)

codebuild_project_environment_privileged_check = property_rule(
    id="codebuild-project-environment-privileged-check",
    title="CodeBuild projects do not run in privileged mode",
    resource_types=[PROJECT],
    path="configuration.environment.privilegedMode",
    passes=lambda value, params: as_bool(value) is not True,
    failing="privileged mode is on",
    passing="privileged mode is off",
    absent="pass",
    severity="high",
    rationale="Privileged builds get root on the build host's Docker daemon.",
    remediation="aws codebuild update-project --name P --environment '{... \"privilegedMode\": false}'",
)
