"""Elastic Beanstalk environments in AWS Config's spelling (``AWS::ElasticBeanstalk::Environment``,
camelCase configuration: ``environmentName``, ``cNAME``, ``tier``, ...; resource id the environment id):
DescribeEnvironments lists them, DescribeConfigurationSettings per environment gives its option settings
into ``supplementaryConfiguration.ConfigurationSettings`` (``OptionSettings``: namespace, option name,
value, as the API spells them), ListTagsForResource the tags.

Option values that may be secrets are never stored: every value in the environment-properties namespace
(``aws:elasticbeanstalk:application:environment``) and every option whose name says password or secret
is redacted (marker and salted hash). Health and status are state and are left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import call, config_case, jsonable, paginate, redact, tag_dict
from compliance.model import ConfigurationItem

ENVIRONMENT = "AWS::ElasticBeanstalk::Environment"
TYPES = (ENVIRONMENT,)
SETTINGS = "ConfigurationSettings"
PROPERTIES = "aws:elasticbeanstalk:application:environment"
STATE = ("Health", "HealthStatus", "AbortableOperationInProgress", "OperationsRole", "Resources")
CALLS = (
    Call("DescribeEnvironments", "elasticbeanstalk:DescribeEnvironments", {ENVIRONMENT: ("configuration",)},
         lists=TYPES),
    Call("DescribeConfigurationSettings", "elasticbeanstalk:DescribeConfigurationSettings",
         {ENVIRONMENT: (f"supplementaryConfiguration.{SETTINGS}",)}, per="resource"),
    Call("ListTagsForResource", "elasticbeanstalk:ListTagsForResource", {ENVIRONMENT: ("tags",)}, per="resource"),
)  # fmt: skip


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    eb = ctx.client("elasticbeanstalk")
    environments = paginate(ctx, eb, "describe_environments", "Environments", TYPES, IncludeDeleted=False) or []
    yield from ctx.map(lambda environment: _environment(ctx, eb, environment), environments)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    eb = ctx.client("elasticbeanstalk")
    if id_or_arn.startswith("arn:"):
        application, _, name = id_or_arn.split(":environment/", 1)[-1].partition("/")
        params: dict[str, Any] = {"ApplicationName": application, "EnvironmentNames": [name]}
    else:
        params = {"EnvironmentIds": [id_or_arn]}
    found = call(ctx, "elasticbeanstalk", "DescribeEnvironments", eb.describe_environments, TYPES,
                 resource_id=id_or_arn, IncludeDeleted=False, **params)  # fmt: skip
    for environment in (found or {}).get("Environments") or []:
        if id_or_arn in (environment.get("EnvironmentArn"), environment.get("EnvironmentId")):
            return _environment(ctx, eb, environment)
    return None


def option_settings(arn: str, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The option settings with every value that may be a secret redacted."""
    shaped = []
    for option in options:
        option = {k: option[k] for k in ("ResourceName", "Namespace", "OptionName", "Value") if k in option}
        name = str(option.get("OptionName", ""))
        secret = option.get("Namespace") == PROPERTIES or any(w in name.lower() for w in ("password", "secret"))
        if secret and "Value" in option:
            option["Value"] = redact(option["Value"], salt=f"{arn}#{option.get('Namespace')}#{name}")
        shaped.append(option)
    return shaped


def _environment(ctx: CollectContext, eb: Any, environment: dict[str, Any]) -> ConfigurationItem:
    name = environment["EnvironmentName"]
    application = environment.get("ApplicationName")
    # the environment id (e-...); the name only where an API gives no id (the simulator)
    resource_id = environment.get("EnvironmentId") or name
    arn = environment.get("EnvironmentArn")
    configuration = config_case(jsonable({k: v for k, v in environment.items() if k not in STATE}))
    supplementary: dict[str, Any] = {}
    if ctx.wants("DescribeConfigurationSettings"):
        found = call(ctx, "elasticbeanstalk", "DescribeConfigurationSettings", eb.describe_configuration_settings,
                     TYPES, resource_id=resource_id, ApplicationName=application, EnvironmentName=name)  # fmt: skip
        if found is not None:
            options = [o for s in found.get("ConfigurationSettings") or [] for o in s.get("OptionSettings") or []]
            supplementary[SETTINGS] = {"OptionSettings": option_settings(arn or resource_id, options)}
    tags: dict[str, str] = {}
    if arn and ctx.wants("ListTagsForResource"):
        listed = call(ctx, "elasticbeanstalk", "ListTagsForResource", eb.list_tags_for_resource, TYPES,
                      resource_id=resource_id, ResourceArn=arn)  # fmt: skip
        tags = tag_dict((listed or {}).get("ResourceTags"))
    return ctx.item(
        ENVIRONMENT, resource_id, configuration, arn=arn, name=name, tags=tags, supplementary=supplementary,
        created=configuration.get("dateCreated"),
    )  # fmt: skip


COLLECTORS = [
    Collector(
        name="elasticbeanstalk",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="Elastic Beanstalk environments: health reporting, managed updates, CloudWatch logs",
    )
]
