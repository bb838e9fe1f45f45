"""Tamper evidence: edits, deletions and reorderings of stored rows (SQLite) and objects (S3) are
caught by ``verify`` at the first scan they touch, and ``compliance history verify`` exits 1."""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3

import boto3
import pytest
from history_support import BUCKET, evaluation, mocked_bucket, open_backend, snapshot, three_groups


def _record_three_scans(store):
    items = three_groups()
    ids = []
    for day in (1, 2, 3):
        items[0].configuration["revision"] = day
        evals = [evaluation(i, "NON_COMPLIANT" if day == 2 and i is items[1] else "COMPLIANT") for i in items]
        ids.append(store.record(snapshot(items, f"2025-02-0{day}T00:00:00Z"), evals).scan.scanId)
    assert store.verify().ok
    return ids


# ---------------------------------------------------------------- SQLite rows


_STORE: dict = {}  # the store under test, for the editing helpers


@pytest.fixture
def sqlite_store(tmp_path):
    with open_backend("sqlite", tmp_path) as store:
        ids = _record_three_scans(store)
        _STORE["store"] = store
        yield store, sqlite3.connect(store.path, isolation_level=None), ids
        _STORE.clear()


def _item_ids(db, seq):
    return [row[0] for row in db.execute("SELECT id FROM items WHERE seq = ? ORDER BY id", (seq,))]


def _edit_body(db, table, row_id, change):
    codec = _STORE["store"]._codec
    (blob,) = db.execute(f"SELECT body FROM {table} WHERE id = ?", (row_id,)).fetchone()
    data = json.loads(codec.unpack(blob, "test"))
    change(data)
    body = codec.pack(json.dumps(data, sort_keys=True, separators=(",", ":")).encode())
    db.execute(f"UPDATE {table} SET body = ? WHERE id = ?", (body, row_id))
    return body


def _edit_item(db):
    _edit_body(db, "items", _item_ids(db, 2)[0], lambda d: d["configuration"].update(revision=99))


def _delete_item(db):
    db.execute("DELETE FROM items WHERE id = ?", (_item_ids(db, 2)[0],))


def _reorder_items(db):
    first, second = _item_ids(db, 1)[:2]
    db.execute("UPDATE items SET id = -1 WHERE id = ?", (first,))
    db.execute("UPDATE items SET id = ? WHERE id = ?", (first, second))
    db.execute("UPDATE items SET id = ? WHERE id = -1", (second,))


def _edit_evaluation(db):
    (row_id,) = db.execute("SELECT id FROM evaluations WHERE seq = 2 AND compliance = 'NON_COMPLIANT'").fetchone()
    blob = _edit_body(db, "evaluations", row_id, lambda d: d.update(complianceType="COMPLIANT"))
    # A careful editor keeps the index columns consistent; the digest still catches it.
    ehash = hashlib.md5(_STORE["store"]._codec.unpack(blob, "test")).hexdigest()
    db.execute("UPDATE evaluations SET compliance = 'COMPLIANT', ehash = ? WHERE id = ?", (ehash, row_id))


def _hide_by_status_column(db):
    db.execute("UPDATE items SET status = 'ResourceDeleted' WHERE id = ?", (_item_ids(db, 1)[1],))


def _edit_scan_record(db):
    (text,) = db.execute("SELECT record FROM scans WHERE seq = 2").fetchone()
    record = json.loads(text)
    record["findingCount"] = 0
    db.execute("UPDATE scans SET record = ? WHERE seq = 2", (json.dumps(record),))


def _delete_middle_scan(db):
    db.execute("DELETE FROM scans WHERE seq = 2")


def _swap_scans(db):
    db.execute("UPDATE scans SET seq = -2 WHERE seq = 2")
    db.execute("UPDATE scans SET seq = 2 WHERE seq = 3")
    db.execute("UPDATE scans SET seq = 3 WHERE seq = -2")


def _delete_latest_scan(db):
    for table in ("items", "evaluations", "scans"):
        db.execute(f"DELETE FROM {table} WHERE seq = 3")


def _delete_first_scan(db):
    db.execute("DELETE FROM scans WHERE seq = 1")


def _damage_dictionary(db):
    (text,) = db.execute("SELECT value FROM meta WHERE key = 'dictionary'").fetchone()
    db.execute("UPDATE meta SET value = ? WHERE key = 'dictionary'", (text[:-8] + "00000000",))
    _STORE["store"]._cached_codec = None


SQLITE_TAMPERING = [
    (_edit_item, 2, "digest"),
    (_delete_item, 2, "digest"),
    (_reorder_items, 1, "digest"),
    (_edit_evaluation, 2, "digest"),
    (_hide_by_status_column, 1, "index columns"),
    (_edit_scan_record, 2, "digest"),
    (_delete_middle_scan, 3, "not chained"),
    (_swap_scans, 3, "moved from position #3 to #2"),
    (_delete_latest_scan, 2, "scans are missing"),
    (_delete_first_scan, 2, "before it are missing"),
    (_damage_dictionary, 1, "cannot be decompressed"),
]


