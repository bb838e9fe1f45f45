"""Select rules (by pack and id), run them over a snapshot, and isolate their failures.

Items are indexed by account and resource type once; each rule runs only over its scope.
A rule that raises gives an ERROR evaluation and the scan goes on. A rule over a type that
could not be collected gives INSUFFICIENT_DATA, never COMPLIANT.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

from compliance import isolation
from compliance import reads as _reads
from compliance.errors import InputError
from compliance.gcpause import paused_gc
from compliance.isolation import Guard, failure_result
from compliance.model import (
    ACCOUNT_RESOURCE_TYPE,
    CollectionError,
    ComplianceType,
    ConfigurationItem,
    Evaluation,
    Severity,
    Snapshot,
)
from compliance.packs import Pack
from compliance.results import ConfiguredRule, ScanResult
from compliance.rule import Result, Rule, SnapshotView
from compliance.suggest import did_you_mean


def parse_params(values: Iterable[str], option: str = "--param", owner: str = "RULE") -> dict[str, dict[str, str]]:
    """``OWNER.PARAM=VALUE`` values into {owner: {param: value}} (``--param``; ``--set`` for remediations)."""
    overrides: dict[str, dict[str, str]] = {}
    for value in values:
        target, sep, setting = value.partition("=")
        name, dot, param = target.rpartition(".")
        if not sep or not dot or not name or not param:
            raise InputError(f"{option} {value!r}: expected {owner}.PARAMETER=VALUE")
        overrides.setdefault(name, {})[param] = setting
    return overrides


def select_rules(
    plugins: Any,
    packs: Sequence[str] = (),
    rule_ids: Sequence[str] = (),
    overrides: dict[str, dict[str, Any]] | None = None,
) -> tuple[list[ConfiguredRule], list[Pack]]:
    """The rules a scan runs: those of ``packs`` plus ``rule_ids``.

    With neither, every registered pack plus every rule no pack uses (with its defaults).
    A rule two packs configure differently under one name runs twice, the second time named
    ``PACK/NAME``. ``overrides`` maps a rule name (or id) to parameter values that win over the pack's.
    """
    overrides = dict(overrides or {})
    _check_overrides(plugins, overrides)
    selected: dict[str, ConfiguredRule] = {}
    everything = not packs and not rule_ids
    loaded_packs = list(plugins.packs.values()) if everything else [plugins.pack(name) for name in packs]

    def add(name: str, rule: Rule, params: dict[str, Any], severity: Severity, where: str) -> ConfiguredRule:
        merged = {**params, **overrides.get(rule.id, {}), **overrides.get(name, {})}
        resolved = rule.resolve_parameters(merged, where)
        existing = selected.get(name)
        if existing is None:
            configured = selected[name] = ConfiguredRule(name, rule, resolved, severity)
            return configured
        if existing.rule.id != rule.id or existing.params != resolved:
            raise InputError(f"{where}: rule name {name!r} is already configured differently")
        if severity.rank > existing.severity.rank:
            existing.severity = severity
        return existing

    for pack in loaded_packs:
        for control in pack.controls:
            for ref in control.rules:
                rule = plugins.rules.get(ref.rule)
                if rule is None and ref.pending:
                    continue  # not registered yet: the control reports UNKNOWN (ScanResult.controls)
                if rule is None:
                    raise InputError(f"pack {pack.name}: control {control.id} names unknown rule {ref.rule!r}")
                name = ref.name
                taken = selected.get(name)
                if taken is not None:
                    where = f"pack {pack.name}"
                    params = {**ref.parameters, **overrides.get(rule.id, {}), **overrides.get(name, {})}
                    if (taken.rule.id, taken.params) != (rule.id, rule.resolve_parameters(params, where)):
                        name = f"{pack.name}/{ref.name}"  # packs disagree: each keeps its own configuration
                configured = add(name, rule, ref.parameters, control.severity, f"pack {pack.name}")
                configured.controls.append(f"{pack.name}:{control.id}")
    for rule_id in rule_ids:
        rule = plugins.rule(rule_id)
        add(rule.id, rule, {}, rule.severity, f"--rule {rule_id}")
    if everything:
        used = {c.rule.id for c in selected.values()}
        for rule in plugins.rules.values():
            if rule.id not in used:
                add(rule.id, rule, {}, rule.severity, f"rule {rule.id}")
    unknown = sorted(set(overrides) - set(selected) - {c.rule.id for c in selected.values()})
    if unknown:
        names = {*selected, *(c.rule.id for c in selected.values())}
        raise InputError(f"--param {unknown[0]}: no such rule in this scan{did_you_mean(unknown[0], names)}")
    return sorted(selected.values(), key=lambda c: c.name), loaded_packs


def _check_overrides(plugins: Any, overrides: dict[str, dict[str, Any]]) -> None:
    """A ``--param`` naming a parameter its rule does not have is the user's typo, not a pack's."""
    for target, values in overrides.items():
        rule = plugins.rules.get(target)
        if rule is None:
            continue
        for name in values:
            if name not in rule.parameters:
                known = ", ".join(sorted(rule.parameters)) or "none"
                hint = did_you_mean(name, rule.parameters)
                raise InputError(
                    f"--param {target}.{name}: rule {target} has no parameter {name!r}{hint} (its parameters: {known})"
                )


def _as_result(value: Any) -> Result:
    if isinstance(value, Result):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        return Result(ComplianceType(value[0]), str(value[1]))
    if isinstance(value, ComplianceType):
        return Result(value, "")
    raise TypeError(f"a rule must return a Result, got {type(value).__name__}")


def _evaluation(configured: ConfiguredRule, ci: ConfigurationItem, result: Result) -> Evaluation:
    return Evaluation(
        configRuleName=configured.name,
        ruleId=configured.rule.id,
        resourceType=ci.resourceType,
        resourceId=ci.resourceId,
        complianceType=result.complianceType,
        annotation=result.annotation,
        accountId=ci.accountId,
        awsRegion=ci.awsRegion,
        arn=ci.arn,
        severity=configured.severity,
        controls=configured.controls,
        configurationItemMD5Hash=ci.configurationItemMD5Hash,
    )


def _run(guard: Guard, call: Any, ci: Any, snapshot: Any, account: Any = None, region: Any = None) -> Result:
    """One rule call, isolated: whatever it raises (or a wrong return value) is its own verdict."""
    value = guard.run(call, ci, snapshot, account, region)
    if type(value) is Result:
        return value
    return _verdict(value, guard, call, ci, snapshot, account, region)


def _verdict(value: Any, guard: Guard, call: Any, ci: Any, snapshot: Any, account: Any, region: Any) -> Result:
    """What a rule call that did not return a Result (``value``: what it returned or raised) means."""
    if isinstance(value, BaseException):
        return failure_result(value, guard, call, (ci, snapshot, account, region))
    try:
        return _as_result(value)
    except (TypeError, ValueError) as exc:
        return Result(ComplianceType.ERROR, f"rule returned {type(value).__name__}, not a Result: {exc}")


def _null_configuration(ci: ConfigurationItem) -> Result | None:
    """INSUFFICIENT_DATA for an item whose configuration the source recorded as null."""
    for name in ("configuration", "supplementaryConfiguration"):
        if getattr(ci, name) is None:
            return Result(
                ComplianceType.INSUFFICIENT_DATA,
                f"{name} is null (status {ci.configurationItemStatus}): nothing to evaluate",
            )
    return None


def _error_annotation(error: CollectionError) -> str:
    where = f" in {error.region}" if error.region else ""
    return f"could not collect{where}: {error.service} {error.api} {error.errorCode}: {error.message}"


class _AccountScope:
    def __init__(
        self,
        account_id: str,
        items: list[ConfigurationItem],
        errors: list[CollectionError],
        collected: list[str] | None = None,
        not_recorded: dict[str, list[str]] | None = None,
    ):
        self.account_id = account_id
        self.errors = [e for e in errors if not e.accountId or not account_id or e.accountId == account_id]
        self.view = SnapshotView(items, collected, self.errors, not_recorded)
        self._in_order: dict[str, list[ConfigurationItem]] = {}
        self.unknown: dict[str, list[str]] = {}

    def in_order(self, resource_type: str) -> list[ConfigurationItem]:
        """The items of a type in report order (region, id), sorted once for every rule over the type:
        each rule's evaluations then come out sorted and their sort has nothing left to do."""
        found = self._in_order.get(resource_type)
        if found is None:
            found = self._in_order[resource_type] = sorted(self.view.of_type(resource_type), key=_REGION_ID)
        return found


