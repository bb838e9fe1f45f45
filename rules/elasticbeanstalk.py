"""Elastic Beanstalk rules over environments' option settings: health reporting, managed updates, logs."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant

from ._checks import declare
from ._util import as_list

ENVIRONMENT = "AWS::ElasticBeanstalk::Environment"
SETTINGS = "supplementaryConfiguration.ConfigurationSettings"


def _options(ci):
    """{(namespace, option name): value} of the environment, or None when not recorded."""
    settings = ci.get(SETTINGS)
    if settings is None:
        return None
    if isinstance(settings, dict):
        settings = settings.get("OptionSettings", [])
    return {(o.get("Namespace"), o.get("OptionName")): o.get("Value") for o in as_list(settings)}


def _option_rule(id, title, severity, rationale, remediation, judge, parameters=None):
    def check(ci, params):
        options = _options(ci)
        if options is None:
            return insufficient_data("the environment's option settings were not recorded")
        return judge(options, params)

    check.__doc__ = f"Reads the environment's option settings ({SETTINGS})."
    return declare(id=id, title=title, resource_types=[ENVIRONMENT], reads=[SETTINGS], severity=severity,
                   parameters=parameters, rationale=rationale, remediation=remediation)(check)  # fmt: skip


def _health(options, params):
    kind = options.get(("aws:elasticbeanstalk:healthreporting:system", "SystemType"))
    return compliant("enhanced health reporting") if kind == "enhanced" else non_compliant(
        f"health reporting is {kind or 'basic'}")  # fmt: skip


def _updates(options, params):
    managed = str(options.get(("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled"))).lower() == "true"
    if not managed:
        return non_compliant("managed platform updates are off")
    level = options.get(("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel"))
    if params["UpdateLevel"] and str(level).lower() != params["UpdateLevel"].lower():
        return non_compliant(f"update level {level}, not {params['UpdateLevel']}")
    return compliant(f"managed platform updates ({level or 'default level'})")


def _logs(options, params):
    if str(options.get(("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs"))).lower() != "true":
        return non_compliant("instance logs are not streamed to CloudWatch Logs")
    days = options.get(("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays"))
    if params["RetentionInDays"] and (days is None or int(days) < params["RetentionInDays"]):
        return non_compliant(f"logs kept {days} days, fewer than {params['RetentionInDays']}")
    return compliant("logs stream to CloudWatch Logs")


beanstalk_enhanced_health_reporting_enabled = _option_rule(
    "beanstalk-enhanced-health-reporting-enabled", "Elastic Beanstalk environments use enhanced health reporting",
    "low", "Enhanced health reporting shows failing instances and requests as they happen.",
    "aws elasticbeanstalk update-environment --environment-name E --option-settings "
    "Namespace=aws:elasticbeanstalk:healthreporting:system,OptionName=SystemType,Value=enhanced", _health,
)  # fmt: skip
elastic_beanstalk_managed_updates_enabled = _option_rule(
    "elastic-beanstalk-managed-updates-enabled", "Elastic Beanstalk environments have managed platform updates",
    "high", "Managed updates apply the platform's security patches in the maintenance window.",
    "aws elasticbeanstalk update-environment --environment-name E --option-settings "
    "Namespace=aws:elasticbeanstalk:managedactions,OptionName=ManagedActionsEnabled,Value=true", _updates,
    parameters={"UpdateLevel": Param(str, None, "Required update level: minor or patch (default: any)")},
)  # fmt: skip
elastic_beanstalk_logs_to_cloudwatch = _option_rule(
    "elastic-beanstalk-logs-to-cloudwatch", "Elastic Beanstalk environments stream logs to CloudWatch Logs", "high",
    "Streamed logs survive instance replacement and can be searched and alarmed on.",
    "aws elasticbeanstalk update-environment --environment-name E --option-settings "
    "Namespace=aws:elasticbeanstalk:cloudwatch:logs,OptionName=StreamLogs,Value=true", _logs,
    parameters={"RetentionInDays": Param(int, None, "Minimum log retention in days, when set")},
)  # fmt: skip
