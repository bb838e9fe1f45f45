"""The rule API: one small function with its metadata beside it.

A rule over one resource type::

    @rule(
        id="s3-bucket-versioning-enabled",
        title="S3 buckets have versioning enabled",
        resource_types=["AWS::S3::Bucket"],
        severity="medium",
        parameters={"isMfaDeleteEnabled": Param(bool, None, "Also require MFA delete")},
        reads=["supplementaryConfiguration.BucketVersioningConfiguration"],
    )
    def s3_bucket_versioning_enabled(ci, params):
        status = ci.get("supplementaryConfiguration.BucketVersioningConfiguration.status")
        if status != "Enabled":
            return non_compliant(f"versioning is {status or 'off'}")
        return compliant("versioning is enabled")

The function asks for what it needs by argument name, as a pytest test asks for fixtures:
``ci`` (the configuration item), ``params`` (parameters with defaults applied) and
``snapshot`` (a :class:`SnapshotView` of the same account, for rules that look across resources).
A rule with ``scope="account"`` takes no ``ci``: it is evaluated once per account and reports on
the ``AWS::::Account`` resource (passed as ``account``), reading whatever types it lists in
``resource_types``; ``scope="region"`` does the same once per (account, region), with ``region``.
When a type it reads could not be collected, the evaluator reports INSUFFICIENT_DATA without
calling it.

A rule declares what it reads with ``reads`` (and ``account_settings``), so a scan collects
exactly that and nothing else (see :mod:`compliance.reads` for the path syntax):

* ``reads=["configuration.encrypted", "tags"]``: these paths of each of its ``resource_types``;
* ``reads={"AWS::EC2::VPC": ["configuration.vpcId"], "AWS::EC2::FlowLog": ["configuration.resourceId"]}``:
  per type, for a rule that looks at other types through ``snapshot`` (a type with no paths is
  read for which items exist);
* ``account_settings=["passwordPolicy"]``: keys of the ``AWS::::Account`` item's configuration;
* ``looks_up={"AWS::S3::Bucket": "configuration.s3BucketName"}``: the rule reads that type's paths
  only on the items its own items name at that path (a trail's bucket), so a scan reads them for
  those items alone instead of for every bucket.

Paths name subtrees: ``supplementaryConfiguration.BucketPolicy`` covers everything under it. An
item's identity (id, ARN, name, region, account, status) is always there. A rule that declares
nothing is taken to read everything of its types (collection then reads all of them). Every
built-in rule declares its reads, and a test runs each on items holding only the declared paths.
YAML rules infer theirs from the paths of their conditions.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal, NamedTuple

from compliance import reads as _reads
from compliance.declare import Param, argument_names, call_with, check_arguments, declared_in, resolve_parameters
from compliance.model import (
    ACCOUNT_RESOURCE_TYPE,
    ComplianceType,
    ConfigurationItem,
    Severity,
)

Trigger = Literal["change", "periodic"]
Scope = Literal["resource", "account", "region"]


class Result(NamedTuple):
    """A rule's verdict (immutable; a named tuple because hundreds of thousands are made per scan)."""

    complianceType: ComplianceType
    annotation: str = ""


def compliant(annotation: str = "") -> Result:
    """A verdict: the resource passes the rule."""
    return Result(ComplianceType.COMPLIANT, annotation)


def non_compliant(annotation: str = "") -> Result:
    """A verdict: the resource fails the rule; say why in ``annotation``."""
    return Result(ComplianceType.NON_COMPLIANT, annotation)


def not_applicable(annotation: str = "") -> Result:
    """A verdict: the rule does not apply to this resource (say why)."""
    return Result(ComplianceType.NOT_APPLICABLE, annotation)


def insufficient_data(annotation: str = "") -> Result:
    """A verdict: the item lacks what the rule needs to decide; never return COMPLIANT for missing data."""
    return Result(ComplianceType.INSUFFICIENT_DATA, annotation)


