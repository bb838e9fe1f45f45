from typing import Any

import boto3
from collecting import context, dumped, one
from moto import mock_aws

from compliance.collect.helpers import REDACTED
from compliance.collect.services.elasticbeanstalk import COLLECTORS, ENVIRONMENT

EB = COLLECTORS[0]
ARN = "arn:aws:elasticbeanstalk:us-east-1:123456789012:environment/shop/{}"
STACK = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"
HEALTH = {"Namespace": "aws:elasticbeanstalk:healthreporting:system", "OptionName": "SystemType", "Value": "enhanced"}
PROPERTY = {"Namespace": "aws:elasticbeanstalk:application:environment", "OptionName": "API_KEY",
            "Value": "sk-live-secret-1"}  # fmt: skip
PASSWORD = {"Namespace": "aws:rds:dbinstance", "OptionName": "DBPassword", "Value": "db-secret-2"}


class _Ok:
    status_code = 200
    headers: dict[str, str] = {}


def _settings(body: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
    """DescribeConfigurationSettings (moto lacks it) in the API's shape: one settings description."""
    name = body["EnvironmentName"]
    options = [HEALTH, PROPERTY, PASSWORD] if name == "shop-prod" else []
    return _Ok(), {"ConfigurationSettings": [{"ApplicationName": "shop", "EnvironmentName": name,
                   "SolutionStackName": STACK, "DeploymentStatus": "deployed", "OptionSettings": options}]}  # fmt: skip


def _environments() -> None:
    eb = boto3.client("elasticbeanstalk", region_name="us-east-1")
    eb.create_application(ApplicationName="shop")
    for name in ("shop-prod", "shop-test"):
        eb.create_environment(ApplicationName="shop", EnvironmentName=name, SolutionStackName=STACK,
                              Tags=[{"Key": "stage", "Value": name[5:]}])  # fmt: skip


def _answered(deny: dict[str, list[str]] | None = None) -> Any:
    ctx = context(deny=deny)
    if not deny:
        ctx.client("elasticbeanstalk", "us-east-1").meta.events.register(
            "before-call.elasticbeanstalk.DescribeConfigurationSettings",
            lambda params, **kw: _settings(params["body"], **kw),
        )
    return ctx


@mock_aws
def test_environments_in_config_spelling_with_their_option_settings_and_no_secret():
    _environments()
    ctx = _answered()
    items = list(EB.collect(ctx))
    assert ctx.errors == []
    prod = one(items, ENVIRONMENT, "shop-prod")  # moto gives no environment id: the name stands in
    assert (prod.arn, prod.resourceName, prod.tags) == (ARN.format("shop-prod"), "shop-prod", {"stage": "prod"})
    assert prod.get("configuration.environmentName") == "shop-prod"
    assert prod.get("configuration.applicationName") == "shop"
    assert prod.get("configuration.tier.name") == "WebServer"
    assert "health" not in prod.configuration
    options = prod.get("supplementaryConfiguration.ConfigurationSettings.OptionSettings")
    assert options[0] == HEALTH
    assert [o["Value"].startswith(REDACTED) for o in options[1:]] == [True, True]
    assert "sk-live-secret-1" not in dumped(items) and "db-secret-2" not in dumped(items)
    test = one(items, ENVIRONMENT, "shop-test")
    assert test.get("supplementaryConfiguration.ConfigurationSettings") == {"OptionSettings": []}


@mock_aws
def test_denied_settings_are_an_error_and_leave_them_unknown():
    _environments()
    ctx = _answered(deny={"elasticbeanstalk": ["DescribeConfigurationSettings"]})
    items = list(EB.collect(ctx))
    assert sorted((e.api, e.resourceId) for e in ctx.errors) == [
        ("DescribeConfigurationSettings", "shop-prod"),
        ("DescribeConfigurationSettings", "shop-test"),
    ]
    assert all("ConfigurationSettings" not in i.supplementaryConfiguration for i in items)


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("elasticbeanstalk", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(EB.collect(ctx)) == []
    assert calls == ["DescribeEnvironments"]


@mock_aws
def test_one_environment_by_arn():
    _environments()
    ctx = _answered()
    found = EB.read_one(ctx, ARN.format("shop-test"))
    assert (found.resourceName, found.get("configuration.environmentArn")) == ("shop-test", ARN.format("shop-test"))
    assert EB.read_one(ctx, ARN.format("gone")) is None
