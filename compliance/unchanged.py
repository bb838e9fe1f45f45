"""Periodic scans after change events: a change-triggered (rule, resource) pair whose resource has
not changed since the last recorded scan is not evaluated again; its recorded verdict stands.

AWS Config runs a change-triggered rule when its resource changes, so re-running it on the same
configuration adds nothing. A pair is reused only when all of these hold: the rule is
change-triggered, judges one resource at a time and declares reads of its own resource types alone
(no other resource or account setting can move its verdict); the item's
``configurationItemMD5Hash`` equals the one the verdict was recorded with; the rule's fingerprint
(tool version, rule id and parameters) equals the one recorded with the scans; and the recorded
verdict was COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE (missing data and errors are always
retried). Severity and controls come from the current configuration, as for any evaluation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from compliance import __version__
from compliance.model import ACCOUNT_RESOURCE_TYPE, ComplianceType, Evaluation
from compliance.results import ConfiguredRule

PairKey = tuple[str, str, str, str, str]  # rule name, account, region, resource type, resource id
Verdicts = dict[PairKey, tuple[str, ComplianceType, str]]  # -> (item MD5 hash, compliance, annotation)
SETTLED = (ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT, ComplianceType.NOT_APPLICABLE)


def fingerprint(configured: ConfiguredRule) -> str:
    text = json.dumps([__version__, configured.rule.id, configured.params], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprints(rules: Iterable[ConfiguredRule]) -> dict[str, str]:
    return {configured.name: fingerprint(configured) for configured in rules}


def reusable(configured: ConfiguredRule) -> bool:
    rule = configured.rule
    own = set(rule.resource_types)
    return (
        rule.trigger == "change"
        and rule.scope == "resource"
        and ACCOUNT_RESOURCE_TYPE not in own
        and rule.reads is not None
        and set(rule.reads) <= own
    )


def recorded_verdicts(
    previous: Iterable[Evaluation], recorded: Mapping[str, Any], rules: Iterable[ConfiguredRule]
) -> Verdicts:
    """The recorded verdicts the rules may reuse (``recorded``: rule name -> fingerprint, as recorded)."""
    names = {c.name for c in rules if reusable(c) and recorded.get(c.name) == fingerprint(c)}
    return {
        (e.configRuleName, e.accountId, e.awsRegion, e.resourceType, e.resourceId): (
            e.configurationItemMD5Hash,
            e.complianceType,
            e.annotation,
        )
        for e in previous
        if e.configRuleName in names and e.configurationItemMD5Hash and e.complianceType in SETTLED
    }
