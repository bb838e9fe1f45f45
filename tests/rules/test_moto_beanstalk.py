"""Elastic Beanstalk rules on environments created in a simulated account (moto) and read by the real
collector. moto 5.2.5 lacks DescribeConfigurationSettings: it is answered in the API's shape with each
environment's options (as the demo does), everything else is moto's."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto_rules import REGION, collected, verdicts

from compliance.demo._simulated import answer
from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

ENVIRONMENT = "AWS::ElasticBeanstalk::Environment"
STACK = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"
OPTIONS = {
    "guarded": [
        ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"),
        ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"),
        ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"),
        ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"),
        ("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "30"),
    ],
    "bare": [
        ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic"),
        ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "false"),
        ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "false"),
    ],
}


def _settings(region: str, params: dict[str, Any]) -> dict[str, Any]:
    name = params["EnvironmentName"]
    options = [{"Namespace": n, "OptionName": o, "Value": v} for n, o, v in OPTIONS[name]]
    return {"ConfigurationSettings": [{"ApplicationName": "shop", "EnvironmentName": name, "SolutionStackName": STACK,
                                       "DeploymentStatus": "deployed", "OptionSettings": options}]}  # fmt: skip


def _environments(session: boto3.Session) -> None:
    eb = session.client("elasticbeanstalk", region_name=REGION)
    eb.create_application(ApplicationName="shop")
    for name in OPTIONS:
        eb.create_environment(ApplicationName="shop", EnvironmentName=name, SolutionStackName=STACK)
    answer(session, "elasticbeanstalk", "DescribeConfigurationSettings", _settings)


@pytest.fixture(scope="module")
def beanstalk_snapshot() -> Snapshot:
    return collected(_environments, ["elasticbeanstalk"])


@pytest.mark.parametrize(
    "rule_id",
    [
        "beanstalk-enhanced-health-reporting-enabled",
        "elastic-beanstalk-managed-updates-enabled",
        "elastic-beanstalk-logs-to-cloudwatch",
    ],
)
def test_beanstalk_rules(beanstalk_snapshot, rule_id):
    assert verdicts(rule_id, beanstalk_snapshot, ENVIRONMENT) == {"guarded": COMPLIANT, "bare": NON_COMPLIANT}


def test_beanstalk_thresholds(beanstalk_snapshot):
    assert verdicts("elastic-beanstalk-logs-to-cloudwatch", beanstalk_snapshot, ENVIRONMENT, RetentionInDays=90) == {
        "guarded": NON_COMPLIANT,
        "bare": NON_COMPLIANT,
    }
    assert verdicts("elastic-beanstalk-managed-updates-enabled", beanstalk_snapshot, ENVIRONMENT,
                    UpdateLevel="patch")["guarded"] == NON_COMPLIANT  # fmt: skip
