"""The default, embedded backend: one SQLite file, one transaction per scan.

Rows are zlib-compressed canonical JSON; the columns beside them (resource, hash, status,
compliance) only index the content, and ``verify`` checks they still agree with it.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from compliance.history.records import (
    DELETED_STATUSES,
    EvalKey,
    EvalRow,
    HistoryError,
    ItemKey,
    ItemRow,
    ScanRecord,
    canonical,
    eval_row_from_blob,
    head_from_text,
    item_row_from_blob,
)
from compliance.history.remediations import chain, row_digest
from compliance.history.store import HistoryStore

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scans (
    seq INTEGER PRIMARY KEY, scan_id TEXT NOT NULL UNIQUE, capture_ts TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
    rid INTEGER PRIMARY KEY, account_id TEXT NOT NULL, region TEXT NOT NULL, resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL, arn TEXT, UNIQUE (account_id, region, resource_type, resource_id));
CREATE INDEX IF NOT EXISTS resources_id ON resources (resource_id);
CREATE INDEX IF NOT EXISTS resources_arn ON resources (arn);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, rid INTEGER NOT NULL, md5 TEXT NOT NULL,
    status TEXT NOT NULL, state_id TEXT, body BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS items_rid_seq ON items (rid, seq);
CREATE INDEX IF NOT EXISTS items_seq ON items (seq);
CREATE TABLE IF NOT EXISTS evaluations (
    id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, rid INTEGER NOT NULL, rule TEXT NOT NULL,
    compliance TEXT NOT NULL, ehash TEXT NOT NULL, body BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS evaluations_key_seq ON evaluations (rid, rule, seq);
CREATE INDEX IF NOT EXISTS evaluations_seq ON evaluations (seq);
"""
# Created on the first append, so stores written before audit records existed need no migration.
_REMEDIATIONS = (
    "CREATE TABLE IF NOT EXISTS remediations (id INTEGER PRIMARY KEY, time TEXT, account_id TEXT, body BLOB NOT NULL)"
)
_RESOURCE = "r.account_id, r.region, r.resource_type, r.resource_id"


# Rows are small JSON documents that share most of their keys and many values, which zlib
# alone compresses poorly row by row; a preset dictionary (these names plus a sample of the
# store's first rows, kept in ``meta``) makes them several times smaller.
_DICTIONARY_SEED = (
    b"".join(
        f'"{name}":'.encode()
        for name in (
            "accountId awsRegion arn availabilityZone configuration configurationItemCaptureTime "
            "configurationItemMD5Hash configurationItemStatus configurationStateId relationships resourceCreationTime "
            "resourceId resourceName resourceType supplementaryConfiguration tags version annotation complianceType "
            "configRuleName controls ruleId severity relationshipName"
        ).split()
    )
    + b'"OK""ResourceDeleted""COMPLIANT""NON_COMPLIANT""NOT_APPLICABLE""INSUFFICIENT_DATA""arn:aws:'
)
# A small dictionary compresses about as well as zlib's largest (32 KB) and decompresses twice as
# fast, which is what reconstructing a past state spends most of its time on.
_ITEM_SAMPLE, _EVALUATION_SAMPLE = 6000, 2000


def _as_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()  # a hand edit may store text


_WINDOW_BITS, _MEMORY_LEVEL = 13, 4