def evaluate(
    snapshot: Snapshot,
    rules: Iterable[ConfiguredRule],
    packs: Sequence[Pack] = (),
    *,
    rule_timeout: float | None = None,
    reuse: Mapping[tuple[str, str, str, str, str], tuple[str, ComplianceType, str]] | None = None,
) -> ScanResult:
    """Every rule over its scope. ``rule_timeout``: seconds per rule over all its resources
    (default $COMPLIANCE_RULE_TIMEOUT or 300; 0 for no budget). ``reuse``: recorded verdicts of
    unchanged resources that stand without running the rule (:mod:`compliance.unchanged`)."""
    started = time.perf_counter()
    budget = isolation.rule_timeout(rule_timeout)
    rules = list(rules)
    by_account: dict[str, list[ConfigurationItem]] = defaultdict(list)
    for item in snapshot.configurationItems:
        by_account[item.accountId].append(item)
    for account_id in snapshot.accountIds:
        by_account.setdefault(account_id, [])
    if not by_account:
        by_account[""] = []  # an empty snapshot still gets every rule's verdict: no data
    scopes = [
        _AccountScope(
            a, by_account[a], snapshot.collectionErrors, snapshot.resourceTypesCollected, snapshot.propertiesNotRecorded
        )
        for a in sorted(by_account)
    ]
    for scope in scopes:
        scope.unknown = snapshot.unknownProperties
    regions = sorted(
        set(snapshot.regions)
        | {i.awsRegion for i in snapshot.configurationItems if i.awsRegion and i.awsRegion != "global"}
    )
    collected = set(snapshot.resourceTypesCollected) if snapshot.resourceTypesCollected is not None else None

    # Sorted by configRuleName, then _WHERE: each rule's evaluations are sorted on their own
    # (rules with one name together), which is cheaper than one sort of every evaluation.
    by_name: dict[str, list[Evaluation]] = defaultdict(list)
    # A rule's evaluations come out in order (scopes by account, items by region and id: see
    # _AccountScope.in_order) unless it reads several types, shares its name, or collection
    # errors and invalid items add rows of their own; only those are sorted.
    extra_rows = bool(snapshot.collectionErrors or snapshot.invalidItems)
    unsorted: set[str] = {c.name for c in rules} if extra_rows else set()
    reused = [0]
    with paused_gc(), Guard() as guard:
        for configured in rules:
            if configured.name in by_name or (
                configured.rule.scope == "resource" and len(configured.rule.resource_types) != 1
            ):
                unsorted.add(configured.name)
            out = by_name[configured.name]
            with guard.rule(budget):
                if configured.rule.scope == "resource" and not _any_data(configured, scopes):
                    out.append(_no_data(configured, scopes[0], configured.rule.resource_types[0]))
                    continue
                for scope in scopes:
                    if configured.rule.scope == "resource":
                        out.extend(_evaluate_resources(guard, configured, scope, reuse, reused))
                    elif configured.rule.scope == "account":
                        out.append(_evaluate_account(guard, configured, scope, None, collected))
                    else:
                        for region in regions:
                            out.append(_evaluate_account(guard, configured, scope, region, collected))
        for evaluation in _invalid_item_evaluations(snapshot, rules):
            by_name[evaluation.configRuleName].append(evaluation)
        evaluations: list[Evaluation] = []
        for name in sorted(by_name):
            group = by_name.pop(name)
            if name in unsorted:
                group.sort(key=_WHERE)
            evaluations += group
    return ScanResult(snapshot, evaluations, rules, list(packs), time.perf_counter() - started, reused[0])


