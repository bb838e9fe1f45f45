"""compliance.unchanged: which recorded verdicts a periodic scan keeps, and that evaluate keeps them
only for the same item under the same rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from compliance.evaluate import evaluate
from compliance.model import ComplianceType
from compliance.plugins import load_plugins
from compliance.results import ConfiguredRule
from compliance.testing import build_snapshot, make_ci
from compliance.unchanged import fingerprint, recorded_verdicts, reusable

BUCKET = "AWS::S3::Bucket"
C, NC, INS = ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT, ComplianceType.INSUFFICIENT_DATA


@pytest.fixture(scope="module")
def rules():
    return load_plugins(entry_points_enabled=False).rules


def _configured(rules, rule_id: str, **params) -> ConfiguredRule:
    rule = rules[rule_id]
    return ConfiguredRule(rule_id, rule, {**rule.resolve_parameters({}), **params}, rule.severity)


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("s3-bucket-versioning-enabled", True),  # change-triggered, reads its bucket alone
        ("redshift-require-tls-ssl", False),  # also reads the parameter groups
        ("s3-bucket-public-read-prohibited", False),  # periodic, reads the account's public access block
        ("access-keys-rotated", False),  # periodic: the verdict moves with the clock
        ("iam-password-policy", False),  # an account setting
    ],
)
def test_only_rules_judging_their_own_resource_on_change_are_reused(rules, rule_id, expected):
    assert reusable(_configured(rules, rule_id)) is expected


def _bucket(versioning: str):
    return make_ci(BUCKET, "logs", supplementary={"BucketVersioningConfiguration": {"status": versioning}})


def _verdict(rules, bucket, reuse=None):
    configured = _configured(rules, "s3-bucket-versioning-enabled")
    result = evaluate(build_snapshot([bucket]), [configured], reuse=reuse)
    [evaluation] = [e for e in result.evaluations if e.resourceId == "logs"]
    return evaluation, result.reused


def test_a_recorded_verdict_stands_for_the_same_item_and_rule_only(rules):
    bucket = _bucket("Off")
    first, reused = _verdict(rules, bucket)
    assert first.complianceType is NC and reused == 0
    configured = _configured(rules, "s3-bucket-versioning-enabled")
    # a verdict the rule could not give on this item proves the rule did not run again
    planted = _replace(first, complianceType=C, annotation="recorded")
    verdicts = recorded_verdicts([planted], {configured.name: fingerprint(configured)}, [configured])
    kept, reused = _verdict(rules, bucket, verdicts)
    assert (kept.complianceType, kept.annotation, reused) == (C, "recorded", 1)
    changed, reused = _verdict(rules, _bucket("Suspended"), verdicts)  # another hash: evaluated again
    assert changed.complianceType is NC and reused == 0


def test_other_parameters_or_unsettled_verdicts_are_evaluated_again(rules):
    bucket = _bucket("Off")
    first, _ = _verdict(rules, bucket)
    configured = _configured(rules, "s3-bucket-versioning-enabled")
    planted = _replace(first, complianceType=C)
    assert recorded_verdicts([planted], {configured.name: "another-fingerprint"}, [configured]) == {}
    unsettled = _replace(first, complianceType=INS)
    assert recorded_verdicts([unsettled], {configured.name: fingerprint(configured)}, [configured]) == {}
    other = _configured(rules, "s3-bucket-versioning-enabled", isMfaDeleteEnabled=True)
    assert fingerprint(other) != fingerprint(configured)


def _replace(evaluation, **changes):
    return replace(evaluation, **changes)
