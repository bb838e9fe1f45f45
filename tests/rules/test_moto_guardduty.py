"""GuardDuty protection-plan rules on detectors created in a simulated account (moto) and read by the real
collector: one region's detector has every feature on, the other's has them off."""

from __future__ import annotations

import boto3
import pytest
from moto_rules import REGION, collected, states

from compliance.model import Snapshot
from compliance.testing import COMPLIANT, NON_COMPLIANT

OTHER = "eu-west-1"
DETECTOR = "AWS::GuardDuty::Detector"
FEATURES = {
    "S3_DATA_EVENTS": [],
    "EKS_AUDIT_LOGS": [],
    "EBS_MALWARE_PROTECTION": [],
    "RDS_LOGIN_EVENTS": [],
    "LAMBDA_NETWORK_LOGS": [],
    "RUNTIME_MONITORING": ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"],
}


def _features(status: str) -> list[dict]:
    return [
        {
            "Name": name,
            "Status": status,
            **({"AdditionalConfiguration": [{"Name": a, "Status": status} for a in extra]} if extra else {}),
        }
        for name, extra in FEATURES.items()
    ]


def _detectors(session: boto3.Session) -> None:
    session.client("guardduty", region_name=REGION).create_detector(Enable=True, Features=_features("ENABLED"))
    session.client("guardduty", region_name=OTHER).create_detector(Enable=True, Features=_features("DISABLED"))


@pytest.fixture(scope="module")
def detectors() -> Snapshot:
    return collected(_detectors, ["guardduty"], regions=(REGION, OTHER))


@pytest.mark.parametrize(
    "rule_id",
    [
        "guardduty-s3-protection-enabled",
        "guardduty-eks-protection-audit-enabled",
        "guardduty-malware-protection-enabled",
        "guardduty-rds-protection-enabled",
        "guardduty-lambda-protection-enabled",
        "guardduty-runtime-monitoring-enabled",
        "guardduty-eks-protection-runtime-enabled",
        "guardduty-ecs-protection-runtime-enabled",
        "guardduty-ec2-protection-runtime-enabled",
    ],
)
def test_protection_plans_follow_the_detectors_features(detectors, rule_id):
    region_of = {i.resourceId: i.awsRegion for i in detectors if i.resourceType == DETECTOR}
    by_region = {region_of[rid]: state for rid, state in states(rule_id, detectors).items() if rid in region_of}
    assert by_region == {REGION: COMPLIANT, OTHER: NON_COMPLIANT}


def test_runtime_monitoring_without_its_agent_management_fails_the_agent_rules():
    def build(session: boto3.Session) -> None:
        features = _features("ENABLED")
        for feature in features:
            for extra in feature.get("AdditionalConfiguration", []):
                if extra["Name"] == "EC2_AGENT_MANAGEMENT":
                    extra["Status"] = "DISABLED"
        session.client("guardduty", region_name=REGION).create_detector(Enable=True, Features=features)

    snapshot = collected(build, ["guardduty"])
    assert set(states("guardduty-ec2-protection-runtime-enabled", snapshot).values()) == {NON_COMPLIANT}
    assert set(states("guardduty-eks-protection-runtime-enabled", snapshot).values()) == {COMPLIANT}
