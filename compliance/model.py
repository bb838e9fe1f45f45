"""The plain data every stage passes on: configuration items, snapshots, evaluations.

Field names are AWS Config's (the API spelling of ``get-resource-config-history``), so a
user who knows Config reads our files without a glossary. Nothing here calls AWS.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

ACCOUNT_RESOURCE_TYPE = "AWS::::Account"


class ComplianceType(StrEnum):
    """AWS Config's compliance states, plus ERROR for a rule that itself failed."""

    COMPLIANT = "COMPLIANT"
    NON_COMPLIANT = "NON_COMPLIANT"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    INSUFFICIENT_DATA = "INSUFFICIENT_DATA"
    ERROR = "ERROR"

    def __str__(self) -> str:
        return self.value


_NON_COMPLIANT = ComplianceType.NON_COMPLIANT
INCOMPLETE_STATES = frozenset((ComplianceType.INSUFFICIENT_DATA, ComplianceType.ERROR))


class Severity(StrEnum):
    """Security Hub's severity labels, ordered by :attr:`rank` (higher is worse)."""

    INFORMATIONAL = "INFORMATIONAL"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).upper())
        except ValueError:
            names = ", ".join(s.value.lower() for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None

    def __str__(self) -> str:
        return self.value


_SEVERITY_ORDER = list(Severity)
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(_SEVERITY_ORDER)}


@dataclass(slots=True)
class Relationship:
    resourceType: str
    resourceId: str | None = None
    resourceName: str | None = None
    relationshipName: str = ""


def relationship_dict(r: Relationship) -> dict[str, Any]:
    """``asdict(r)``, without its generic recursion (one per relationship of every item recorded)."""
    return {
        "resourceType": r.resourceType,
        "resourceId": r.resourceId,
        "resourceName": r.resourceName,
        "relationshipName": r.relationshipName,
    }