def _sample(blobs: list[bytes], size: int) -> bytes:
    return b"".join(blobs[:: max(1, len(blobs) // 64)])[-size:]


def _build_dictionary(items: list[bytes], evaluations: list[bytes]) -> bytes:
    # zlib finds strings near the dictionary's end most cheaply: items, the larger rows, go last.
    return _DICTIONARY_SEED + _sample(evaluations, _EVALUATION_SAMPLE) + _sample(items, _ITEM_SAMPLE)


class _Codec:
    def __init__(self, dictionary: bytes) -> None:
        self.dictionary = dictionary
        # One compressor primed with the dictionary, copied per row: priming one per row cost more
        # than compressing. An 8 KiB window holds the dictionary's samples (the rows are smaller);
        # any zlib stream with this dictionary decompresses alike, so older rows read as before.
        self._primed = zlib.compressobj(6, zlib.DEFLATED, _WINDOW_BITS, _MEMORY_LEVEL, zdict=dictionary)

    def pack(self, blob: bytes) -> bytes:
        packer = self._primed.copy()
        return packer.compress(blob) + packer.flush()

    def unpack(self, packed: bytes, where: str) -> bytes:
        try:
            unpacker = zlib.decompressobj(zdict=self.dictionary)
            return unpacker.decompress(packed) + unpacker.flush()
        except (zlib.error, TypeError):
            raise HistoryError(f"{where}: damaged row (cannot be decompressed)") from None


class SqliteStore(HistoryStore):
    def __init__(self, path: str | Path, url: str | None = None, create: bool = True) -> None:
        self.path = Path(path)
        self.url = url or f"sqlite:{self.path}"
        if not create and not self.path.is_file():
            raise HistoryError(f"no history store at {self.path} yet (record one with 'compliance scan')")
        self._depth = 0
        self._positions: dict[str, int] = {}
        self._cached_codec: _Codec | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            if self._is_new():
                self.conn.executescript(_SCHEMA)
            with self.transaction():
                self._check_schema()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{self.path}: not a compliance history database ({exc})") from None
        except OSError as exc:
            raise HistoryError(f"{self.path}: cannot open: {exc.strerror or exc}") from None

    def _is_new(self) -> bool:
        return self.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'meta'").fetchone()[0] == 0

    def _check_schema(self) -> None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self.conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:
            raise HistoryError(f"{self.path}: history schema {row[0]} is not supported (expected {SCHEMA_VERSION})")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise HistoryError(f"{self.path}: cannot lock the history database: {exc}") from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # ------------------------------------------------------------ reading

    def scans(self) -> list[ScanRecord]:
        records = []
        self._positions = {}
        for seq, text in self.conn.execute("SELECT seq, record FROM scans ORDER BY seq"):
            try:
                record = ScanRecord.from_dict(json.loads(text), f"{self.path}: scan #{seq}")
            except (ValueError, TypeError, AttributeError):
                raise HistoryError(f"{self.path}: scan #{seq}: damaged record") from None
            self._positions[record.scanId] = seq
            records.append(record)
        return records

    def head(self) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
        return head_from_text(row[0] if row else None, f"{self.path}: meta row 'head'")

    def rows(self, record: ScanRecord) -> tuple[list[bytes], list[bytes]]:
        where = f"scan {record.scanId}"
        items = [
            self._codec.unpack(b, where)
            for (b,) in self.conn.execute("SELECT body FROM items WHERE seq = ? ORDER BY id", (record.seq,))
        ]
        evals = [
            self._codec.unpack(b, where)
            for (b,) in self.conn.execute("SELECT body FROM evaluations WHERE seq = ? ORDER BY id", (record.seq,))
        ]
        return items, evals

    def check_rows(self, record: ScanRecord) -> str | None:
        if self._positions.get(record.scanId, record.seq) != record.seq:
            return f"it was moved from position #{record.seq} to #{self._positions[record.scanId]}"
        where = f"scan {record.scanId}"
        query = (
            f"SELECT {_RESOURCE}, i.md5, i.status, i.body FROM items i LEFT JOIN resources r USING (rid) "
            "WHERE i.seq = ? ORDER BY i.id"
        )
        for *key, md5, status, body in self.conn.execute(query, (record.seq,)):
            row = item_row_from_blob(self._codec.unpack(body, where), where)
            if (tuple(key), md5, status) != (row.key, row.md5, row.status):
                return f"an item row's index columns disagree with its content ({row.key[3]})"
        query = (
            f"SELECT {_RESOURCE}, e.rule, e.compliance, e.ehash, e.body FROM evaluations e "
            "LEFT JOIN resources r USING (rid) WHERE e.seq = ? ORDER BY e.id"
        )
        for *key, rule, compliance, ehash, body in self.conn.execute(query, (record.seq,)):
            row = eval_row_from_blob(self._codec.unpack(body, where), where)
            if ((rule, *key), compliance, ehash) != (row.key, row.compliance, row.ehash):
                return f"an evaluation row's index columns disagree with its content ({row.key[0]} {row.key[4]})"
        return None

    def item_index(self, seq: int) -> dict[ItemKey, ItemRow]:
        query = (
            f"SELECT {_RESOURCE}, r.arn, i.md5, i.status, i.state_id, MAX(i.seq) "
            "FROM items i JOIN resources r USING (rid) WHERE i.seq <= ? GROUP BY i.rid"
        )
        out = {}
        for account, region, rtype, rid, arn, md5, status, state_id, _ in self.conn.execute(query, (seq,)):
            key = (account, region, rtype, rid)
            out[key] = ItemRow(key, arn, md5, status, state_id, b"")
        return out

    def items_at(self, seq: int) -> list[ItemRow]:
        query = (
            f"SELECT {_RESOURCE}, r.arn, i.md5, i.status, i.state_id, i.body, MAX(i.seq) "
            "FROM items i JOIN resources r USING (rid) WHERE i.seq <= ? GROUP BY i.rid"
        )
        rows = []
        unpack = self._codec.unpack
        for account, region, rtype, rid, arn, md5, status, state_id, body, _ in self.conn.execute(query, (seq,)):
            if status not in DELETED_STATUSES:
                rows.append(ItemRow((account, region, rtype, rid), arn, md5, status, state_id, unpack(body, rid)))
        return rows

    def eval_index(self, seq: int) -> dict[EvalKey, EvalRow]:
        query = (
            f"SELECT e.rule, {_RESOURCE}, e.compliance, e.ehash, MAX(e.seq) "
            "FROM evaluations e JOIN resources r USING (rid) WHERE e.seq <= ? GROUP BY e.rid, e.rule"
        )
        return {
            tuple(k): EvalRow(tuple(k), compliance, ehash, b"")  # type: ignore[misc]
            for *k, compliance, ehash, _ in self.conn.execute(query, (seq,))
        }

    def evaluations_at(self, seq: int, keys: set[EvalKey] | None = None) -> list[EvalRow]:
        if keys is not None and len(keys) < 1000:
            return self._evaluations_for(seq, keys)
        query = (
            f"SELECT e.rule, {_RESOURCE}, e.compliance, e.ehash, e.body, MAX(e.seq) "
            "FROM evaluations e JOIN resources r USING (rid) WHERE e.seq <= ? GROUP BY e.rid, e.rule"
        )
        rows = []
        for *k, compliance, ehash, body, _ in self.conn.execute(query, (seq,)):
            key = tuple(k)
            if compliance and (keys is None or key in keys):
                rows.append(EvalRow(key, compliance, ehash, self._codec.unpack(body, k[4])))  # type: ignore[arg-type]
        return rows

    def _evaluations_for(self, seq: int, keys: set[EvalKey]) -> list[EvalRow]:
        rows = []
        for key in sorted(keys):
            found = self.conn.execute(
                f"SELECT e.compliance, e.ehash, e.body FROM evaluations e JOIN resources r USING (rid) "
                f"WHERE ({_RESOURCE}) = (?, ?, ?, ?) AND e.rule = ? AND e.seq <= ? ORDER BY e.seq DESC LIMIT 1",
                (*key[1:], key[0], seq),
            ).fetchone()
            if found and found[0]:
                rows.append(EvalRow(key, found[0], found[1], self._codec.unpack(found[2], key[4])))
        return rows

    def _rids_matching(self, resource: str) -> list[int]:
        query = "SELECT rid FROM resources WHERE resource_id = ? OR arn = ? ORDER BY rid"
        return [rid for (rid,) in self.conn.execute(query, (resource, resource))]

    def item_versions(self, resource: str) -> list[tuple[int, ItemRow]]:
        out = []
        for rid in self._rids_matching(resource):
            for seq, body in self.conn.execute("SELECT seq, body FROM items WHERE rid = ? ORDER BY seq, id", (rid,)):
                out.append((seq, item_row_from_blob(self._codec.unpack(body, resource), resource)))
        return sorted(out, key=lambda pair: pair[0])

    def eval_versions(self, keys: set[ItemKey]) -> list[tuple[int, EvalRow]]:
        out = []
        for key in sorted(keys):
            rid = self.conn.execute(f"SELECT rid FROM resources r WHERE ({_RESOURCE}) = (?, ?, ?, ?)", key).fetchone()
            if rid is None:
                continue
            query = "SELECT seq, body FROM evaluations WHERE rid = ? ORDER BY seq, id"
            for seq, body in self.conn.execute(query, rid):
                out.append((seq, eval_row_from_blob(self._codec.unpack(body, key[3]), key[3])))
        return sorted(out, key=lambda pair: pair[0])

    # ------------------------------------------------------------ writing

    def _rid(self, key: ItemKey, arn: str | None, cache: dict[ItemKey, int]) -> int:
        rid = cache.get(key)
        if rid is None:
            cursor = self.conn.execute(
                "INSERT INTO resources (account_id, region, resource_type, resource_id, arn) VALUES (?, ?, ?, ?, ?)",
                (*key, arn),
            )
            rid = cache[key] = int(cursor.lastrowid or 0)
        elif arn:
            self.conn.execute("UPDATE resources SET arn = ? WHERE rid = ? AND arn IS NULL", (arn, rid))
        return rid

    @property
    def _codec(self) -> _Codec:
        if self._cached_codec is None:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'dictionary'").fetchone()
            try:
                dictionary = bytes.fromhex(row[0]) if row else _DICTIONARY_SEED
            except (TypeError, ValueError):
                raise HistoryError(f"{self.path}: meta row 'dictionary': damaged (not hex)") from None
            self._cached_codec = _Codec(dictionary)
        return self._cached_codec

    def _codec_for(self, items: list[ItemRow], evaluations: list[EvalRow]) -> _Codec:
        """The store's codec, its dictionary built from the first rows ever written."""
        if self.conn.execute("SELECT 1 FROM meta WHERE key = 'dictionary'").fetchone() is None:
            dictionary = _build_dictionary([r.blob for r in items], [r.blob for r in evaluations])
            self.conn.execute("INSERT INTO meta VALUES ('dictionary', ?)", (dictionary.hex(),))
            self._cached_codec = None
        return self._codec

    def _insert(self, record: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow]) -> None:
        codec = self._codec_for(items, evaluations)
        cache = {
            tuple(k): rid  # type: ignore[misc]
            for rid, *k in self.conn.execute(f"SELECT rid, {_RESOURCE} FROM resources r")
        }
        self.conn.execute(
            "INSERT INTO scans (seq, scan_id, capture_ts, record) VALUES (?, ?, ?, ?)",
            (record.seq, record.scanId, record.time_key, canonical(record.to_dict()).decode()),
        )
        self.conn.executemany(
            "INSERT INTO items (seq, rid, md5, status, state_id, body) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (record.seq, self._rid(r.key, r.arn, cache), r.md5, r.status, r.stateId, codec.pack(r.blob))
                for r in items
            ],
        )
        self.conn.executemany(
            "INSERT INTO evaluations (seq, rid, rule, compliance, ehash, body) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (record.seq, self._rid(r.key[1:], None, cache), r.key[0], r.compliance, r.ehash, codec.pack(r.blob))
                for r in evaluations
            ],
        )

    def _write(self, record: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow]) -> None:
        with self.transaction():
            try:
                self._insert(record, items, evaluations)
            except sqlite3.IntegrityError as exc:
                raise HistoryError(f"{self.path}: scan #{record.seq} already exists ({exc})") from None
            head = {"seq": record.seq, "scanId": record.scanId, "digest": record.chain_digest}
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (json.dumps(head),))

    def _write_base(self, base: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow]) -> None:
        with self.transaction():
            for table in ("items", "evaluations", "scans"):
                self.conn.execute(f"DELETE FROM {table} WHERE seq <= ?", (base.seq,))
            self._insert(base, items, evaluations)
            self.conn.execute(
                "DELETE FROM resources WHERE rid NOT IN (SELECT rid FROM items) "
                "AND rid NOT IN (SELECT rid FROM evaluations)"
            )

    # ------------------------------------------------------------ remediation audit records

    def _has_remediations(self) -> bool:
        found = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'remediations'").fetchone()
        return bool(found[0])

    def _remediation_rows(self) -> list[bytes]:
        if not self._has_remediations():
            return []
        rows = self.conn.execute("SELECT body FROM remediations ORDER BY id")
        return [_as_bytes(b) for (b,) in rows]

    def _remediation_head(self) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'remediations_head'").fetchone()
        return head_from_text(row[0] if row else None, f"{self.path}: meta row 'remediations_head'")

    def _append_remediation_rows(self, records: list[dict[str, Any]]) -> None:
        with self.transaction():
            self.conn.execute(_REMEDIATIONS)  # not executescript: it would commit the open transaction
            last = self.conn.execute("SELECT body FROM remediations ORDER BY id DESC LIMIT 1").fetchone()
            count = self.conn.execute("SELECT count(*) FROM remediations").fetchone()[0]
            rows = chain(records, row_digest(_as_bytes(last[0])) if last else "")
            self.conn.executemany(
                "INSERT INTO remediations (time, account_id, body) VALUES (?, ?, ?)",
                [(r.get("time"), r.get("accountId"), b) for r, b in zip(records, rows, strict=True)],
            )
            head = {"count": count + len(rows), "digest": row_digest(rows[-1])}
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('remediations_head', ?)", (json.dumps(head),))
