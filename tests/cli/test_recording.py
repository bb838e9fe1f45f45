"""History semantics: a scan of snapshot files is recorded only with --store; 'scans' shows
when each scan was recorded and when its snapshot was captured."""

from __future__ import annotations

import json


def test_snapshot_scans_are_recorded_only_with_store(run_cli, example_snapshot_path, tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_DATA_DIR", str(tmp_path))
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path)
    assert code == 1 and "recorded scan" not in err
    assert not (tmp_path / "history.db").exists()
    code, _, err = run_cli("scan", "--snapshot", example_snapshot_path, "--store")  # alone: the default store
    assert "recorded scan" in err and (tmp_path / "history.db").exists()
    store = tmp_path / "other.db"
    run_cli("scan", "--snapshot", example_snapshot_path, "--store", store)
    code, out, _ = run_cli("scans", "--store", store, "-f", "json")
    [record] = json.loads(out)
    assert record["captureTime"] == "2026-11-01T06:00:00Z"  # the snapshot's
    assert record["recordedAt"] > record["captureTime"]  # now
    code, out, _ = run_cli("scans", "--store", store)
    header = out.splitlines()[0].split()
    assert "Recorded" in header and "Captured" in header
    assert record["recordedAt"] in out and record["captureTime"] in out