@dataclass(slots=True)
class ConfigurationItem:
    """One resource at one moment, as AWS Config records it."""

    resourceType: str
    resourceId: str
    accountId: str = ""
    awsRegion: str = ""
    arn: str | None = None
    resourceName: str | None = None
    configurationItemCaptureTime: str | None = None
    configurationItemStatus: str = "OK"
    configurationStateId: str | None = None
    configurationItemMD5Hash: str | None = None
    availabilityZone: str | None = None
    resourceCreationTime: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    # None when the source recorded null (the evaluator reports INSUFFICIENT_DATA, never "fine").
    configuration: dict[str, Any] | None = field(default_factory=dict)
    supplementaryConfiguration: dict[str, Any] | None = field(default_factory=dict)
    version: str = "1.3"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity of the resource across scans: account, region, type, id."""
        return (self.accountId, self.awsRegion, self.resourceType, self.resourceId)

    @property
    def is_deleted(self) -> bool:
        return self.configurationItemStatus in ("ResourceDeleted", "ResourceDeletedNotRecorded")

    def get(self, path: str, default: Any = None) -> Any:
        """Read a dotted property path such as ``configuration.encrypted`` or ``tags.env``."""
        return get_path(self, path, default)

    def compute_hash(self) -> str:
        """MD5 over the recorded state (not capture time), as Config's configurationItemMD5Hash."""
        state = {
            "configuration": self.configuration,
            "supplementaryConfiguration": self.supplementaryConfiguration,
            "tags": self.tags,
            "relationships": [relationship_dict(r) for r in self.relationships],
            "configurationItemStatus": self.configurationItemStatus,
        }
        blob = json.dumps(state, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.md5(blob.encode(), usedforsecurity=False).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def get_path(obj: Any, path: str, default: Any = None) -> Any:
    """Follow a dotted path through attributes and dict keys; a list yields the first hit."""
    current = obj
    for part in path.split("."):
        if current is None:
            return default
        if isinstance(current, dict):
            if part not in current:
                return default
            current = current[part]
        elif isinstance(current, list):
            values = [get_path(v, part, _MISSING) for v in current]
            values = [v for v in values if v is not _MISSING]
            if not values:
                return default
            current = values[0] if len(values) == 1 else values
        elif hasattr(current, part) and not part.startswith("_"):
            current = getattr(current, part)
        else:
            return default
    return current


_MISSING = object()


@dataclass(slots=True)
class CollectionError:
    """Something the collector could not read; rules over these types report INSUFFICIENT_DATA.

    ``resourceTypes`` are the types whose data is incomplete; ``resourceId`` narrows it to one
    resource when only a per-resource call failed.
    """

    service: str
    api: str
    errorCode: str
    message: str
    region: str = ""
    accountId: str = ""
    resourceTypes: list[str] = field(default_factory=list)
    resourceId: str | None = None

    def covers(self, resource_type: str, account_id: str, region: str) -> bool:
        if resource_type not in self.resourceTypes:
            return False
        if self.accountId and account_id and self.accountId != account_id:
            return False
        return not (self.region and region and region != "global" and self.region != region)


@dataclass(slots=True)
class InvalidItem:
    """An item a snapshot file held that failed validation, kept out with ``--skip-invalid``:
    every rule over its type reports ERROR for it, so it never passes unseen."""

    problem: str  # "FILE: configurationItems[3].configuration: expected an object, got list"
    resourceType: str = ""
    resourceId: str = ""
    accountId: str = ""
    awsRegion: str = ""


@dataclass(slots=True)
class Snapshot:
    """Every configuration item of one scan, with what was asked and what could not be read.

    ``resourceTypesCollected`` is None when unknown (an AWS Config file): rules then cannot
    tell "no such resource" from "not recorded" and say so.
    """

    configurationItems: list[ConfigurationItem] = field(default_factory=list)
    configSnapshotId: str = ""
    fileVersion: str = "1.0"
    accountIds: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    captureTime: str | None = None
    toolVersion: str | None = None
    source: str = "compliance"
    collectionErrors: list[CollectionError] = field(default_factory=list)
    resourceTypesCollected: list[str] | None = None
    # Property paths the collectors did not read, per resource type (a saving of requests):
    # a rule that needs one reports INSUFFICIENT_DATA rather than reading the absence as "off".
    propertiesNotRecorded: dict[str, list[str]] = field(default_factory=dict)
    invalidItems: list[InvalidItem] = field(default_factory=list)
    # Planned infrastructure: paths known only at apply time, per resource id (a rule reading one
    # reports INSUFFICIENT_DATA), and where each planned resource is written (file:line, address).
    unknownProperties: dict[str, list[str]] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[ConfigurationItem]:
        return iter(self.configurationItems)

    def __len__(self) -> int:
        return len(self.configurationItems)

    @property
    def is_complete(self) -> bool:
        return not self.collectionErrors


@dataclass(slots=True)
class Evaluation:
    """A rule's verdict on one resource, as AWS Config's EvaluationResult, with our context.

    ``configRuleName`` is the rule as configured (a pack may run one rule twice with different
    parameters under two names); ``ruleId`` is the rule's source identifier. The evaluations of
    one configured rule share one ``controls`` list: replace it rather than change it in place.
    """

    configRuleName: str
    ruleId: str
    resourceType: str
    resourceId: str
    complianceType: ComplianceType
    annotation: str = ""
    accountId: str = ""
    awsRegion: str = ""
    arn: str | None = None
    severity: Severity = Severity.MEDIUM
    controls: list[str] = field(default_factory=list)
    configurationItemMD5Hash: str | None = None
    # Set by a waiver or baseline (compliance.waivers, compliance.baseline): the finding stays
    # visible in every output but does not fail the gate. Keys: kind, reason, owner, expires, source.
    suppression: dict[str, Any] | None = None

    @property
    def resource_key(self) -> tuple[str, str, str, str]:
        return (self.accountId, self.awsRegion, self.resourceType, self.resourceId)

    @property
    def is_failing(self) -> bool:
        return self.complianceType is _NON_COMPLIANT

    @property
    def is_suppressed(self) -> bool:
        return self.suppression is not None

    @property
    def is_incomplete(self) -> bool:
        return self.complianceType in INCOMPLETE_STATES

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's spelling; without ``asdict``'s recursive deep copy."""
        return {
            "configRuleName": self.configRuleName,
            "ruleId": self.ruleId,
            "resourceType": self.resourceType,
            "resourceId": self.resourceId,
            "complianceType": self.complianceType.value,
            "annotation": self.annotation,
            "accountId": self.accountId,
            "awsRegion": self.awsRegion,
            "arn": self.arn,
            "severity": self.severity.value,
            "controls": list(self.controls),
            "configurationItemMD5Hash": self.configurationItemMD5Hash,
            "suppression": None if self.suppression is None else dict(self.suppression),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evaluation:
        values = dict(data)
        values["complianceType"] = ComplianceType(values["complianceType"])
        values["severity"] = Severity.parse(values.get("severity", "MEDIUM"))
        return cls(**values)


def count_by_state(evaluations: Iterable[Evaluation]) -> dict[str, int]:
    counts = dict.fromkeys(ComplianceType, 0)  # keyed by the members: no enum .value per evaluation
    for evaluation in evaluations:
        counts[evaluation.complianceType] += 1
    return {state.value: n for state, n in counts.items()}