@dataclass(slots=True)
class Rule:
    """A rule's metadata and its check. Built by :func:`rule` or from declarative YAML."""

    id: str
    title: str
    check: Callable[..., Any]
    resource_types: tuple[str, ...]
    severity: Severity = Severity.MEDIUM
    description: str = ""
    trigger: Trigger = "change"
    scope: Scope = "resource"
    parameters: dict[str, Param] = field(default_factory=dict)
    rationale: str = ""
    remediation: str = ""
    source: str = ""  # the plugin that registered it, filled in at registration
    # {resource type: property paths} the check reads; None: undeclared (everything of its types)
    reads: dict[str, tuple[str, ...]] | None = None
    # {looked-up type: path on its own items naming the looked-up item (id, name or ARN)}
    looks_up: dict[str, str] = field(default_factory=dict)

    @property
    def read_types(self) -> tuple[str, ...]:
        """Every resource type the rule reads: its own and those it looks up."""
        return tuple(dict.fromkeys((*self.resource_types, *(self.reads or {}))))

    def resolve_parameters(self, given: dict[str, Any] | None, where: str = "") -> dict[str, Any]:
        """Defaults overlaid with ``given``, each coerced to its type; unknown names are errors."""
        return resolve_parameters(self.parameters, given, f"rule {self.id}", where)

    def run(self, **available: Any) -> Any:
        return call_with(self.check, available)

    def bind(self, params: dict[str, Any]) -> Callable[..., Any]:
        """The check as ``call(ci, snapshot, account, region)``: what the evaluator calls per item,
        without building keyword arguments each time."""
        check = self.check
        wanted = _argument_names(check)
        if wanted == ("ci",):
            return lambda ci, snapshot, account=None, region=None: check(ci)
        if wanted == ("ci", "params"):
            return lambda ci, snapshot, account=None, region=None: check(ci, params)
        if wanted == ("ci", "snapshot"):
            return lambda ci, snapshot, account=None, region=None: check(ci, snapshot)
        if wanted == ("ci", "params", "snapshot"):
            return lambda ci, snapshot, account=None, region=None: check(ci, params, snapshot)

        def call(ci: Any, snapshot: Any, account: Any = None, region: Any = None) -> Any:
            available = {"ci": ci, "params": params, "snapshot": snapshot, "account": account, "region": region}
            return check(**{name: available[name] for name in wanted})

        return call


_argument_names = argument_names  # the name evaluate.py and older plugins use


_ALLOWED_ARGS = {
    "resource": {"ci", "params", "snapshot"},
    "account": {"params", "snapshot", "account"},
    "region": {"params", "snapshot", "account", "region"},
}