_WHERE = attrgetter("accountId", "awsRegion", "resourceType", "resourceId")


_REGION_ID = attrgetter("awsRegion", "resourceId")


def _evaluate_resources(
    guard: Guard, configured: ConfiguredRule, scope: _AccountScope, reuse: Any = None, reused: list[int] | None = None
) -> list[Evaluation]:
    out = []
    for resource_type in configured.rule.resource_types:
        # Account settings are many independent keys: a rule finds its key absent and says so itself,
        # so one failed setting (say GuardDuty in one region) does not blank out every other one.
        errors = (
            []
            if resource_type == ACCOUNT_RESOURCE_TYPE
            else [e for e in scope.errors if resource_type in e.resourceTypes]
        )
        call = configured.rule.bind(configured.params)
        view = scope.view
        append, run = out.append, guard.run
        name, rule_id = configured.name, configured.rule.id
        severity, controls = configured.severity, configured.controls
        unread = view.unrecorded(resource_type, (configured.rule.reads or {}).get(resource_type, ()))
        declared = (configured.rule.reads or {}).get(resource_type)
        unknown = scope.unknown
        for ci in scope.in_order(resource_type):
            if unread is not None:
                append(_evaluation(configured, ci, Result(ComplianceType.INSUFFICIENT_DATA, _unread(unread))))
                continue
            if unknown and ci.resourceId in unknown:
                path = _unknown_read(unknown[ci.resourceId], declared)
                if path is not None:
                    append(_evaluation(configured, ci, Result(ComplianceType.INSUFFICIENT_DATA, _unknown(path))))
                    continue
            failed = errors and next(
                (
                    e
                    for e in errors
                    if e.resourceId in (ci.resourceId, ci.arn) and e.covers(resource_type, ci.accountId, ci.awsRegion)
                ),
                None,
            )
            prior = reuse.get((name, ci.accountId, ci.awsRegion, ci.resourceType, ci.resourceId)) if reuse else None
            if failed:
                result = Result(ComplianceType.INSUFFICIENT_DATA, _error_annotation(failed))
            elif prior is not None and prior[0] == ci.configurationItemMD5Hash:
                result = Result(prior[1], prior[2])
                reused[0] += 1  # type: ignore[index]
            elif ci.configuration is None or ci.supplementaryConfiguration is None:
                result = _null_configuration(ci) or _run(guard, call, ci, view)
            else:  # _run, inlined: one call less per (rule, resource)
                result = run(call, ci, view, None, None)
                if type(result) is not Result:
                    result = _verdict(result, guard, call, ci, view, None, None)
            # Positional, with locals: this runs once per (rule, resource), hundreds of thousands of times.
            append(
                Evaluation(
                    name,
                    rule_id,
                    ci.resourceType,
                    ci.resourceId,
                    result.complianceType,
                    result.annotation,
                    ci.accountId,
                    ci.awsRegion,
                    ci.arn,
                    severity,
                    controls,
                    ci.configurationItemMD5Hash,
                )
            )
        for error in errors:
            if error.resourceId is None:
                out.append(
                    Evaluation(
                        configRuleName=configured.name,
                        ruleId=configured.rule.id,
                        resourceType=resource_type,
                        resourceId="*",
                        complianceType=ComplianceType.INSUFFICIENT_DATA,
                        annotation=_error_annotation(error),
                        accountId=error.accountId or scope.account_id,
                        awsRegion=error.region,
                        severity=configured.severity,
                        controls=configured.controls,
                    )
                )
    return out


