"""CodeBuild: projects (environment, privileged mode, logging, source, source auth).

Secrets are redacted at collection: PLAINTEXT environment variable values, and any user
information in a source URL (``https://user:token@host/...`` becomes
``https://REDACTED:sha256:<digest>@host/...``, so a rule still sees that credentials are there).
PARAMETER_STORE / SECRETS_MANAGER values are references (names), not secrets, and are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, chunks, jsonable, paginate, redact, tag_dict
from compliance.model import ConfigurationItem, Relationship

PROJECT = "AWS::CodeBuild::Project"
TYPES = (PROJECT,)


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


COLLECTORS = [
    Collector(
        name="codebuild",
        resource_types=TYPES,
        permissions=("codebuild:ListProjects", "codebuild:BatchGetProjects"),
        collect=collect,
        description="CodeBuild projects: environment (values redacted), privileged mode, logs, source",
    )
]
