"""Test helpers for rule authors: one rule, a few configuration items, its evaluations.

What the AWS Config RDK's local testing offers, without deploying anything::

    from compliance.testing import evaluate_rule, make_ci

    def test_unversioned_bucket_fails():
        bucket = make_ci("AWS::S3::Bucket", "logs", supplementary={
            "BucketVersioningConfiguration": {"status": "Suspended"}})
        [result] = evaluate_rule("s3-bucket-versioning-enabled", [bucket])
        assert result.complianceType == "NON_COMPLIANT"

or against a simulated account (moto), collected by the real collectors::

    def test_against_moto(simulated_account):
        simulated_account.session.client("s3").create_bucket(Bucket="logs")
        snapshot = simulated_account.collect(services=["s3"])
        states = states_by_resource(evaluate_rule("s3-bucket-versioning-enabled", snapshot))
        assert states["logs"] == "NON_COMPLIANT"

Installed as a pytest plugin (entry point ``pytest11``: ``compliance``), it provides the fixtures
``config_item`` (:func:`make_ci`), ``account_item`` (:func:`make_account`), ``rule_evaluator``
(:func:`evaluate_rule`, optionally bound to your own plugins) and ``simulated_account``
(:func:`simulate_account` as a context manager, for one simulated account shared by a module's tests).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from compliance import reads as _reads
from compliance.model import (
    ACCOUNT_RESOURCE_TYPE,
    CollectionError,
    ConfigurationItem,
    Evaluation,
    Relationship,
    Snapshot,
)
from compliance.reads import Reads
from compliance.rule import SnapshotView

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"


def make_ci(
    resource_type: str,
    resource_id: str | None = None,
    configuration: dict[str, Any] | None = None,
    supplementary: dict[str, Any] | None = None,
    *,
    account_id: str = ACCOUNT_ID,
    region: str = REGION,
    arn: str | None = None,
    name: str | None = None,
    tags: dict[str, str] | None = None,
    relationships: Iterable[Relationship] = (),
    status: str = "OK",
) -> ConfigurationItem:
    """A configuration item in AWS Config's shape, with its hash computed."""
    resource_id = resource_id or f"{resource_type.split('::')[-1].lower()}-1"
    item = ConfigurationItem(
        resourceType=resource_type,
        resourceId=resource_id,
        accountId=account_id,
        awsRegion=region,
        arn=arn,
        resourceName=name if name is not None else resource_id,
        configurationItemCaptureTime="2026-01-01T00:00:00Z",
        configurationItemStatus=status,
        tags=dict(tags or {}),
        relationships=list(relationships),
        configuration=dict(configuration or {}),
        supplementaryConfiguration=dict(supplementary or {}),
    )
    item.configurationItemMD5Hash = item.compute_hash()
    return item


def make_account(
    configuration: dict[str, Any] | None = None, *, region: str = "global", account_id: str = ACCOUNT_ID
) -> ConfigurationItem:
    """The ``AWS::::Account`` item: the global one by default, a regional one with ``region``."""
    config = {"accountId": account_id, **(configuration or {})}
    return make_ci(ACCOUNT_RESOURCE_TYPE, account_id, config, account_id=account_id, region=region, name=account_id)


@functools.cache
def _builtin_plugins() -> Any:
    from compliance.plugins import load_plugins

    return load_plugins(entry_points_enabled=False)


def _resolve(rule_or_id: Any, plugins: Any) -> Any:
    if isinstance(rule_or_id, str):
        return (plugins or _builtin_plugins()).rule(rule_or_id)
    return rule_or_id


def build_snapshot(
    items: Iterable[ConfigurationItem],
    *,
    collected: Iterable[str] | None = None,
    errors: Iterable[CollectionError] = (),
    regions: Sequence[str] | None = None,
    plugins: Any = None,
) -> Snapshot:
    """A snapshot of ``items``. Unless ``collected`` says otherwise, the types of the items and every
    type a known rule evaluates count as collected, so a type without items means "none exist"
    rather than "not recorded". A type a rule only looks up (SSM inventory for instances, flow logs
    for VPCs) counts as collected when some item of it is given; list it in ``collected`` to say
    "collected, and there are none"."""
    items = list(items)
    if collected is None:
        known = {t for r in (plugins or _builtin_plugins()).rules.values() for t in r.resource_types}
        collected = known | {i.resourceType for i in items} | {ACCOUNT_RESOURCE_TYPE}
    item_regions = {i.awsRegion for i in items if i.awsRegion and i.awsRegion != "global"}
    return Snapshot(
        configurationItems=items,
        configSnapshotId="test",
        accountIds=sorted({i.accountId for i in items} or {ACCOUNT_ID}),
        regions=list(regions) if regions is not None else sorted(item_regions or {REGION}),
        captureTime="2026-01-01T00:00:00Z",
        collectionErrors=list(errors),
        resourceTypesCollected=sorted(collected),
    )