def _any_data(configured: ConfiguredRule, scopes: list[_AccountScope]) -> bool:
    """Whether the snapshot says anything about the rule's types: items (deleted ones count),
    a collection error, or that they were collected."""
    return not configured.rule.resource_types or any(
        scope.view.knows(t) or scope.view.errors_cover(t) for scope in scopes for t in configured.rule.resource_types
    )


def _no_data(configured: ConfiguredRule, scope: _AccountScope, resource_type: str) -> Evaluation:
    """A resource rule whose type the snapshot neither holds nor says it collected: not a pass."""
    if not scope.view.has_items():
        why = "the snapshot holds no configuration items at all"
    else:
        why = f"the snapshot holds no {resource_type} items and does not say that type was collected"
    return Evaluation(
        configRuleName=configured.name,
        ruleId=configured.rule.id,
        resourceType=resource_type,
        resourceId="*",
        complianceType=ComplianceType.INSUFFICIENT_DATA,
        annotation=why,
        accountId=scope.account_id,
        severity=configured.severity,
        controls=configured.controls,
    )


def _invalid_item_evaluations(snapshot: Snapshot, rules: list[ConfiguredRule]) -> list[Evaluation]:
    """ERROR, for each rule that could read it, for every item kept out by ``--skip-invalid``."""
    out = []
    for invalid in snapshot.invalidItems:
        for configured in rules:
            if invalid.resourceType and invalid.resourceType not in configured.rule.resource_types:
                continue
            out.append(
                Evaluation(
                    configRuleName=configured.name,
                    ruleId=configured.rule.id,
                    resourceType=invalid.resourceType or "unknown",
                    resourceId=invalid.resourceId or "unknown",
                    complianceType=ComplianceType.ERROR,
                    annotation=f"invalid configuration item, not evaluated: {invalid.problem}",
                    accountId=invalid.accountId,
                    awsRegion=invalid.awsRegion,
                    severity=configured.severity,
                    controls=configured.controls,
                )
            )
    return out


