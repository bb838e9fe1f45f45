"""CodeBuild: projects (environment, privileged mode, logging, source, source auth) and report groups.

Secrets are redacted at collection: PLAINTEXT environment variable values, and any user
information in a source URL (``https://user:token@host/...`` becomes
``https://REDACTED:sha256:<digest>@host/...``, so a rule still sees that credentials are there).
PARAMETER_STORE / SECRETS_MANAGER values are references (names), not secrets, and are kept.

Report groups (``codebuild-reportgroups``, ``AWS::CodeBuild::ReportGroup``, resource id the ARN): ListReportGroups
(ARNs), then BatchGetReportGroups by 100, in AWS Config's CloudFormation spelling (``Arn``, ``Name``, ``Type``,
``ExportConfig.S3Destination.EncryptionDisabled``, ...); status and timestamps are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, chunks, jsonable, paginate, pascal_case, redact, tag_dict
from compliance.model import ConfigurationItem, Relationship

PROJECT = "AWS::CodeBuild::Project"
TYPES = (PROJECT,)
REPORT_GROUP = "AWS::CodeBuild::ReportGroup"
REPORT_GROUP_CALLS = (
    Call("ListReportGroups", "codebuild:ListReportGroups", {}, lists=(REPORT_GROUP,)),
    Call("BatchGetReportGroups", "codebuild:BatchGetReportGroups", {REPORT_GROUP: ("configuration", "tags")}),
)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    codebuild = ctx.client("codebuild")
    names = paginate(ctx, codebuild, "list_projects", "projects", (PROJECT,))
    for batch in chunks(names or [], 100):
        found = call(ctx, "codebuild", "BatchGetProjects", codebuild.batch_get_projects, (PROJECT,), names=batch)
        for project in (found or {}).get("projects", []):
            yield _project(ctx, project)


def redact_project(project: dict[str, Any]) -> dict[str, Any]:
    """The project with every secret replaced by its marker (a copy; the input is untouched)."""
    project = jsonable(project)
    arn = project.get("arn", project.get("name", ""))
    environment = project.get("environment") or {}
    for variable in environment.get("environmentVariables") or []:
        if variable.get("type", "PLAINTEXT") == "PLAINTEXT":
            variable["value"] = redact(variable.get("value"), salt=f"{arn}#{variable.get('name')}")
    for source in [project.get("source") or {}, *(project.get("secondarySources") or [])]:
        if source.get("location"):
            source["location"] = _redact_url(source["location"], arn)
    return project


def _redact_url(location: str, salt: str) -> str:
    try:
        parts = urlsplit(location)
    except ValueError:
        return location
    if "@" not in parts.netloc:
        return location
    userinfo, host = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{redact(userinfo, salt=salt)}@{host}"))


def _project(ctx: CollectContext, project: dict[str, Any]) -> ConfigurationItem:
    configuration = redact_project(project)
    tags = configuration.pop("tags", [])
    if "queuedTimeoutInMinutes" in configuration:  # AWS Config's spelling
        configuration["queuedtimeoutInMinutes"] = configuration.pop("queuedTimeoutInMinutes")
    relationships = []
    if project.get("serviceRole"):
        relationships.append(
            Relationship(
                "AWS::IAM::Role",
                resourceName=project["serviceRole"].rsplit("/", 1)[-1],
                relationshipName="Is associated with Role",
            )
        )
    for sg in (project.get("vpcConfig") or {}).get("securityGroupIds") or []:
        relationships.append(
            Relationship("AWS::EC2::SecurityGroup", sg, relationshipName="Is associated with SecurityGroup")
        )
    return ctx.item(
        PROJECT,
        project["name"],
        configuration,
        arn=project.get("arn"),
        name=project["name"],
        tags=tag_dict(tags),
        relationships=relationships,
        created=configuration.get("created"),
    )


def collect_report_groups(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    codebuild = ctx.client("codebuild")
    arns = paginate(ctx, codebuild, "list_report_groups", "reportGroups", (REPORT_GROUP,))
    if not arns or not ctx.wants("BatchGetReportGroups"):
        return
    for batch in chunks(arns, 100):
        found = call(ctx, "codebuild", "BatchGetReportGroups", codebuild.batch_get_report_groups, (REPORT_GROUP,),
                     reportGroupArns=batch)  # fmt: skip
        for group in (found or {}).get("reportGroups", []):
            yield _report_group(ctx, group)


def _report_group(ctx: CollectContext, group: dict[str, Any]) -> ConfigurationItem:
    kept = {k: group[k] for k in ("arn", "name", "type", "exportConfig") if k in group}
    return ctx.item(
        REPORT_GROUP,
        group["arn"],
        pascal_case(kept),
        arn=group["arn"],
        name=group.get("name"),
        tags=tag_dict(group.get("tags")),
        created=jsonable(group.get("created")),
    )


COLLECTORS = [
    Collector(
        name="codebuild",
        resource_types=TYPES,
        permissions=("codebuild:ListProjects", "codebuild:BatchGetProjects"),
        collect=collect,
        description="CodeBuild projects: environment (values redacted), privileged mode, logs, source",
    ),
    Collector(
        name="codebuild-reportgroups",
        resource_types=(REPORT_GROUP,),
        calls=REPORT_GROUP_CALLS,
        collect=collect_report_groups,
        description="CodeBuild report groups: encryption of exported reports",
    ),
]
