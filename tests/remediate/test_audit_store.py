"""Remediation audit records in the history store: appended, read back, tamper-evident, on both
backends; `compliance remediate` writes them there by default and `remediations log` exports them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest
from history_support import BUCKET, mocked_bucket, open_backend, snapshot, three_groups

from compliance.errors import InputError
from compliance.history import open_store


@pytest.fixture  # per test: the --demo account below needs moto's state to itself
def s3_bucket():
    with mocked_bucket() as bucket:
        yield bucket


@pytest.fixture(params=["sqlite", "s3"])
def store(request, tmp_path):
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
    with open_backend(request.param, tmp_path) as opened:
        yield opened


def _record(time: str, account: str = "111122223333", event: str = "applied", resource: str = "sg-1") -> dict:
    return {"time": time, "accountId": account, "event": event, "resourceId": resource, "runId": "r1"}


def test_records_are_appended_and_read_back_in_time_order(store):
    assert store.remediation_records() == []
    first = [_record("2026-01-01T10:00:00Z", event="planned"), _record("2026-01-01T10:00:05Z")]
    store.append_remediation_records(first)
    store.append_remediation_records([_record("2026-01-01T09:00:00Z", account="444455556666", resource="sg-2")])
    store.append_remediation_records([])
    records = store.remediation_records()
    assert [(r["time"], r["resourceId"], r["event"]) for r in records] == [
        ("2026-01-01T09:00:00Z", "sg-2", "applied"),
        ("2026-01-01T10:00:00Z", "sg-1", "planned"),
        ("2026-01-01T10:00:05Z", "sg-1", "applied"),
    ]
    assert records[1] == first[0]
    assert [r["time"] for r in store.remediation_records(since="2026-01-01T10:00:00Z")] == [
        "2026-01-01T10:00:00Z",
        "2026-01-01T10:00:05Z",
    ]
    assert [r["resourceId"] for r in store.remediation_records(account="444455556666")] == ["sg-2"]


def test_records_stay_out_of_the_scans_and_both_chains_verify(store):
    items = three_groups()
    first = store.record(snapshot(items, "2026-01-01T00:00:00Z")).scan
    store.append_remediation_records([_record("2026-01-01T10:00:00Z"), _record("2026-01-01T10:01:00Z")])
    second = store.record(snapshot(items, "2026-01-02T00:00:00Z")).scan
    assert [s.scanId for s in store.scans()] == [first.scanId, second.scanId]
    assert second.previousDigest == first.chain_digest
    report = store.verify()
    assert report.ok and report.checked == 2 and report.remediations == 2
    assert store.prune(1, now=datetime(2026, 3, 1, tzinfo=UTC)).removed == 1
    assert len(store.remediation_records()) == 2  # pruning scans keeps the audit trail


def test_a_non_object_record_is_rejected_and_nothing_is_written(store):
    with pytest.raises(InputError, match="remediation record 2: expected a JSON object"):
        store.append_remediation_records([_record("2026-01-01T10:00:00Z"), "not a record"])
    assert store.remediation_records() == []


def test_sqlite_an_edited_record_breaks_the_chain(tmp_path):
    path = tmp_path / "h.db"
    with open_store(str(path)) as store:
        store.append_remediation_records([_record("2026-01-01T10:00:00Z"), _record("2026-01-01T10:01:00Z")])
        store.append_remediation_records([_record("2026-01-01T10:02:00Z")])
        store.conn.execute("UPDATE remediations SET body = replace(body, 'applied', 'skipped') WHERE id = 1")
        report = store.verify()
    assert not report.ok and report.part == "remediations"
    assert "record #2 is not chained" in report.reason


def test_sqlite_records_removed_from_the_end_are_detected(tmp_path, run_cli):
    path = tmp_path / "h.db"
    with open_store(str(path)) as store:
        store.append_remediation_records([_record("2026-01-01T10:00:00Z"), _record("2026-01-01T10:01:00Z")])
        store.conn.execute("DELETE FROM remediations WHERE id = 2")
    code, _, err = run_cli("history", "verify", "--store", path)
    assert code == 1
    assert "last remediation records were removed or edited" in err


def test_s3_appends_never_overwrite_and_a_removed_object_is_detected(s3_bucket):
    url = f"s3://{BUCKET}/audit-tamper/history"
    with open_store(url) as store:
        for minute in range(3):
            store.append_remediation_records([_record(f"2026-01-01T10:0{minute}:00Z")])
        assert store.verify().remediations == 3
    s3 = boto3.client("s3", region_name="us-east-1")
    keys = [
        o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="audit-tamper/history/remediations/")["Contents"]
    ]
    assert [k.rsplit("/", 1)[-1] for k in keys] == ["0000000001.jsonl", "0000000002.jsonl", "0000000003.jsonl"]
    s3.delete_object(Bucket=BUCKET, Key=keys[1])
    with open_store(url) as store:
        report = store.verify()
        assert [r["time"][11:16] for r in store.remediation_records()] == ["10:00", "10:02"]
    assert not report.ok and "record #2 is not chained" in report.reason


def test_s3_a_writer_that_loses_the_race_chains_after_the_winner(s3_bucket):
    url = f"s3://{BUCKET}/audit-race/history"
    with open_store(url) as first, open_store(url) as second:
        real_objects = second._remediation_objects
        calls = []

        def stale_listing():  # the second writer lists before the first writer's object lands
            calls.append(1)
            if len(calls) == 1:
                first.append_remediation_records([_record("2026-01-01T10:00:00Z", resource="first")])
                return []
            return real_objects()

        second._remediation_objects = stale_listing
        second.append_remediation_records([_record("2026-01-01T10:00:01Z", resource="second")])
        assert len(calls) == 2  # its first put lost the race and was retried
        assert [r["resourceId"] for r in first.remediation_records()] == ["first", "second"]
        assert first.verify().ok and first.verify().remediations == 2


# ---------------------------------------------------------------- the CLI


def test_demo_apply_lands_records_in_the_store_and_the_log_exports_them(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where the JSON Lines file would have gone
    store_path = tmp_path / "history.db"
    rules = ["--rule", "s3-bucket-versioning-enabled"]
    code, _, err = run_cli("remediate", "--demo", *rules, "--yes", "--store", store_path)
    assert code == 0, err
    with open_store(str(store_path), create=False) as store:
        stored = store.remediation_records()
        assert store.verify().ok
    assert f"{len(stored)} audit record(s) appended to {store_path}" in err
    applied = [r for r in stored if r["event"] == "applied"]
    assert applied and all(r["mode"] == "yes" and r["result"] == "fixed" for r in applied)
    assert {r["event"] for r in stored} == {"planned", "applied"}
    code, out, _ = run_cli("remediations", "log", "--store", store_path, "-f", "json")
    assert code == 0
    assert json.loads(out) == stored
    code, out, _ = run_cli("remediations", "log", "--store", store_path, "-f", "jsonl", "--event", "applied")
    assert [json.loads(line)["resourceId"] for line in out.splitlines()] == [r["resourceId"] for r in applied]
    assert not (tmp_path / ".compliance" / "remediations.jsonl").exists()


def test_the_default_store_is_used_and_no_store_writes_none(run_cli):
    from compliance.history import default_store_path

    rules = ["--rule", "s3-bucket-versioning-enabled"]
    code, _, err = run_cli("remediate", "--demo", *rules, "--dry-run", "--no-store")
    assert code == 0, err
    assert not default_store_path().exists()
    code, _, err = run_cli("remediate", "--demo", *rules, "--dry-run")
    assert code == 0, err
    code, out, _ = run_cli("remediations", "log", "-f", "json")
    planned = json.loads(out)
    assert planned and {r["event"] for r in planned} == {"planned"}


def test_audit_log_file_is_an_explicit_alternative_to_the_store(run_cli, tmp_path):
    store_path, audit = tmp_path / "history.db", tmp_path / "audit.jsonl"
    rules = ["--rule", "s3-bucket-versioning-enabled"]
    code, _, err = run_cli("remediate", "--demo", *rules, "--dry-run", "--store", store_path, "--audit-log", audit)
    assert code == 0, err
    from_file = [json.loads(line) for line in audit.read_text().splitlines()]
    assert from_file and not store_path.exists()
    code, out, _ = run_cli("remediations", "log", "--audit-log", audit, "-f", "json", "--account", "000000000000")
    assert code == 0 and json.loads(out) == []
    account = from_file[0]["accountId"]
    code, out, _ = run_cli("remediations", "log", "--audit-log", audit, "-f", "json", "--account", account)
    assert json.loads(out) == from_file


def test_removing_the_last_record_and_rewriting_the_head_is_caught_by_the_anchor(tmp_path, run_cli):
    """The printed remediation head digest is an anchor: a forged head cannot bring it back."""
    from compliance.history.remediations import row_digest

    path = tmp_path / "h.db"
    with open_store(str(path)) as store:
        store.append_remediation_records([_record("2026-01-01T10:00:00Z"), _record("2026-01-01T10:01:00Z")])
    code, out, _ = run_cli("history", "verify", "--store", path)
    assert code == 0 and "remediation head digest" in out
    anchor = out.rsplit("remediation head digest ", 1)[1].split()[0]
    with open_store(str(path)) as store:
        store.conn.execute("DELETE FROM remediations WHERE id = 2")
        (first,) = [
            bytes(b) if not isinstance(b, bytes) else b for (b,) in store.conn.execute("SELECT body FROM remediations")
        ]
        forged = json.dumps({"count": 1, "digest": row_digest(first)})
        store.conn.execute("UPDATE meta SET value = ? WHERE key = 'remediations_head'", (forged,))
    assert run_cli("history", "verify", "--store", path)[0] == 0  # the chain alone cannot tell
    code, _, err = run_cli("history", "verify", "--store", path, "--anchor", anchor)
    assert code == 1 and f"anchored digest {anchor}" in err


@pytest.mark.parametrize("key", ["head", "remediations_head", "dictionary"])
def test_a_corrupt_meta_row_fails_verify_naming_the_row(tmp_path, run_cli, key):
    path = tmp_path / "h.db"
    with open_store(str(path)) as store:
        store.record(snapshot(three_groups(), "2026-01-01T00:00:00Z"))
        store.append_remediation_records([_record("2026-01-01T10:00:00Z")])
        store.conn.execute("UPDATE meta SET value = ? WHERE key = ?", ("{not json", key))
    code, out, err = run_cli("history", "verify", "--store", path)
    assert code == 1, (out, err)
    assert "FAILED" in err and f"meta row '{key}'" in err and "internal error" not in err
