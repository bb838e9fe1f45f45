"""What a scan is asked to do: typed, frozen values built once at the edge.

The CLI builds them from its options (:mod:`compliance.cli.requests`), the Lambda scanner from
its ``COMPLIANCE_*`` environment (:mod:`compliance.scanner.pipeline`), tests directly. Whoever
builds one validates it there, before any AWS call; :func:`compliance.engine.scan` then runs
it. Nothing below the CLI takes a dict of options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from compliance.gate import GatePolicy
from compliance.history.store import DEFAULT_RETENTION_DAYS

if TYPE_CHECKING:
    from compliance.baseline import Baseline
    from compliance.scanner.deadline import Deadline
    from compliance.waivers import Waiver

SourceKind = Literal["live", "demo", "file", "planned", "stored", "session"]


def _frozen(value: Mapping[str, Mapping[str, Any]] | None) -> Mapping[str, Mapping[str, Any]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in (value or {}).items()})


@dataclass(frozen=True, slots=True)
class Source:
    """Where the configuration items come from.

    ``live``: the account the credentials (``profile``, ``role_arn``) read; ``demo``: the
    embedded simulated account; ``file``: the snapshot files at ``paths``, scanned as one;
    ``planned``: the CloudFormation templates and Terraform plans at ``paths`` (with template
    ``parameters``); ``stored``: the state
    recorded in the history store ``store_url`` as of ``at`` (a time) or of scan ``scan_ref``
    (never recorded again); ``session``: an :class:`compliance.collect.session.AwsSession`
    the caller already made (the Lambda scanner, an organization job).
    """

    kind: SourceKind = "live"
    paths: tuple[str, ...] = ()
    store_url: str | None = None
    at: str | None = None
    scan_ref: str | None = None
    profile: str | None = None
    role_arn: str | None = None
    external_id: str | None = None
    role_session_name: str = "compliance-scan"
    parameters: tuple[tuple[str, str], ...] = ()  # planned: template parameters
    skip_invalid: bool = False  # file: evaluate the valid items, an ERROR for each invalid one
    session: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def file(cls, *paths: str, skip_invalid: bool = False) -> Source:
        return cls("file", paths=tuple(str(p) for p in paths), skip_invalid=skip_invalid)

    @classmethod
    def planned(cls, *paths: str, parameters: dict[str, str] | None = None) -> Source:
        return cls("planned", paths=tuple(str(p) for p in paths), parameters=tuple(sorted((parameters or {}).items())))

    @classmethod
    def demo(cls) -> Source:
        return cls("demo")

    @classmethod
    def stored(cls, store_url: str | None, *, at: str | None = None, scan_ref: str | None = None) -> Source:
        return cls("stored", store_url=store_url, at=at, scan_ref=scan_ref)

    @classmethod
    def from_session(cls, session: Any) -> Source:
        return cls("session", session=session)

    @property
    def collects(self) -> bool:
        """True when the scan reads an account (live, demo or a given session)."""
        return self.kind in ("live", "demo", "session")


@dataclass(frozen=True, slots=True)
class RuleSelection:
    """Which rules run: those of ``packs`` plus ``rules`` (neither: every pack and every rule no
    pack uses), with ``params`` ({rule name or id: {parameter: value}}) over the packs' values,
    each within ``rule_timeout`` seconds over all its resources (None: $COMPLIANCE_RULE_TIMEOUT
    or 300; 0: no budget)."""

    packs: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_timeout: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "packs", tuple(self.packs))
        object.__setattr__(self, "rules", tuple(self.rules))
        object.__setattr__(self, "params", _frozen(self.params))

    def overrides(self) -> dict[str, dict[str, Any]]:
        return {rule: dict(values) for rule, values in self.params.items()}


@dataclass(frozen=True, slots=True)
class CollectionSettings:
    """How an account is read: ``regions`` and ``services`` (empty: all), ``workers`` concurrent
    (service, region) reads, whether the account's global part is read (``include_global``; an
    organization job's non-first regions do not), only the collectors the selected rules need
    (``for_rules``), and a ``deadline`` after which collection stops."""

    regions: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    workers: int | None = None
    include_global: bool = True
    for_rules: bool = False
    deadline: Deadline | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regions", tuple(self.regions))
        object.__setattr__(self, "services", tuple(self.services))


@dataclass(frozen=True, slots=True)
class Recording:
    """Where the scan is recorded: the history store ``store_url`` (None: ``$COMPLIANCE_STORE`` or
    the default file), unless ``enabled`` is false. Scans older than ``retention_days`` are pruned
    (None: no pruning). ``previous``: also return the previous scan's evaluations (notifications).
    ``tolerate_failure``: a failed recording is reported in the outcome instead of raised (the
    Lambda scanner goes on to notify and export). ``reuse_unchanged``: keep the recorded verdict of a
    change-triggered rule on a resource unchanged since (:mod:`compliance.unchanged`)."""

    enabled: bool = True
    store_url: str | None = None
    retention_days: int | None = DEFAULT_RETENTION_DAYS
    kind: str = "scan"
    previous: bool = False
    tolerate_failure: bool = False
    reuse_unchanged: bool = False


@dataclass(frozen=True, slots=True)
class Outputs:
    """The reports to write: (format, path or None for standard output) pairs, every one rendered
    before any is written. ``trend`` points for the HTML report (None: from the history store
    when the scan is recorded)."""

    targets: tuple[tuple[str, str | None], ...] = (("table", None),)
    by: str = "summary"  # the table's view: "summary" (what to fix first), "rule", "resource", "control"
    show_passing: bool = False
    color: bool = False
    width: int | None = None  # the terminal's width (None: not a terminal, plain text)
    show_all: bool = False  # every row instead of a screenful
    severity: str | None = None  # show only findings at or above this severity (not the gate)
    trend: tuple[tuple[str, float], ...] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", tuple(self.targets))
        object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    @property
    def formats(self) -> list[str]:
        return [name for name, _ in self.targets]


@dataclass(frozen=True, slots=True)
class GateRequest:
    """Which findings fail the run (``policy``), and which are suppressed first: ``waivers``
    (parsed from ``waivers_path``) and a ``baseline`` (parsed from ``baseline_path``)."""

    policy: GatePolicy = field(default_factory=GatePolicy)
    waivers_path: str | None = None
    waivers: tuple[Waiver, ...] = ()
    baseline_path: str | None = None
    baseline: Baseline | None = None
    today: Any = None  # a datetime.date for waiver expiry (None: today)

    def __post_init__(self) -> None:
        object.__setattr__(self, "waivers", tuple(self.waivers))


@dataclass(frozen=True, slots=True)
class EventScope:
    """A change-triggered (incremental) scan: re-read only the resources ``changes`` name (a
    tuple of :class:`compliance.events.Change`, resolved from event files at the edge), evaluate
    the rules of their types and record the result with each event as the cause. ``events``,
    ``unknown`` and ``skipped`` count what the event files held."""

    changes: tuple[Any, ...] = ()
    events: int = 0
    unknown: Mapping[str, int] = field(default_factory=dict)
    skipped: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "changes", tuple(self.changes))
        object.__setattr__(self, "unknown", MappingProxyType(dict(self.unknown)))
        object.__setattr__(self, "skipped", MappingProxyType(dict(self.skipped)))

    @classmethod
    def from_files(cls, paths: Any, known_types: set[str] | None = None) -> EventScope:
        """The changes in the event files ``paths`` (bad input: one-line InputError)."""
        from compliance.events import resolve_files

        batch = resolve_files(list(paths), known_types)
        return cls(tuple(batch.changes), batch.events, dict(batch.unknown), dict(batch.skipped))


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """One scan: source → (rules) → evaluate → triage → record → reports → gate.

    ``selection`` None collects and records the snapshot without evaluating (``compliance
    collect``); ``outputs`` None writes no report; ``gate`` None applies no waiver, baseline or
    gate decision; ``events`` makes it incremental (see :class:`EventScope`).
    """

    source: Source = field(default_factory=Source)
    selection: RuleSelection | None = field(default_factory=RuleSelection)
    collection: CollectionSettings = field(default_factory=CollectionSettings)
    recording: Recording = field(default_factory=Recording)
    outputs: Outputs | None = None
    gate: GateRequest | None = None
    events: EventScope | None = None  # an incremental scan of what these change events name