def evaluate_rule(
    rule_or_id: Any,
    items_or_snapshot: Snapshot | Iterable[ConfigurationItem],
    params: dict[str, Any] | None = None,
    *,
    plugins: Any = None,
    collected: Iterable[str] | None = None,
    errors: Iterable[CollectionError] = (),
    regions: Sequence[str] | None = None,
    **kw_params: Any,
) -> list[Evaluation]:
    """Run one rule (a :class:`~compliance.rule.Rule` or a registered id) with ``params`` (as a
    dict, or as keyword arguments) over items or a snapshot; returns its evaluations in order."""
    from compliance.evaluate import evaluate
    from compliance.results import ConfiguredRule

    rule = _resolve(rule_or_id, plugins)
    given = {**(params or {}), **kw_params}
    configured = ConfiguredRule(rule.id, rule, rule.resolve_parameters(given), rule.severity)
    if isinstance(items_or_snapshot, Snapshot):
        snapshot = items_or_snapshot
    else:
        snapshot = build_snapshot(
            items_or_snapshot, collected=collected, errors=errors, regions=regions, plugins=plugins
        )
    return evaluate(snapshot, [configured]).evaluations


def states_by_resource(evaluations: Iterable[Evaluation]) -> dict[str, str]:
    """{resourceId: complianceType}; 'resourceId@region' for a rule's per-region verdicts on the account."""
    out: dict[str, str] = {}
    for evaluation in evaluations:
        key = evaluation.resourceId
        regional = evaluation.awsRegion not in ("", "global")
        regional_account = evaluation.resourceType == ACCOUNT_RESOURCE_TYPE and regional
        if key in out or regional_account:
            key = f"{evaluation.resourceId}@{evaluation.awsRegion}"
        out[key] = evaluation.complianceType.value
    return out


def expect_compliance(
    rule_or_id: Any,
    items_or_snapshot: Snapshot | Iterable[ConfigurationItem],
    state: str,
    *,
    resource: str | None = None,
    region: str | None = None,
    **kwargs: Any,
) -> Evaluation:
    """Evaluate and assert that the evaluation of ``resource`` (the first one when None, or the one
    in ``region``) has ``state``; returns it, so a test can also check its annotation."""
    evaluations = evaluate_rule(rule_or_id, items_or_snapshot, **kwargs)
    chosen = [
        e
        for e in evaluations
        if (resource is None or resource in (e.resourceId, e.arn)) and (region is None or e.awsRegion == region)
    ]
    if not chosen:
        seen = ", ".join(f"{e.resourceId}@{e.awsRegion}" for e in evaluations) or "none"
        raise AssertionError(f"no evaluation for {resource or 'any resource'} in {region or 'any region'} ({seen})")
    evaluation = chosen[0]
    if evaluation.complianceType.value != state:
        raise AssertionError(
            f"{evaluation.ruleId} on {evaluation.resourceId}: expected {state}, got "
            f"{evaluation.complianceType.value} ({evaluation.annotation})"
        )
    return evaluation


COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA = (
    "COMPLIANT",
    "NON_COMPLIANT",
    "NOT_APPLICABLE",
    "INSUFFICIENT_DATA",
)


@dataclass
class RuleCase:
    """One row of a table-driven rule test: these items make ``rule`` say ``state``.

    ``resource``/``region`` pick the evaluation to check (default: the first); ``collected`` is the
    snapshot's resourceTypesCollected. Use with ``@pytest.mark.parametrize("case", CASES, ids=str)``
    and ``case.check()``.
    """

    rule: str
    state: str
    items: list
    note: str = ""
    params: dict = field(default_factory=dict)
    resource: str | None = None
    region: str | None = None
    collected: list | None = None

    def __str__(self) -> str:
        return f"{self.rule}:{self.state}:{self.note}"

    def check(self) -> Evaluation:
        """Assert the state, and that the verdict explains itself (a non-empty annotation)."""
        kwargs: dict[str, Any] = {"collected": self.collected} if self.collected is not None else {}
        if self.region:
            kwargs["regions"] = [self.region]
        evaluation = expect_compliance(
            self.rule, self.items, self.state, resource=self.resource, region=self.region, params=self.params, **kwargs
        )
        assert evaluation.annotation or self.state == COMPLIANT, f"{self}: no annotation"
        return evaluation


@dataclass
class SimulatedAccount:
    """A moto-simulated account: create resources with ``session``, then ``collect`` a snapshot."""

    session: Any  # boto3.Session bound to the simulated account

    def collect(self, services: Sequence[str] | None = None, regions: Sequence[str] = (REGION,)) -> Snapshot:
        from compliance.collect.runner import run_collectors, select_collectors
        from compliance.collect.session import AwsSession

        collectors = select_collectors(_builtin_plugins().collectors.values(), services)
        return run_collectors(AwsSession(boto_session=self.session), collectors, regions=list(regions), workers=4)


