"""The history store: what both backends do, written once over a few storage primitives.

A scan writes only what changed since the store's latest state: a configuration item whose
hash changed (with a new ``configurationStateId``), a ``ResourceDeleted`` item for a resource
the scan should have seen and did not, an evaluation that changed, and a removal marker for an
evaluation that a rule which ran no longer produces. The state at any scan is the latest row per
resource up to that scan. Backends store rows as canonical JSON (see :mod:`.records`).
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from compliance.errors import InputError
from compliance.gcpause import paused_gc
from compliance.history.records import (
    DELETED,
    GENESIS,
    EvalKey,
    EvalRow,
    ItemKey,
    ItemRow,
    ScanRecord,
    eval_row,
    evaluation_from_data,
    iso,
    item_from_data,
    item_row,
    now_utc,
    parse_time,
    removal_row,
    scan_digest,
    time_key,
)
from compliance.history.remediations import RemediationLog, row_digest
from compliance.model import CollectionError, ComplianceType, ConfigurationItem, Evaluation, Snapshot

DEFAULT_RETENTION_DAYS = 2557  # AWS Config's default: seven years


@dataclass(slots=True)
class Recorded:
    """What :meth:`HistoryStore.record` wrote, and the evaluations whose compliance changed."""

    scan: ScanRecord
    changes: list[tuple[Evaluation | None, Evaluation]] = field(default_factory=list)


@dataclass(slots=True)
class VerifyReport:
    ok: bool
    checked: int
    scan: ScanRecord | None = None
    reason: str = ""
    head_digest: str = ""
    remediations: int = 0  # remediation audit records verified
    part: str = "scans"  # what failed: "scans", "remediations" or "metadata" (a damaged head or dictionary row)
    remediations_digest: str = ""  # the last remediation record's digest: an anchor for the audit records


@dataclass(slots=True)
class PruneResult:
    removed: int
    base: ScanRecord | None = None


class _Scope:
    """Which resources a snapshot speaks for: only those can be marked deleted by their absence."""

    def __init__(self, snapshot: Snapshot, only: set[ItemKey] | None = None) -> None:
        self.only = only
        items = snapshot.configurationItems
        self.accounts = set(snapshot.accountIds) | {i.accountId for i in items}
        self.regions = set(snapshot.regions) | {i.awsRegion for i in items}
        self.types = (
            None
            if snapshot.resourceTypesCollected is None
            else set(snapshot.resourceTypesCollected) | {i.resourceType for i in items}
        )
        self.errors = snapshot.collectionErrors

    def covers_region(self, account: str, region: str) -> bool:
        if account not in self.accounts:
            return False
        return region in ("", "global") or region in self.regions

    def covers_evaluation(self, key: EvalKey) -> bool:
        if self.only is not None:
            return key[1:] in self.only
        return self.covers_region(key[1], key[2])

    def covers(self, key: ItemKey) -> bool:
        if self.only is not None:
            return key in self.only
        account, region, resource_type, resource_id = key
        if not self.covers_region(account, region):
            return False
        if self.types is not None and resource_type not in self.types:
            return False
        return not any(
            e.covers(resource_type, account, region) and e.resourceId in (None, resource_id) for e in self.errors
        )


_ITEM_KEY = attrgetter("accountId", "awsRegion", "resourceType", "resourceId")  # ConfigurationItem.key
_EVAL_KEY = attrgetter("configRuleName", "accountId", "awsRegion", "resourceType", "resourceId")


def _next_state_id(previous: str | None, capture: datetime) -> str:
    """Config's configurationStateId is epoch milliseconds; keep it increasing per resource."""
    candidate = int(capture.timestamp() * 1000)
    if previous and previous.isdigit() and int(previous) >= candidate:
        candidate = int(previous) + 1
    return str(candidate)