ACCOUNT_SETTINGS_HINT = (
    "AWS Config does not record account settings: collect them with"
    " 'compliance collect --services account,iam,s3,ec2 -o account.json'"
    " and scan both files (--snapshot CONFIG_FILE --snapshot account.json)"
)


def missing_account_settings(rule: Rule) -> str:
    """Why an account-level rule has no data, what it needed and how to supply it."""
    paths = (rule.reads or {}).get(ACCOUNT_RESOURCE_TYPE, ())
    settings = sorted({p.split(".")[1] for p in paths if p.startswith("configuration.") and "." in p})
    needed = f" ({', '.join(settings)})" if settings else ""
    return f"the snapshot has no AWS::::Account item with the account's settings{needed}; {ACCOUNT_SETTINGS_HINT}"


def _unknown_read(unknown: list[str], declared: Any) -> str | None:
    """The first planned-unknown path a rule reads (every one when it declares no reads)."""
    if not declared:
        return unknown[0] if unknown else None
    return next((u for u in unknown for p in declared if _reads.overlaps(p, u)), None)


def _unknown(path: str) -> str:
    return f"{path} is known only after apply"


def _unread(path: str) -> str:
    return f"{path} was not read by this snapshot's collection"


def _evaluate_account(
    guard: Guard, configured: ConfiguredRule, scope: _AccountScope, region: str | None, collected: set[str] | None
) -> Evaluation:
    view = scope.view
    account = view.account(region)
    resource = account or ConfigurationItem(
        resourceType=ACCOUNT_RESOURCE_TYPE,
        resourceId=scope.account_id,
        accountId=scope.account_id,
        awsRegion=region or "",
    )
    if region is not None and resource.awsRegion != region:
        resource = ConfigurationItem(
            resourceType=ACCOUNT_RESOURCE_TYPE,
            resourceId=resource.resourceId,
            accountId=scope.account_id,
            awsRegion=region,
            arn=resource.arn,
        )
    # AWS::::Account errors are left to the rule, which finds the setting it reads absent (see above).
    reads = [t for t in configured.rule.resource_types if t != ACCOUNT_RESOURCE_TYPE]
    result = None
    for error in scope.errors:
        if error.resourceId is None and any(error.covers(t, scope.account_id, region or "") for t in reads):
            result = Result(ComplianceType.INSUFFICIENT_DATA, _error_annotation(error))
            break
    if result is None:
        if ACCOUNT_RESOURCE_TYPE in configured.rule.resource_types and account is None:
            result = Result(ComplianceType.INSUFFICIENT_DATA, missing_account_settings(configured.rule))
        elif collected is not None and (missing := [t for t in reads if t not in collected]):
            result = Result(ComplianceType.INSUFFICIENT_DATA, f"{missing[0]} was not collected")
        elif collected is None and (absent := [t for t in reads if not view.of_type(t)]):
            result = Result(
                ComplianceType.INSUFFICIENT_DATA,
                f"the snapshot holds no {absent[0]} items and does not say whether that type was recorded",
            )
        elif account is not None and (null := _null_configuration(account)):
            result = null
        else:
            result = _run(guard, configured.rule.bind(configured.params), None, view, account, region)
    return _evaluation(configured, resource, result)
