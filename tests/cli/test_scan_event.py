"""compliance scan --event: bad event files are one line naming file and field, exit 2, before any AWS call."""

from __future__ import annotations

import json


def test_a_bad_event_file_is_one_line_and_exit_2(run_cli, tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({"eventSource": "s3.amazonaws.com", "eventName": "PutBucketVersioning"}) + "\n{oops\n")
    code, out, err = run_cli("scan", "--event", str(path), "--no-store")
    assert code == 2
    assert f"{path}:2: not JSON" in err and len(err.strip().splitlines()) == 1


def test_event_needs_an_account_not_a_snapshot(run_cli, tmp_path, example_snapshot_path):
    path = tmp_path / "event.json"
    path.write_text(
        json.dumps(
            {
                "eventSource": "s3.amazonaws.com",
                "eventName": "PutBucketVersioning",
                "requestParameters": {"bucketName": "b"},
            }
        )
    )
    code, _, err = run_cli("scan", "--event", str(path), "--snapshot", example_snapshot_path)
    assert code == 2 and "--event re-reads" in err
