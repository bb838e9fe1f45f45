"""Test helpers for remediations: collect with the real collectors on moto, evaluate with the
real rules, plan/apply/verify through the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3

from compliance.collect.runner import run_collectors
from compliance.collect.session import AwsSession
from compliance.evaluate import evaluate, select_rules
from compliance.model import ComplianceType
from compliance.remediate import Auditor, CollectorRecollector, JsonlAuditLog, execute, plan_actions, record_plan
from compliance.remediate.engine import RemediationRun
from compliance.results import ScanResult

ACCOUNT = "123456789012"


def session() -> AwsSession:
    return AwsSession(boto_session=boto3.Session(region_name="us-east-1"))


def collectors(plugins: Any, services: list[str]) -> list[Any]:
    return [c for name, c in plugins.collectors.items() if name in services]


def scan(
    plugins: Any,
    services: list[str],
    rule_ids: list[str],
    *,
    regions: tuple[str, ...] = ("us-east-1",),
    params: dict[str, dict[str, Any]] | None = None,
) -> ScanResult:
    snapshot = run_collectors(session(), collectors(plugins, services), regions=list(regions), workers=2)
    rules, _ = select_rules(plugins, [], rule_ids, params)
    return evaluate(snapshot, rules)


def states(result: ScanResult, rule_id: str) -> dict[str, ComplianceType]:
    return {e.resourceId: e.complianceType for e in result.evaluations if e.ruleId == rule_id}


def fix(
    plugins: Any,
    result: ScanResult,
    services: list[str],
    audit_path: Path,
    *,
    enabled: tuple[str, ...] = (),
    sets: dict[str, dict[str, Any]] | None = None,
    **engine: Any,
) -> RemediationRun:
    aws = session()
    auditor = Auditor(JsonlAuditLog(audit_path), plugins.hook, mode="yes")
    actions = plan_actions(result, plugins.remediations, enabled=enabled, overrides=sets, session=aws.boto_session)
    record_plan(actions, auditor)
    return execute(
        actions,
        result,
        session=aws.boto_session,
        recollector=CollectorRecollector(collectors(plugins, services), aws),
        auditor=auditor,
        **engine,
    )


# API operations whose IAM action is named differently from the operation.
IAM_ACTION = {
    ("s3", "PutBucketEncryption"): "s3:PutEncryptionConfiguration",
    ("s3", "PutPublicAccessBlock"): "s3:PutBucketPublicAccessBlock",
    ("s3control", "PutPublicAccessBlock"): "s3:PutAccountPublicAccessBlock",
}


def check_calls(action: Any) -> None:
    """Each planned call is valid for botocore's service model, and its IAM action is declared."""
    from botocore.session import get_session
    from botocore.validate import validate_parameters

    core = get_session()
    for call in action.calls:
        model = core.get_service_model(call.service).operation_model(call.api_name)
        validate_parameters(call.parameters, model.input_shape)
        wanted = IAM_ACTION.get((call.service, call.api_name), f"{call.service}:{call.api_name}")
        assert wanted in action.remediation.permissions, (action.remediation.id, wanted)
