"""The S3 backend (``s3://bucket/prefix``), for the Lambda scanner and organizations.

Layout under the prefix::

    data/0000000042-<scanId>/items.jsonl.gz         rows the scan wrote, one canonical JSON a line
    data/0000000042-<scanId>/evaluations.jsonl.gz
    manifests/0000000042.json                        the scan record: written last, the commit
    head.json                                        the latest scan's seq, id and digest
    remediations/0000000007.jsonl                    one append of remediation audit records
    remediations-head.json                           their count and last digest

A scan is committed when its manifest exists, so readers, which only follow manifests, never
see a partial scan. The manifest is written with ``If-None-Match: *``: of two writers racing
for the same seq, the second fails and writes nothing visible. Remediation records are appended
the same way (never overwritten); a writer that loses the race re-chains and takes the next number.
"""

from __future__ import annotations

import gzip
import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from compliance.history.records import (
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

PREFETCH_WORKERS = 16
APPEND_ATTEMPTS = 5


class S3Store(HistoryStore):
    def __init__(self, bucket: str, prefix: str = "", client: Any = None, url: str | None = None, **client_args: Any):
        import boto3

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.url = url or f"s3://{bucket}/{self.prefix}".rstrip("/")
        self.client = client or boto3.client("s3", **{k: v for k, v in client_args.items() if v})
        self._manifests: dict[str, tuple[str, dict[str, Any]]] = {}  # key -> (etag, manifest)
        self._rows: dict[str, tuple[list[ItemRow], list[EvalRow]]] = {}
        self._positions: dict[str, int] = {}

    def _key(self, *parts: str) -> str:
        return "/".join([self.prefix, *parts] if self.prefix else parts)

    def _call(self, operation: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = error.get("Code", "")
            if code in ("NoSuchKey", "404") and operation == "get_object":
                raise HistoryError(f"{self.url}: object {kwargs.get('Key')} is missing") from None
            raise HistoryError(f"{self.url}: S3 {operation} failed: {code}: {error.get('Message', '')}") from None
        except BotoCoreError as exc:
            raise HistoryError(f"{self.url}: S3 {operation} failed: {exc}") from None

    def _get(self, key: str) -> bytes:
        return self._call("get_object", Key=key)["Body"].read()

    def _list(self, prefix: str) -> list[dict[str, Any]]:
        objects: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            page = self._call("list_objects_v2", Prefix=prefix, **extra)
            objects.extend(page.get("Contents", []))
            if not page.get("IsTruncated"):
                return sorted(objects, key=lambda o: o["Key"])
            token = page["NextContinuationToken"]

    # ------------------------------------------------------------ reading

    def _manifest(self, key: str, etag: str) -> dict[str, Any]:
        cached = self._manifests.get(key)
        if cached and cached[0] == etag:
            return cached[1]
        try:
            manifest = json.loads(self._get(key))
            if not isinstance(manifest, dict) or not isinstance(manifest.get("objects"), dict):
                raise ValueError("not a manifest")
        except ValueError:
            raise HistoryError(f"{self.url}: {key}: damaged manifest") from None
        self._manifests[key] = (etag, manifest)
        return manifest

    def scans(self) -> list[ScanRecord]:
        records = []
        self._positions = {}
        for obj in self._list(self._key("manifests") + "/"):
            key = obj["Key"]
            manifest = self._manifest(key, obj.get("ETag", ""))
            record = ScanRecord.from_dict(manifest.get("record"), f"{self.url}: {key}")
            name = key.rsplit("/", 1)[-1].split(".")[0]
            self._positions[record.scanId] = int(name) if name.isdigit() else -1
            records.append(record)
        return sorted(records, key=lambda r: (self._positions[r.scanId], r.seq))

    def head(self) -> dict[str, Any] | None:
        try:
            return head_from_text(self._get(self._key("head.json")), f"{self.url}: head.json")
        except HistoryError as exc:
            if "is missing" in str(exc):
                return None
            raise

    def _objects(self, record: ScanRecord) -> dict[str, str]:
        key = self._key("manifests", f"{self._positions.get(record.scanId, record.seq):010d}.json")
        cached = self._manifests.get(key)
        if cached is None:
            raise HistoryError(f"{self.url}: no manifest for scan {record.scanId}")
        return cached[1]["objects"]

    def rows(self, record: ScanRecord) -> tuple[list[bytes], list[bytes]]:
        objects = self._objects(record)
        return self._lines(objects.get("items", "")), self._lines(objects.get("evaluations", ""))

    def _lines(self, key: str) -> list[bytes]:
        if not key:
            raise HistoryError(f"{self.url}: a manifest names no data object")
        try:
            text = gzip.decompress(self._get(key))
        except (OSError, EOFError):
            raise HistoryError(f"{self.url}: {key}: damaged (not gzip)") from None
        return [line for line in text.split(b"\n") if line]

    def check_rows(self, record: ScanRecord) -> str | None:
        position = self._positions.get(record.scanId, record.seq)
        if position != record.seq:
            return f"its manifest was moved from #{record.seq} to #{position}"
        return None

    def _cache_key(self, record: ScanRecord) -> str:
        objects = self._objects(record)
        return f"{objects.get('items')}|{objects.get('evaluations')}"

    def _parsed(self, record: ScanRecord) -> tuple[list[ItemRow], list[EvalRow]]:
        cache_key = self._cache_key(record)
        if cache_key not in self._rows:
            items, evals = self.rows(record)
            where = f"scan {record.scanId}"
            self._rows[cache_key] = (
                [item_row_from_blob(b, where) for b in items],
                [eval_row_from_blob(b, where) for b in evals],
            )
        return self._rows[cache_key]

    def _prefetch(self, records: list[ScanRecord]) -> None:
        """Read the rows of many scans concurrently (a year of daily scans is 730 objects)."""
        missing = [r for r in records if self._cache_key(r) not in self._rows]
        if len(missing) > 1:
            with ThreadPoolExecutor(max_workers=PREFETCH_WORKERS) as pool:
                list(pool.map(self._parsed, missing))

    def _fold(self, seq: int) -> tuple[dict[ItemKey, ItemRow], dict[EvalKey, EvalRow]]:
        items: dict[ItemKey, ItemRow] = {}
        evals: dict[EvalKey, EvalRow] = {}
        records = [r for r in self.scans() if r.seq <= seq]
        bases = [i for i, r in enumerate(records) if r.kind == "base"]
        records = records[bases[-1] :] if bases else records
        self._prefetch(records)
        for record in records:
            if record.kind == "base":
                items.clear()
                evals.clear()
            item_rows, eval_rows = self._parsed(record)
            items.update((r.key, r) for r in item_rows)
            evals.update((r.key, r) for r in eval_rows)
        return items, evals

    def item_index(self, seq: int) -> dict[ItemKey, ItemRow]:
        return self._fold(seq)[0]

    def items_at(self, seq: int) -> list[ItemRow]:
        return [r for r in self._fold(seq)[0].values() if not r.deleted]

    def eval_index(self, seq: int) -> dict[EvalKey, EvalRow]:
        return self._fold(seq)[1]

    def evaluations_at(self, seq: int, keys: set[EvalKey] | None = None) -> list[EvalRow]:
        rows = self._fold(seq)[1].values()
        return [r for r in rows if not r.removed and (keys is None or r.key in keys)]

    def item_versions(self, resource: str) -> list[tuple[int, ItemRow]]:
        self._prefetch(self.scans())
        return [
            (record.seq, row)
            for record in self.scans()
            for row in self._parsed(record)[0]
            if resource in (row.key[3], row.arn)
        ]

    def eval_versions(self, keys: set[ItemKey]) -> list[tuple[int, EvalRow]]:
        self._prefetch(self.scans())
        return [(record.seq, row) for record in self.scans() for row in self._parsed(record)[1] if row.key[1:] in keys]

    # ------------------------------------------------------------ writing

    def _put_data(self, record: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow], tag: str) -> dict:
        folder = self._key("data", f"{record.seq:010d}-{record.scanId}{tag}")
        objects = {"items": f"{folder}/items.jsonl.gz", "evaluations": f"{folder}/evaluations.jsonl.gz"}
        for name, rows in (("items", items), ("evaluations", evaluations)):
            body = gzip.compress(b"".join(r.blob + b"\n" for r in rows), mtime=0)
            self._call("put_object", Key=objects[name], Body=body, ContentType="application/x-ndjson")
        return objects

    def _write(self, record: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow]) -> None:
        from botocore.exceptions import ClientError

        objects = self._put_data(record, items, evaluations, "")
        manifest = canonical({"record": record.to_dict(), "objects": objects})
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key("manifests", f"{record.seq:010d}.json"),
                Body=manifest,
                IfNoneMatch="*",
                ContentType="application/json",
            )
        except ClientError as exc:
            for key in objects.values():
                self._call("delete_object", Key=key)
            if exc.response.get("Error", {}).get("Code") in ("PreconditionFailed", "ConditionalRequestConflict"):
                raise HistoryError(f"{self.url}: another writer recorded scan #{record.seq} first; run again") from None
            raise HistoryError(f"{self.url}: S3 put_object failed: {exc}") from None
        head = {"seq": record.seq, "scanId": record.scanId, "digest": record.chain_digest}
        self._call("put_object", Key=self._key("head.json"), Body=canonical(head), ContentType="application/json")

    def _write_base(self, base: ScanRecord, items: list[ItemRow], evaluations: list[EvalRow]) -> None:
        objects = self._put_data(base, items, evaluations, f"-base-{secrets.token_hex(3)}")
        manifest = canonical({"record": base.to_dict(), "objects": objects})
        self._call("put_object", Key=self._key("manifests", f"{base.seq:010d}.json"), Body=manifest)
        # Readers fold from the latest base, so the state is right even before the old scans go.
        for obj in self._list(self._key("manifests") + "/"):
            name = obj["Key"].rsplit("/", 1)[-1].split(".")[0]
            if name.isdigit() and int(name) < base.seq:
                self._call("delete_object", Key=obj["Key"])
        keep = set(objects.values())
        for obj in self._list(self._key("data") + "/"):
            folder = obj["Key"].rsplit("/", 2)[-2]
            seq = folder.split("-", 1)[0]
            if seq.isdigit() and int(seq) <= base.seq and obj["Key"] not in keep:
                self._call("delete_object", Key=obj["Key"])
        self._rows.clear()

    # ------------------------------------------------------------ remediation audit records

    def _remediation_objects(self) -> list[tuple[int, str]]:
        """(number, key) of every remediation object, in appended order."""
        out = []
        for obj in self._list(self._key("remediations") + "/"):
            name = obj["Key"].rsplit("/", 1)[-1].split(".")[0]
            out.append((int(name) if name.isdigit() else -1, obj["Key"]))
        return sorted(out)

    def _object_rows(self, key: str) -> list[bytes]:
        return [line for line in self._get(key).split(b"\n") if line]

    def _remediation_rows(self) -> list[bytes]:
        keys = [key for _, key in self._remediation_objects()]
        with ThreadPoolExecutor(max_workers=PREFETCH_WORKERS) as pool:
            return [row for rows in pool.map(self._object_rows, keys) for row in rows]

    def _remediation_head(self) -> dict[str, Any] | None:
        try:
            return head_from_text(
                self._get(self._key("remediations-head.json")), f"{self.url}: remediations-head.json"
            )
        except HistoryError as exc:
            if "is missing" in str(exc):
                return None
            raise

    def _append_remediation_rows(self, records: list[dict[str, Any]]) -> None:
        from botocore.exceptions import ClientError

        for _ in range(APPEND_ATTEMPTS):
            objects = self._remediation_objects()
            number = objects[-1][0] + 1 if objects else 1
            last = self._object_rows(objects[-1][1]) if objects else []
            previous = row_digest(last[-1]) if last else ""
            rows = chain(records, previous)
            try:
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=self._key("remediations", f"{number:010d}.jsonl"),
                    Body=b"".join(r + b"\n" for r in rows),
                    IfNoneMatch="*",
                    ContentType="application/x-ndjson",
                )
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("PreconditionFailed", "ConditionalRequestConflict"):
                    continue  # another writer appended #number first: chain after its records
                raise HistoryError(f"{self.url}: S3 put_object failed: {exc}") from None
            head = self._remediation_head()
            if head is not None and head.get("digest") == previous and isinstance(head.get("count"), int):
                count = head["count"] + len(rows)
            else:  # first append, or the last writer stopped before its head: count them all
                count = len(self._remediation_rows())
            body = canonical({"count": count, "digest": row_digest(rows[-1])})
            self._call("put_object", Key=self._key("remediations-head.json"), Body=body, ContentType="application/json")
            return
        raise HistoryError(f"{self.url}: other writers kept appending remediation records; run again")
