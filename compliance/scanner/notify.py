"""What changed since the previous scan, and the SNS message that says so.

Only flips are notified: a resource newly NON_COMPLIANT for a rule (``newFailures``) and one that
was NON_COMPLIANT and now passes, is not applicable, or no longer exists (``resolved``). An
unchanged finding, a suppressed (waived/baselined) one, and one that became INSUFFICIENT_DATA
(we cannot tell) are never notified; a scan with no flips publishes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from compliance.history.views import describe_event
from compliance.model import CollectionError, ComplianceType, Evaluation

MAX_LISTED = 100  # per list: keeps the message far below SNS's 256 KB
SUBJECT_LIMIT = 100  # SNS's limit for email subjects
_RESOLVED_STATES = (ComplianceType.COMPLIANT, ComplianceType.NOT_APPLICABLE)

Key = tuple[str, str, str, str, str]


def _key(evaluation: Evaluation) -> Key:
    return (
        evaluation.configRuleName,
        evaluation.accountId,
        evaluation.awsRegion,
        evaluation.resourceType,
        evaluation.resourceId,
    )


@dataclass(slots=True)
class Changes:
    new_failures: list[Evaluation] = field(default_factory=list)
    resolved: list[tuple[Evaluation, str]] = field(default_factory=list)  # (previous evaluation, why)
    first_scan: bool = False

    def __bool__(self) -> bool:
        return bool(self.new_failures or self.resolved)


def compute_changes(
    previous: Iterable[Evaluation] | None,
    current: Iterable[Evaluation],
    collection_errors: Sequence[CollectionError] = (),
) -> Changes:
    """Flips between two scans of the same scope. ``previous`` None: the first scan, whose
    failures are all new."""
    now = {_key(e): e for e in current if e.resourceId != "*"}
    if previous is None:
        failing = [e for e in now.values() if e.is_failing and not e.is_suppressed]
        return Changes(new_failures=failing, first_scan=True)
    before = {_key(e): e for e in previous if e.resourceId != "*"}
    changes = Changes()
    for key, evaluation in now.items():
        if not evaluation.is_failing or evaluation.is_suppressed:
            continue
        old = before.get(key)
        if old is None or not old.is_failing:
            changes.new_failures.append(evaluation)
    for key, old in before.items():
        if not old.is_failing:
            continue
        evaluation = now.get(key)
        if evaluation is None:
            if not any(e.covers(old.resourceType, old.accountId, old.awsRegion) for e in collection_errors):
                changes.resolved.append((old, "the resource is no longer present"))
        elif evaluation.complianceType in _RESOLVED_STATES:
            changes.resolved.append((evaluation, evaluation.complianceType.value))
    changes.new_failures.sort(key=_key)
    changes.resolved.sort(key=lambda pair: _key(pair[0]))
    return changes


def _finding(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "configRuleName": evaluation.configRuleName,
        "ruleId": evaluation.ruleId,
        "resourceType": evaluation.resourceType,
        "resourceId": evaluation.resourceId,
        "arn": evaluation.arn,
        "accountId": evaluation.accountId,
        "awsRegion": evaluation.awsRegion,
        "severity": evaluation.severity.value,
        "controls": evaluation.controls,
        "annotation": evaluation.annotation,
    }


def message_document(changes: Changes, scope: dict[str, Any]) -> dict[str, Any]:
    """The machine-readable message: scope (account, regions, scan), the flips, what was left out."""
    return {
        "type": "compliance.changes",
        **scope,
        "firstScan": changes.first_scan,
        "newFailureCount": len(changes.new_failures),
        "resolvedCount": len(changes.resolved),
        "newFailures": [_finding(e) for e in changes.new_failures[:MAX_LISTED]],
        "resolved": [{**_finding(e), "resolution": why} for e, why in changes.resolved[:MAX_LISTED]],
        "omitted": max(0, len(changes.new_failures) - MAX_LISTED) + max(0, len(changes.resolved) - MAX_LISTED),
    }


def subject(changes: Changes, account: str) -> str:
    text = f"compliance: {len(changes.new_failures)} new failure(s), {len(changes.resolved)} resolved in {account}"
    return text[:SUBJECT_LIMIT]


def message_text(document: dict[str, Any]) -> str:
    lines = [
        f"Compliance changes in account {document.get('accountId', '?')} "
        f"({', '.join(document.get('regions') or []) or 'all regions'})"
    ]
    if document["newFailureCount"]:
        lines.append(f"\nNew failures ({document['newFailureCount']}):")
        lines += [
            f"  [{f['severity']}] {f['configRuleName']} {f['resourceType']} {f['resourceId']}"
            f" ({f['awsRegion']}): {f['annotation']}"
            for f in document["newFailures"]
        ]
    if document["resolvedCount"]:
        lines.append(f"\nResolved ({document['resolvedCount']}):")
        lines += [
            f"  {f['configRuleName']} {f['resourceType']} {f['resourceId']} ({f['awsRegion']}): {f['resolution']}"
            for f in document["resolved"]
        ]
    causes = document.get("causes") or []
    if causes:
        lines.append(f"\nCaused by ({len(causes)} event(s)):")
        lines += [f"  {describe_event(c)}" for c in causes[:MAX_LISTED]]
    if document["omitted"]:
        lines.append(f"\n... and {document['omitted']} more (see the stored scan)")
    return "\n".join(lines) + "\n"


def publish_changes(sns: Any, topic_arn: str, changes: Changes, scope: dict[str, Any]) -> str | None:
    """Publish one message for ``changes`` (nothing when there are none); returns its MessageId.

    Text for email/SMS, the JSON document for SQS, Lambda and HTTP(S) subscribers, and message
    attributes a subscription filter policy can match on.
    """
    if not changes:
        return None
    document = message_document(changes, scope)
    payload = json.dumps(document, default=str)
    text = message_text(document)
    response = sns.publish(
        TopicArn=topic_arn,
        Subject=subject(changes, str(scope.get("accountId", "?"))),
        MessageStructure="json",
        Message=json.dumps(
            {
                "default": text,
                "email": text,
                "sms": text[:140],
                "sqs": payload,
                "lambda": payload,
                "http": payload,
                "https": payload,
            }
        ),
        MessageAttributes={
            "accountId": {"DataType": "String", "StringValue": str(scope.get("accountId", ""))},
            "newFailures": {"DataType": "Number", "StringValue": str(len(changes.new_failures))},
            "resolved": {"DataType": "Number", "StringValue": str(len(changes.resolved))},
        },
    )
    return response.get("MessageId")
