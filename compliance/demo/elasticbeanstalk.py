"""Demo Elastic Beanstalk: a production environment with enhanced health reporting, managed minor
platform updates and logs streamed to CloudWatch Logs for 30 days, and a test environment with none of
them (ElasticBeanstalk.1-3). The simulator gives no environment id and lacks DescribeConfigurationSettings:
the demo fills the id and answers the settings as AWS would, with each environment's options."""

from __future__ import annotations

import hashlib
from typing import Any

from compliance.demo._simulated import amend, answer

SECRETS = ("demo-eb-stripe-key",)
STACK = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"
OPTIONS = {
    "storefront-prod": [
        ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"),
        ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"),
        ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"),
        ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"),
        ("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "30"),
        ("aws:elasticbeanstalk:application:environment", "STRIPE_KEY", SECRETS[0]),
    ],
    "storefront-test": [
        ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic"),
        ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "false"),
        ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "false"),
    ],
}


def _environment_id(name: str) -> str:
    return "e-" + hashlib.sha256(name.encode()).hexdigest()[:10]


def _with_ids(parsed: dict[str, Any]) -> None:
    for environment in parsed.get("Environments") or []:
        if not environment.get("EnvironmentId"):
            environment["EnvironmentId"] = _environment_id(environment["EnvironmentName"])


def _settings(region: str, params: dict[str, Any]) -> dict[str, Any]:
    name = params.get("EnvironmentName", "")
    if name not in OPTIONS:
        return {
            "Error": {
                "Code": "InvalidParameterValue",
                "Message": f"No Environment found for EnvironmentName = '{name}'.",
            }
        }
    options = [{"Namespace": n, "OptionName": o, "Value": v} for n, o, v in OPTIONS[name]]
    return {"ConfigurationSettings": [{"ApplicationName": "storefront", "EnvironmentName": name,
                                       "SolutionStackName": STACK, "DeploymentStatus": "deployed",
                                       "OptionSettings": options}]}  # fmt: skip


def seed(session: Any, regions: list[str]) -> None:
    eb = session.client("elasticbeanstalk", region_name=regions[0])
    eb.create_application(ApplicationName="storefront")
    for name in OPTIONS:
        eb.create_environment(ApplicationName="storefront", EnvironmentName=name, SolutionStackName=STACK)
    amend(session, "elasticbeanstalk", "DescribeEnvironments", _with_ids)
    answer(session, "elasticbeanstalk", "DescribeConfigurationSettings", _settings)