class HistoryStore(RemediationLog, ABC):
    """Record snapshots and evaluations; reconstruct, diff, prune and verify them; keep the
    remediation audit records (see :mod:`.remediations`)."""

    url: str = ""

    # ------------------------------------------------------------ storage primitives

    @abstractmethod
    def scans(self) -> list[ScanRecord]:
        """Every committed scan, oldest (lowest ``seq``) first."""

    @abstractmethod
    def head(self) -> dict[str, Any] | None:
        """The latest scan's seq, id and chain digest as written at commit, or None."""

    @abstractmethod
    def rows(self, record: ScanRecord) -> tuple[list[bytes], list[bytes]]:
        """The item and evaluation rows ``record`` wrote, as stored, in stored order."""

    @abstractmethod
    def item_index(self, seq: int) -> dict[ItemKey, ItemRow]:
        """The latest item row per resource up to ``seq`` (deleted ones too; blobs may be empty)."""

    @abstractmethod
    def items_at(self, seq: int) -> list[ItemRow]:
        """The live (not deleted) item rows as of ``seq``, with blobs."""

    @abstractmethod
    def eval_index(self, seq: int) -> dict[EvalKey, EvalRow]:
        """The latest evaluation row per (rule, resource) up to ``seq`` (blobs may be empty)."""

    @abstractmethod
    def evaluations_at(self, seq: int, keys: set[EvalKey] | None = None) -> list[EvalRow]:
        """The live evaluation rows as of ``seq`` (only ``keys`` when given), with blobs."""

    @abstractmethod
    def item_versions(self, resource: str) -> list[tuple[int, ItemRow]]:
        """Every stored version of the resources whose id or ARN is ``resource``, by seq."""

    @abstractmethod
    def eval_versions(self, keys: set[ItemKey]) -> list[tuple[int, EvalRow]]:
        """Every stored evaluation row of these resources, by seq."""

    @abstractmethod
    def _write(self, record: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow]) -> None:
        """Commit one scan, all or nothing."""

    @abstractmethod
    def _write_base(self, base: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow]) -> None:
        """Replace every scan up to ``base.seq`` by ``base``, all or nothing for readers."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the store for one read-then-write (the SQLite backend locks the file)."""
        yield

    def check_rows(self, record: ScanRecord) -> str | None:
        """A backend's own consistency check of ``record``'s rows (index columns vs content)."""
        return None

    def close(self) -> None:  # noqa: B027 - only some backends hold connections
        """Release connections."""

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ finding scans

    def latest(self) -> ScanRecord | None:
        scans = self.scans()
        return scans[-1] if scans else None

    def resolve(self, ref: str | int) -> ScanRecord:
        """A scan by id, unique id prefix, seq number, or ``latest``."""
        scans = self.scans()
        text = str(ref).strip()
        if not scans:
            raise InputError(f"unknown scan {text!r}: the store {self.url} holds no scans")
        if text in ("latest", "last"):
            return scans[-1]
        match = [s for s in scans if s.seq == int(text)] if text.isdigit() else []
        if not match:
            match = [s for s in scans if s.scanId == text] or [s for s in scans if text and s.scanId.startswith(text)]
        if len(match) != 1:
            why = "is ambiguous" if match else "not found"
            raise InputError(f"unknown scan {text!r}: {why} in {self.url} (see 'compliance scans')")
        return match[0]

    def at_time(self, when: str | datetime) -> ScanRecord:
        """The latest scan captured at or before ``when``."""
        moment = when if isinstance(when, datetime) else parse_time(when, "--at")
        wanted = time_key(moment)
        found = [s for s in self.scans() if s.time_key <= wanted]
        if not found:
            raise InputError(f"no scan recorded at or before {iso(moment)} in {self.url} (see 'compliance scans')")
        return found[-1]

    # ------------------------------------------------------------ recording

    def record(
        self,
        snapshot: Snapshot,
        evaluations: Iterable[Evaluation] | None = None,
        rule_names: Iterable[str] | None = None,
        kind: str = "scan",
        *,
        only: set[ItemKey] | None = None,
        causes: list[dict[str, Any]] | None = None,
        rule_fingerprints: dict[str, str] | None = None,
    ) -> Recorded:
        """Store what changed since the latest recorded state, sealed and chained.

        ``evaluations`` is None for a collect. ``rule_names`` are the rules that ran (default:
        those named by the evaluations): an evaluation of one of them that is no longer
        produced for an in-scope resource is marked removed. ``only``: an incremental scan
        speaks for these resources alone (one absent from the snapshot is deleted); ``causes``
        (the change events, each naming its ``resources``) are sealed into the scan record, as are
        ``rule_fingerprints`` (rule name -> fingerprint, see :mod:`compliance.unchanged`).
        """
        recorded_at = now_utc()
        capture = parse_time(snapshot.captureTime, "snapshot captureTime") if snapshot.captureTime else recorded_at
        scope = _Scope(snapshot, only)
        with self.transaction(), paused_gc():
            last = self.latest()
            previous_items = self.item_index(last.seq) if last else {}
            item_rows = self._item_changes(snapshot.configurationItems, previous_items, scope, capture)
            eval_rows: list[EvalRow] = []
            changed: list[tuple[EvalKey, Evaluation]] = []
            current: dict[EvalKey, Evaluation] = {}
            previous_evals: dict[EvalKey, EvalRow] = {}
            if evaluations is not None:
                previous_evals = self.eval_index(last.seq) if last else {}
                current = {_EVAL_KEY(e): e for e in evaluations}
                names = set(rule_names) if rule_names is not None else {k[0] for k in current}
                eval_rows, changed = self._eval_changes(current, previous_evals, names, scope)
            record = ScanRecord(
                seq=last.seq + 1 if last else 1,
                scanId=f"{capture.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}",
                kind=kind,
                captureTime=iso(capture),
                recordedAt=iso(recorded_at),
                accountIds=sorted(scope.accounts - {""}),
                regions=sorted(scope.regions - {"", "global"}),
                itemCount=len(set(map(_ITEM_KEY, snapshot.configurationItems))),
                evaluationCount=len(current),
                findingCount=sum(e.complianceType is ComplianceType.NON_COMPLIANT for e in current.values()),
                itemRows=len(item_rows),
                evaluationRows=len(eval_rows),
                snapshot=_snapshot_metadata(snapshot)
                | ({"causes": causes} if causes else {})
                | ({"ruleFingerprints": rule_fingerprints} if rule_fingerprints else {}),
                previousDigest=last.chain_digest if last else GENESIS,
            )
            record.digest = scan_digest(record, (r.blob for r in item_rows), (r.blob for r in eval_rows))
            had = {k for k, _ in changed if k in previous_evals and not previous_evals[k].removed}
            before = {r.key: r for r in self.evaluations_at(last.seq, had)} if last and had else {}
            self._write(record, item_rows, eval_rows)
        changes = [(evaluation_from_data(before[k].evaluation()) if k in before else None, e) for k, e in changed]
        return Recorded(record, changes)

    def _item_changes(
        self,
        items: list[ConfigurationItem],
        previous: dict[ItemKey, ItemRow],
        scope: _Scope,
        capture: datetime,
    ) -> list[ItemRow]:
        rows: list[ItemRow] = []
        current = {_ITEM_KEY(item): item for item in items}
        for key, item in current.items():
            before = previous.get(key)
            if before is not None and before.md5 == item.compute_hash():
                continue
            row = item_row(item)
            if item.configurationStateId is None or (
                before is not None and item.configurationStateId == before.stateId
            ):
                new_id = _next_state_id(before.stateId if before else None, capture)
                row = item_row(replace(item, configurationStateId=new_id))
            rows.append(row)
        for key, before in previous.items():
            if before.deleted or key in current or not scope.covers(key):
                continue
            account, region, resource_type, resource_id = key
            gone = ConfigurationItem(
                resourceType=resource_type,
                resourceId=resource_id,
                accountId=account,
                awsRegion=region,
                arn=before.arn,
                configurationItemCaptureTime=iso(capture),
                configurationItemStatus=DELETED,
                configurationStateId=_next_state_id(before.stateId, capture),
            )
            rows.append(item_row(gone))
        return rows

    @staticmethod
    def _eval_changes(
        current: dict[EvalKey, Evaluation],
        previous: dict[EvalKey, EvalRow],
        rule_names: set[str],
        scope: _Scope,
    ) -> tuple[list[EvalRow], list[tuple[EvalKey, Evaluation]]]:
        rows: list[EvalRow] = []
        changed: list[tuple[EvalKey, Evaluation]] = []
        for key, evaluation in current.items():
            row = eval_row(evaluation)
            before = previous.get(key)
            if before is None or before.removed or before.ehash != row.ehash:
                rows.append(row)
            if before is None or before.removed or before.compliance != row.compliance:
                changed.append((key, evaluation))
        for key, before in previous.items():
            if before.removed or key in current or key[0] not in rule_names:
                continue
            if scope.covers_evaluation(key):
                rows.append(removal_row(key))
        return rows, changed

    # ------------------------------------------------------------ reading

    def state(self, record: ScanRecord) -> Snapshot:
        """The configuration as of ``record``: every live item, with that scan's metadata."""
        with paused_gc():
            items = [item_from_data(r.item()) for r in self.items_at(record.seq)]  # in first-recorded order
        meta = record.snapshot
        collected = meta.get("resourceTypesCollected")
        return Snapshot(
            configurationItems=items,
            configSnapshotId=f"history:{record.scanId}",
            fileVersion=str(meta.get("fileVersion") or "1.0"),
            accountIds=sorted(set(record.accountIds) | {i.accountId for i in items if i.accountId}),
            regions=sorted(set(record.regions) | {i.awsRegion for i in items if i.awsRegion not in ("", "global")}),
            captureTime=record.captureTime,
            toolVersion=meta.get("toolVersion"),
            source=f"history ({self.url}, scan {record.scanId})",
            collectionErrors=[CollectionError(**e) for e in meta.get("collectionErrors") or []],
            resourceTypesCollected=None
            if collected is None
            else sorted(set(collected) | {i.resourceType for i in items}),
        )

    def evaluations(self, record: ScanRecord) -> list[Evaluation]:
        """Every evaluation known as of ``record`` (its own, and older ones of rules it did not run)."""
        with paused_gc():
            rows = self.evaluations_at(record.seq)
            evaluations = [evaluation_from_data(r.evaluation()) for r in rows]
        return sorted(
            evaluations,
            key=lambda e: (e.configRuleName, *e.resource_key),
        )

    # ------------------------------------------------------------ retention

    def prune(self, retention_days: int, now: datetime | None = None) -> PruneResult:
        """Drop scans older than the retention period, keeping the state as of the last of them
        as a ``base`` record, so any retained moment stays reconstructable."""
        if retention_days < 1:
            raise InputError(f"--retention-days: must be at least 1, got {retention_days}")
        moment = now or now_utc()
        cutoff = time_key(moment - timedelta(days=retention_days))
        with self.transaction():
            old: list[ScanRecord] = []
            for record in self.scans():
                if record.time_key >= cutoff:
                    break
                old.append(record)
            if not old or (len(old) == 1 and old[0].kind == "base"):
                return PruneResult(0)
            last = old[-1]
            items = self.items_at(last.seq)
            evals = self.evaluations_at(last.seq)
            base = replace(
                last,
                kind="base",
                recordedAt=iso(moment),
                itemCount=len(items),
                evaluationCount=len(evals),
                findingCount=sum(r.compliance == ComplianceType.NON_COMPLIANT.value for r in evals),
                itemRows=len(items),
                evaluationRows=len(evals),
                sealedDigest=last.chain_digest,
                digest="",
            )
            base.digest = scan_digest(base, (r.blob for r in items), (r.blob for r in evals))
            self._write_base(base, items, evals)
        return PruneResult(len(old) - 1, base)

    # ------------------------------------------------------------ tamper evidence

    def verify(self, anchor: str | Sequence[str] | None = None) -> VerifyReport:
        """Recompute every scan's digest and the chain, then the remediation records' chain;
        report the first thing that fails (a damaged metadata row included, named).

        ``anchor`` is one or more digests kept outside the store (printed by an earlier verify:
        the scans' head digest, the remediation records' head digest): each must still be in
        its chain, which catches a history rewritten with fresh digests, or its last records
        removed with the head rewritten to match."""
        anchors = [anchor] if isinstance(anchor, str) else [a for a in anchor or () if a]
        try:
            return self._verify(anchors)
        except InputError as exc:
            return VerifyReport(False, 0, None, str(exc), part="metadata")

    def _verify(self, anchors: list[str]) -> VerifyReport:
        scans = self.scans()
        remediation_digests = [row_digest(b) for b in self._remediation_rows()] if anchors else []
        for wanted in anchors:
            if any(wanted in (s.digest, s.chain_digest) for s in scans):
                continue
            if wanted in remediation_digests:
                continue
            return VerifyReport(
                False,
                0,
                scans[0] if scans else None,
                f"no scan or remediation record has the anchored digest {wanted}: the history up to it was rewritten",
            )
        expected = GENESIS
        for index, record in enumerate(scans):
            try:
                items, evals = self.rows(record)
                problem = self.check_rows(record)
            except InputError as exc:
                return VerifyReport(False, index, record, str(exc))
            if problem is None and scan_digest(record, items, evals) != record.digest:
                problem = "its items, evaluations or record no longer match its digest"
            if problem is None and record.kind == "base" and index:
                problem = "a pruned base state in the middle of the history"
            if problem is None and index == 0 and record.kind != "base" and record.previousDigest != GENESIS:
                problem = "the scans before it are missing"
            if problem is None and index and record.previousDigest != expected:
                problem = "it is not chained to the scan before it (a scan was removed, inserted or reordered)"
            if problem:
                return VerifyReport(False, index, record, problem)
            expected = record.chain_digest
        head = self.head()
        last = scans[-1] if scans else None
        if head is None and last is not None:
            return VerifyReport(False, len(scans), last, "the store's head record is missing")
        if head is not None:
            named = next((s for s in scans if s.seq == head.get("seq")), None)
            if named is None or named.chain_digest != head.get("digest") or named.scanId != head.get("scanId"):
                where = f"after {last.scanId}" if last else "every scan"
                return VerifyReport(
                    False,
                    len(scans),
                    last,
                    f"scans are missing ({where}): the head names #{head.get('seq')} {head.get('scanId')}",
                )
        audited, problem = self.verify_remediations()
        if problem:
            return VerifyReport(False, len(scans), None, problem, remediations=audited, part="remediations")
        rows = self._remediation_rows() if audited else []
        return VerifyReport(
            True,
            len(scans),
            head_digest=last.chain_digest if last else "",
            remediations=audited,
            remediations_digest=row_digest(rows[-1]) if rows else "",
        )


def _snapshot_metadata(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "configSnapshotId": snapshot.configSnapshotId,
        "fileVersion": snapshot.fileVersion,
        "toolVersion": snapshot.toolVersion,
        "source": snapshot.source,
        "resourceTypesCollected": snapshot.resourceTypesCollected,
        "collectionErrors": [asdict(e) for e in snapshot.collectionErrors],
    }