@pytest.mark.parametrize(("tamper", "seq", "reason"), SQLITE_TAMPERING, ids=[t[0].__name__ for t in SQLITE_TAMPERING])
def test_sqlite_tampering_is_caught_at_the_first_scan_it_touches(sqlite_store, tamper, seq, reason):
    store, db, ids = sqlite_store
    tamper(db)
    report = store.verify()
    assert not report.ok
    assert report.scan.seq == seq
    assert reason in report.reason


# ---------------------------------------------------------------- S3 objects


@pytest.fixture(scope="module")
def s3_bucket():
    with mocked_bucket() as bucket:
        yield bucket


@pytest.fixture
def s3_store(s3_bucket, tmp_path):
    with open_backend("s3", tmp_path) as store:
        ids = _record_three_scans(store)
        yield store, boto3.client("s3", region_name="us-east-1"), ids


def _manifest_key(store, seq):
    return f"{store.prefix}/manifests/{seq:010d}.json"


def _data_key(store, client, seq, name):
    manifest = json.loads(client.get_object(Bucket=BUCKET, Key=_manifest_key(store, seq))["Body"].read())
    return manifest["objects"][name]


def _rewrite_lines(store, client, seq, name, change):
    key = _data_key(store, client, seq, name)
    lines = gzip.decompress(client.get_object(Bucket=BUCKET, Key=key)["Body"].read()).splitlines()
    lines = change(lines)
    client.put_object(Bucket=BUCKET, Key=key, Body=gzip.compress(b"\n".join(lines) + b"\n"))


def _s3_edit_item(store, client):
    def change(lines):
        data = json.loads(lines[0])
        data["configuration"]["revision"] = 99
        return [json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), *lines[1:]]

    _rewrite_lines(store, client, 2, "items", change)


def _s3_delete_evaluation_line(store, client):
    _rewrite_lines(store, client, 2, "evaluations", lambda lines: lines[1:])


def _s3_reorder_items(store, client):
    _rewrite_lines(store, client, 1, "items", lambda lines: [lines[1], lines[0], *lines[2:]])


def _s3_delete_middle_manifest(store, client):
    client.delete_object(Bucket=BUCKET, Key=_manifest_key(store, 2))


def _s3_swap_manifests(store, client):
    second = client.get_object(Bucket=BUCKET, Key=_manifest_key(store, 2))["Body"].read()
    third = client.get_object(Bucket=BUCKET, Key=_manifest_key(store, 3))["Body"].read()
    client.put_object(Bucket=BUCKET, Key=_manifest_key(store, 2), Body=third)
    client.put_object(Bucket=BUCKET, Key=_manifest_key(store, 3), Body=second)


def _s3_delete_latest_manifest(store, client):
    client.delete_object(Bucket=BUCKET, Key=_manifest_key(store, 3))


def _s3_delete_data_object(store, client):
    client.delete_object(Bucket=BUCKET, Key=_data_key(store, client, 1, "evaluations"))


S3_TAMPERING = [
    (_s3_edit_item, 2, "digest"),
    (_s3_delete_evaluation_line, 2, "digest"),
    (_s3_reorder_items, 1, "digest"),
    (_s3_delete_middle_manifest, 3, "not chained"),
    (_s3_swap_manifests, 3, "moved from #3 to #2"),
    (_s3_delete_latest_manifest, 2, "scans are missing"),
    (_s3_delete_data_object, 1, "missing"),
]


@pytest.mark.parametrize(("tamper", "seq", "reason"), S3_TAMPERING, ids=[t[0].__name__ for t in S3_TAMPERING])
def test_s3_tampering_is_caught_at_the_first_scan_it_touches(s3_store, tamper, seq, reason):
    store, client, ids = s3_store
    tamper(store, client)
    report = store.verify()
    assert not report.ok
    assert report.scan.seq == seq
    assert reason in report.reason


# ---------------------------------------------------------------- CLI


def test_history_verify_cli_exit_codes(sqlite_store, run_cli):
    store, db, ids = sqlite_store
    code, out, err = run_cli("history", "verify", "--store", store.url)
    assert code == 0 and "3 scan(s)" in out and store.latest().digest in out
    assert run_cli("history", "verify", "--store", store.url, "--anchor", store.scans()[1].digest)[0] == 0
    code, _, err = run_cli("history", "verify", "--store", store.url, "--anchor", "0" * 64)
    assert code == 1 and "anchored digest" in err
    _edit_item(db)
    code, out, err = run_cli("history", "verify", "--store", store.url)
    assert code == 1
    assert f"scan #2 {ids[1]}" in err and "digest" in err


def test_an_anchored_digest_catches_a_history_rewritten_with_fresh_digests(tmp_path):
    with open_backend("sqlite", tmp_path) as store:
        _record_three_scans(store)
        anchor = store.verify().head_digest
        assert store.verify(anchor).ok
    # A rewrite that recomputes every digest (here: the same scans recorded again) passes the chain
    # check, but no longer contains the anchored scan.
    (tmp_path / "history.db").unlink()
    with open_backend("sqlite", tmp_path) as store:
        _record_three_scans(store)
        assert store.verify().ok
        report = store.verify(anchor)
        assert not report.ok and "anchored digest" in report.reason