def rule(
    *,
    id: str,
    title: str,
    resource_types: Iterable[str],
    severity: str | Severity = Severity.MEDIUM,
    trigger: Trigger = "change",
    scope: Scope = "resource",
    parameters: dict[str, Param] | None = None,
    rationale: str = "",
    remediation: str = "",
    reads: Iterable[str] | dict[str, Iterable[str]] | None = None,
    account_settings: Iterable[str] = (),
    looks_up: dict[str, str] | None = None,
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a rule. The decorated function's docstring becomes its description.

    ``reads``: the property paths the check uses, as a list (for each of ``resource_types``) or
    as ``{resource type: [paths]}`` (to name the other types it looks up through ``snapshot``).
    ``account_settings``: the ``AWS::::Account`` configuration keys it uses (``"passwordPolicy"``).
    ``looks_up``: ``{type: path}`` for a type whose declared paths it reads only on the items named
    at ``path`` of its own items.
    Collection reads what the selected rules declare; leave both out and everything of
    ``resource_types`` is read. See the module docstring for an example.
    """
    resource_types = tuple(resource_types)

    def decorate(func: Callable[..., Any]) -> Rule:
        args = check_arguments(func, _ALLOWED_ARGS[scope], f"rule {id}", scope)
        if scope == "resource" and "ci" not in args:
            raise TypeError(f"rule {id}: a resource rule takes the configuration item as 'ci'")
        try:
            declared = _reads.normalize(resource_types, reads, account_settings)
            for looked_up, via in (looks_up or {}).items():
                _reads.check_path(via)
                if declared is None or looked_up not in declared or looked_up in resource_types:
                    raise ValueError(f"looks_up: {looked_up} must be a type it reads and does not evaluate")
        except ValueError as exc:
            raise TypeError(f"rule {id}: {exc}") from None
        return Rule(
            id=id,
            title=title,
            check=func,
            resource_types=tuple(resource_types),
            severity=Severity.parse(severity),
            description=inspect.cleandoc(func.__doc__ or ""),
            trigger=trigger,
            scope=scope,
            parameters=dict(parameters or {}),
            rationale=rationale,
            remediation=remediation,
            reads=declared,
            looks_up=dict(looks_up or {}),
        )

    return decorate


def rules_in(module: ModuleType) -> list[Rule]:
    """Every Rule object defined at the top level of ``module``, in source order."""
    return declared_in(module, Rule)


class SnapshotView:
    """The configuration items of one account, indexed by resource type, built once per evaluation:
    what a rule that looks across resources gets as ``snapshot``. ``of_type`` lists items of a type
    (in a region), ``find`` looks one up by id or ARN, ``account`` gives the ``AWS::::Account``
    item, and ``has_data`` says whether "no items of this type" can be trusted (False when the
    type was not collected or its listing failed: report INSUFFICIENT_DATA then)."""

    def __init__(
        self,
        items: Iterable[ConfigurationItem],
        collected: Iterable[str] | None = None,
        errors: Iterable[Any] = (),
        not_recorded: dict[str, list[str]] | None = None,
    ) -> None:
        # What the snapshot says was read: None when unknown (an AWS Config file).
        self.collected: frozenset[str] | None = frozenset(collected) if collected is not None else None
        self.errors = list(errors)
        self._not_recorded = {t: frozenset(paths) for t, paths in (not_recorded or {}).items()}
        self._by_type: dict[str, list[ConfigurationItem]] = defaultdict(list)
        self._deleted_types: set[str] = set()
        self._items: list[ConfigurationItem] = []
        self._by_id_index: dict[str, ConfigurationItem] | None = None
        for item in items:
            if item.is_deleted:
                self._deleted_types.add(item.resourceType)
                continue
            self._by_type[item.resourceType].append(item)
            self._items.append(item)

    @property
    def _by_id(self) -> dict[str, ConfigurationItem]:
        """id or ARN -> the first item with it; built on first use (many scans never look one up)."""
        if self._by_id_index is None:
            index: dict[str, ConfigurationItem] = {}
            for item in reversed(self._items):  # later assignments win: the first item in file order
                if item.arn:
                    index[item.arn] = item
                index[item.resourceId] = item
            self._by_id_index = index
        return self._by_id_index

    def of_type(self, resource_type: str, region: str | None = None) -> list[ConfigurationItem]:
        items = self._by_type.get(resource_type, [])
        if region is None:
            return items
        return [i for i in items if i.awsRegion == region]

    def find(self, id_or_arn: str) -> ConfigurationItem | None:
        return self._by_id.get(id_or_arn)

    def account(self, region: str | None = None) -> ConfigurationItem | None:
        """The AWS::::Account item: the regional one when asked and present, else the global one."""
        accounts = self._by_type.get(ACCOUNT_RESOURCE_TYPE, [])
        if region is not None:
            for item in accounts:
                if item.awsRegion == region:
                    return item
        for item in accounts:
            if item.awsRegion in ("", "global", "us-east-1"):
                return item
        return accounts[0] if accounts else None

    def accounts(self) -> list[ConfigurationItem]:
        return list(self._by_type.get(ACCOUNT_RESOURCE_TYPE, []))

    def errors_cover(self, resource_type: str) -> bool:
        """Whether a collection error already explains missing ``resource_type`` data."""
        return any(resource_type in error.resourceTypes for error in self.errors)

    def has_items(self) -> bool:
        return bool(self._by_type) or bool(self._deleted_types)

    def knows(self, resource_type: str) -> bool:
        """Whether the snapshot holds items of ``resource_type`` (deleted ones too) or says it was collected."""
        return (
            resource_type in self._by_type
            or resource_type in self._deleted_types
            or (self.collected is not None and resource_type in self.collected)
        )

    def types(self) -> Iterator[str]:
        return iter(self._by_type)

    def recorded(self, resource_type: str, path: str) -> bool:
        """False when the collectors said they do not read ``path`` (e.g.
        ``supplementaryConfiguration.BucketLifecycleConfiguration``) for ``resource_type``."""
        return path not in self._not_recorded.get(resource_type, ())

    def unrecorded(self, resource_type: str, paths: Iterable[str]) -> str | None:
        """The first of ``paths`` (a rule's declared reads) the collection did not read for
        ``resource_type``, or None when all were read."""
        skipped = self._not_recorded.get(resource_type)
        if not skipped:
            return None
        return next((p for p in paths for s in skipped if _reads.overlaps(p, s)), None)

    def has_data(self, resource_type: str, region: str | None = None) -> bool:
        """Whether the snapshot can answer "which ``resource_type`` items exist" (in ``region``).

        False when the type was not collected or its listing failed there; for a snapshot that
        does not say what it collected (an AWS Config file), True only if some item of it exists.
        A rule reading a second type uses this to report INSUFFICIENT_DATA instead of guessing.
        """
        for error in self.errors:
            if error.resourceId is None and error.covers(resource_type, "", region or ""):
                return False
        if self.collected is None:
            return bool(self._by_type.get(resource_type))
        return resource_type in self.collected