@pytest.fixture
def config_item() -> Any:
    """:func:`make_ci`: ``config_item("AWS::S3::Bucket", "b", {...}, {...})``."""
    return make_ci


@pytest.fixture
def account_item() -> Any:
    """:func:`make_account`: ``account_item({"passwordPolicy": {...}})``."""
    return make_account


@pytest.fixture
def rule_evaluator() -> Any:
    """:func:`evaluate_rule`."""
    return evaluate_rule


@contextlib.contextmanager
def simulate_account() -> Iterator[SimulatedAccount]:
    """An empty moto account (dummy credentials, us-east-1) and a way to collect it, for as long as the
    ``with`` block lasts: what the ``simulated_account`` fixture gives, usable in module-scoped fixtures."""
    import boto3
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as patch:
        for key, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
        }.items():
            patch.setenv(key, value)
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            patch.delenv(key, raising=False)
        with mock_aws(config={"lambda": {"use_docker": False}}):
            yield SimulatedAccount(boto3.Session(region_name=REGION))


@pytest.fixture
def simulated_account() -> Iterator[SimulatedAccount]:
    """An empty moto account (dummy credentials, us-east-1) and a way to collect it."""
    try:
        import moto  # noqa: F401
    except ImportError:  # pragma: no cover - moto comes with the test extra
        pytest.skip("simulated_account needs moto: pip install 'compliance[test]'")
    with simulate_account() as account:
        yield account


def nested(path: str, value: Any) -> dict[str, Any]:
    """``nested("configuration.a.b", 1)`` → ``{"configuration": {"a": {"b": 1}}}``."""
    out: Any = value
    for key in reversed(path.split(".")):
        out = {key: out}
    return out


def property_cases(
    rule: str,
    resource_type: str,
    path: str,
    good: Any,
    bad: Any,
    *,
    absent: str | None = INSUFFICIENT_DATA,
    base: dict[str, Any] | None = None,
    params: dict[str, Any] | None = None,
) -> list[RuleCase]:
    """The rows for a rule over one property ``path`` (``configuration.…`` or
    ``supplementaryConfiguration.…``): ``good`` is COMPLIANT, ``bad`` NON_COMPLIANT, and an item
    without it ``absent`` (None: no such row). ``base`` holds the item's other configuration."""

    def item(value: Any = None, present: bool = True) -> ConfigurationItem:
        config, supplementary = dict(base or {}), {}
        if present:
            tree = nested(path, value)
            root = tree.get("configuration") or {}
            config = _merge(config, root)
            supplementary = tree.get("supplementaryConfiguration") or {}
        return make_ci(resource_type, "r-1", config, supplementary)

    cases = [
        RuleCase(rule, COMPLIANT, [item(good)], "good", params=dict(params or {})),
        RuleCase(rule, NON_COMPLIANT, [item(bad)], "bad", params=dict(params or {})),
    ]
    if absent:
        cases.append(RuleCase(rule, absent, [item(present=False)], "absent", params=dict(params or {})))
    return cases


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


@contextlib.contextmanager
def _snapshot_lookups(log: Any) -> Iterator[None]:
    originals = {name: getattr(SnapshotView, name) for name in ("of_type", "has_data", "recorded")}

    def of_type(self: Any, resource_type: str, region: str | None = None) -> Any:
        log.type(resource_type)
        return originals["of_type"](self, resource_type, region)

    def has_data(self: Any, resource_type: str, region: str | None = None) -> Any:
        log.type(resource_type)
        return originals["has_data"](self, resource_type, region)

    def recorded(self: Any, resource_type: str, path: str) -> Any:
        log.path(resource_type, path)
        return originals["recorded"](self, resource_type, path)

    try:
        SnapshotView.of_type, SnapshotView.has_data, SnapshotView.recorded = of_type, has_data, recorded
        yield
    finally:
        for name, value in originals.items():
            setattr(SnapshotView, name, value)


def trace_reads(rule: Any, snapshot: Any, params: dict[str, Any] | None = None, depth: int = 3) -> Reads:
    """The types and paths ``rule`` touches when evaluated over ``snapshot`` (paths cut to
    ``depth`` segments). A development aid: a declaration must cover what this finds on every
    input; the test over projected items is what checks it. Not thread-safe (it patches the
    snapshot view for the duration of the call)."""
    from compliance.model import Snapshot

    log = _reads._Log(depth)
    for resource_type in rule.resource_types:
        log.type(resource_type)
    traced = dataclasses.replace(
        snapshot, configurationItems=[_reads._traced(i, log) for i in snapshot.configurationItems]
    )
    assert isinstance(traced, Snapshot)
    with _snapshot_lookups(log):
        evaluate_rule(rule, traced, params or {})
    return {t: tuple(sorted(p)) for t, p in log.reads.items()}
