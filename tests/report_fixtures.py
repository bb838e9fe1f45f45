"""A scan of the example snapshot in which every state a report must show occurs.

Failing, compliant, not applicable, INSUFFICIENT_DATA (a collection error), suppressed by a
waiver; used by the tests of the report formats and the gate.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from compliance.evaluate import evaluate, select_rules
from compliance.gate import Triage
from compliance.model import CollectionError
from compliance.report import ReportOptions
from compliance.results import ScanResult
from compliance.snapshot import load_snapshot
from compliance.waivers import apply_waivers, parse_waivers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "snapshots" / "account.json"
RULES = ("restricted-ssh", "s3-bucket-versioning-enabled", "encrypted-volumes", "iam-password-policy")
ACCOUNT = "111122223333"
WAIVED_SG = "sg-0a1b2c3d4e5f60001"
DENIED_BUCKET = "acme-analytics-eu"
TODAY = dt.date(2026, 6, 1)

WAIVERS = [
    {
        "rule": "restricted-ssh",
        "resource": WAIVED_SG,
        "reason": "bastion <b>host</b> | reviewed",
        "owner": "platform",
        "expires": "2026-12-31",
    }
]


def access_denied() -> CollectionError:
    return CollectionError(
        service="s3",
        api="GetBucketVersioning",
        errorCode="AccessDenied",
        message="not authorized",
        region="eu-west-1",
        accountId=ACCOUNT,
        resourceTypes=["AWS::S3::Bucket"],
        resourceId=DENIED_BUCKET,
    )


def scenario(plugins, packs=("cis-aws-foundations-3.0",), rules=RULES) -> tuple[ScanResult, ReportOptions]:
    snapshot = load_snapshot(EXAMPLE)
    snapshot.collectionErrors.append(access_denied())
    configured, loaded = select_rules(plugins, packs, rules)
    result = evaluate(snapshot, configured, loaded)
    outcome = apply_waivers(result, parse_waivers(WAIVERS, "waivers.yaml"), "waivers.yaml", TODAY)
    return result, ReportOptions(triage=Triage(waivers=outcome), extra={"artifact": "snapshots/account.json"})


def find(result: ScanResult, rule: str, resource_id: str):
    return next(e for e in result.evaluations if e.configRuleName == rule and e.resourceId == resource_id)
