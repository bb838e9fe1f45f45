"""compliance scan (recording), scans, history, diff, query: end to end on both backends."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from history_support import BUCKET, mocked_bucket

from compliance.cli import main
from compliance.engine import stored_snapshot
from compliance.evaluate import evaluate, select_rules
from compliance.request import Source

SG = "sg-0a1b2c3d4e5f60002"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "snapshots" / "account.json"
SG_ARN = f"arn:aws:ec2:us-east-1:111122223333:security-group/{SG}"


@pytest.fixture(scope="module")
def s3_bucket():
    with mocked_bucket() as bucket:
        yield bucket


@pytest.fixture(scope="module")
def two_snapshots(tmp_path_factory):
    """The example account, then a day later with SSH on the web group opened to the world."""
    data = json.loads(EXAMPLE.read_text())
    later = copy.deepcopy(data)
    later["captureTime"] = "2026-11-02T06:00:00Z"
    for ci in later["configurationItems"]:
        ci["configurationItemCaptureTime"] = "2026-11-02T06:00:00Z"
        if ci["resourceId"] == SG:
            ci["configuration"]["ipPermissions"][1]["ipv4Ranges"] = [{"cidrIp": "0.0.0.0/0"}]
    folder = tmp_path_factory.mktemp("snapshots")
    first, second = folder / "day1.json", folder / "day2.json"
    first.write_text(json.dumps(data))
    second.write_text(json.dumps(later))
    return first, second


def _scan(run_cli, path, store_url, *extra):
    return run_cli("scan", "--snapshot", path, "--rule", "restricted-ssh", "--store", store_url, "-f", "json", *extra)


def _record_both(two_snapshots, store_url):
    for path in two_snapshots:
        code = main(["scan", "--snapshot", str(path), "--rule", "restricted-ssh", "--store", store_url, "-f", "json"])
        assert code == 1  # restricted-ssh fails in both
    return store_url


@pytest.fixture(scope="module", params=["sqlite", "s3"])
def recorded(request, two_snapshots, tmp_path_factory):
    """A store holding both scans, shared by the read-only tests of this module."""
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
        return _record_both(two_snapshots, f"s3://{BUCKET}/cli-{request.param}")
    return _record_both(two_snapshots, f"sqlite:{tmp_path_factory.mktemp('store') / 'h.db'}")


@pytest.fixture(scope="module")
def recorded_sqlite(two_snapshots, tmp_path_factory):
    return _record_both(two_snapshots, f"sqlite:{tmp_path_factory.mktemp('store') / 'h.db'}")


def test_scans_lists_both_scans_with_counts(run_cli, recorded):
    code, out, _ = run_cli("scans", "--store", recorded, "-f", "json")
    assert code == 0
    scans = json.loads(out)
    assert [s["captureTime"] for s in scans] == ["2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z"]
    assert [s["findingCount"] for s in scans] == [2, 3]
    assert scans[1]["itemRows"] == 1  # only the security group changed
    assert scans[0]["accountIds"] == ["111122223333"]
    code, out, _ = run_cli("scans", "--store", recorded)
    assert code == 0 and scans[1]["scanId"] in out and "us-east-1" in out


def test_diff_shows_the_flip_and_the_change_behind_it(run_cli, recorded):
    code, out, _ = run_cli("diff", "--store", recorded)
    assert code == 0
    assert "Changed (1):" in out and "Newly failing (1):" in out and "Resolved (0):" in out
    assert f"restricted-ssh  AWS::EC2::SecurityGroup {SG}" in out
    assert "because: configuration changed" in out
    assert '~ configuration.ipPermissions[1].ipv4Ranges[0].cidrIp: "10.0.0.0/8" -> "0.0.0.0/0"' in out
    code, out, _ = run_cli("diff", "1", "2", "--store", recorded, "-f", "json")
    flips = json.loads(out)["newlyFailing"]
    assert [(f["resourceId"], f["before"], f["after"]) for f in flips] == [(SG, "COMPLIANT", "NON_COMPLIANT")]
    # Reversed, the same flip is a resolution.
    code, out, _ = run_cli("diff", "2", "1", "--store", recorded, "-f", "json")
    assert [f["resourceId"] for f in json.loads(out)["resolved"]] == [SG]


def test_history_shows_timeline_diff_and_compliance(run_cli, recorded):
    code, out, _ = run_cli("history", SG, "--store", recorded)
    assert code == 0
    assert out.count("scan 2026110") == 2
    assert "(first recorded)" in out
    assert '~ configuration.ipPermissions[1].ipv4Ranges[0].cidrIp: "10.0.0.0/8" -> "0.0.0.0/0"' in out
    rule_part = out.split("Compliance by rule:")[1]
    assert rule_part.index("COMPLIANT") < rule_part.index("NON_COMPLIANT")
    code, out, _ = run_cli("history", SG_ARN, "--store", recorded, "-f", "json")
    [timeline] = json.loads(out)
    assert [v["configurationItemStatus"] for v in timeline["versions"]] == ["OK", "OK"]
    assert [s["complianceType"] for s in timeline["compliance"]["restricted-ssh"]] == ["COMPLIANT", "NON_COMPLIANT"]


def test_query_latest_and_past_state(run_cli, recorded):
    sql = (
        "SELECT resourceId, configuration.ipPermissions.ipv4Ranges.cidrIp "
        "WHERE resourceType = 'AWS::EC2::SecurityGroup' "
        "AND configuration.ipPermissions.ipv4Ranges.cidrIp = '10.0.0.0/8'"
    )
    code, out, _ = run_cli("query", sql, "--store", recorded, "-f", "json", "--at", "2026-11-01T12:00:00Z")
    assert code == 0
    past = json.loads(out)["results"]
    assert SG in [r["resourceId"] for r in past]
    ranges = [{"ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}, {"ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}]}]
    assert {"resourceId": SG, "configuration": {"ipPermissions": ranges}} in past
    code, out, _ = run_cli("query", sql, "--store", recorded, "-f", "json")
    latest = [r["resourceId"] for r in json.loads(out)["results"]]
    assert SG not in latest and len(latest) == len(past) - 1
    code, out, err = run_cli("query", "SELECT resourceType, COUNT(*) GROUP BY resourceType", "--store", recorded)
    assert code == 0 and "AWS::EC2::SecurityGroup" in out and "row(s) as of scan" in err


def test_stored_snapshot_re_evaluates_the_past(recorded, plugins):
    rules, _ = select_rules(plugins, rule_ids=["restricted-ssh"])
    past = stored_snapshot(Source.stored(recorded, at="2026-11-01"))
    now = stored_snapshot(Source.stored(recorded, at="2026-11-02"))
    state = {e.resourceId: e.complianceType.value for e in evaluate(past, rules).evaluations}
    assert state[SG] == "COMPLIANT"
    assert {e.resourceId: e.complianceType.value for e in evaluate(now, rules).evaluations}[SG] == "NON_COMPLIANT"
    assert past.accountIds == ["111122223333"] and past.captureTime == "2026-11-01T06:00:00Z"


def test_evaluation_changed_hook_gets_previous_and_current(run_cli, two_snapshots, tmp_path):
    log = tmp_path / "changes.jsonl"
    plugin = tmp_path / "notify.py"
    plugin.write_text(
        "import json\nfrom compliance import hookimpl\n\n"
        "@hookimpl\ndef compliance_evaluation_changed(previous, current):\n"
        f"    with open({str(log)!r}, 'a') as f:\n"
        "        f.write(json.dumps([previous and previous.complianceType.value, current.complianceType.value,"
        " current.resourceId]) + '\\n')\n"
    )
    store = f"sqlite:{tmp_path / 'h.db'}"
    for path in two_snapshots:
        code, _, _ = run_cli(
            "--plugin", plugin, "scan", "--snapshot", path, "--rule", "restricted-ssh", "--store", store
        )
        assert code == 1
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    first_scan = sorted(lines[:3], key=lambda line: line[2])
    assert first_scan == [
        [None, "NON_COMPLIANT", "sg-0a1b2c3d4e5f60001"],
        [None, "COMPLIANT", SG],
        [None, "NON_COMPLIANT", "sg-0a1b2c3d4e5f60003"],
    ]
    assert lines[3:] == [["COMPLIANT", "NON_COMPLIANT", SG]]


def test_no_store_records_nothing_and_the_default_store_is_used(run_cli, two_snapshots, tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_DATA_DIR", str(tmp_path / "data"))
    code, _, err = run_cli("scan", "--snapshot", two_snapshots[0], "--rule", "restricted-ssh", "--no-store")
    assert code == 1 and "recorded" not in err
    assert not (tmp_path / "data").exists()
    code, _, err = run_cli("scan", "--snapshot", two_snapshots[0], "--rule", "restricted-ssh")
    assert "recorded" not in err and not (tmp_path / "data").exists()  # a snapshot file: only with --store
    code, _, err = run_cli("scan", "--snapshot", two_snapshots[0], "--rule", "restricted-ssh", "--store")
    assert (tmp_path / "data" / "history.db").is_file()
    code, out, _ = run_cli("scans", "-f", "json")
    assert len(json.loads(out)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scans", "--store", "ftp://host/x"), "unknown scheme 'ftp'"),
        (("scans", "--store", "s3://Not_A_Bucket/x"), "not a valid S3 bucket name"),
        (("scans", "--store", "s3://"), "not a valid S3 bucket name"),
        (("scans", "--store", "sqlite:"), "expected sqlite:PATH"),
        (("diff", "nope", "--store", "{db}"), "unknown scan 'nope'"),
        (("history", "sg-unknown", "--store", "{db}"), "no resource 'sg-unknown'"),
        (("query", "SELECT resourceId FROM t", "--store", "{db}"), "no FROM clause"),
        (("query", "SELECT resourceId WHERE resourceId >", "--store", "{db}"), "query: cannot parse"),
        (("query", "SELECT resourceId", "--at", "last tuesday", "--store", "{db}"), "not a timestamp"),
        (("query", "SELECT resourceId", "--at", "2020-01-01", "--store", "{db}"), "no scan recorded at or before"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run_cli, recorded_sqlite, args, message):
    code, out, err = run_cli(*(a.replace("{db}", recorded_sqlite) for a in args))
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_diff_needs_two_scans(run_cli, two_snapshots, tmp_path):
    store = f"sqlite:{tmp_path / 'one.db'}"
    _scan(run_cli, two_snapshots[0], store)
    code, _, err = run_cli("diff", "--store", store)
    assert code == 2 and "needs two recorded scans" in err


def test_scan_snapshot_at_re_evaluates_the_stored_state_without_recording(run_cli, recorded_sqlite):
    code, out, err = run_cli(
        "scan",
        "--snapshot-at",
        "2026-11-01T12:00:00Z",
        "--rule",
        "restricted-ssh",
        "--store",
        recorded_sqlite,
        "-f",
        "json",
    )
    assert code == 1 and "recorded" not in err
    states = {e["resourceId"]: e["complianceType"] for e in json.loads(out)["evaluations"]}
    assert states[SG] == "COMPLIANT"
    code, out, _ = run_cli(
        "scan", "--snapshot-at", "2026-11-03", "--rule", "restricted-ssh", "--store", recorded_sqlite, "-f", "json"
    )
    assert {e["resourceId"]: e["complianceType"] for e in json.loads(out)["evaluations"]}[SG] == "NON_COMPLIANT"
    code, out, _ = run_cli("scans", "--store", recorded_sqlite, "-f", "json")
    assert len(json.loads(out)) == 2
    code, _, err = run_cli("scan", "--snapshot-at", "not-a-time", "--store", recorded_sqlite)
    assert code == 2 and "not a timestamp" in err
    code, _, err = run_cli("scan", "--snapshot-at", "2026-11-02", "--demo", "--store", recorded_sqlite)
    assert code == 2 and "cannot be combined with --demo" in err


def test_reading_a_store_that_does_not_exist_creates_nothing(run_cli, tmp_path):
    missing = tmp_path / "nowhere" / "h.db"
    for args in (("scans",), ("diff",), ("history", "sg-1"), ("query", "SELECT resourceId"), ("history", "verify")):
        code, _, err = run_cli(*args, "--store", missing)
        assert code == 2 and "no history store at" in err, args
    assert not missing.parent.exists()


def test_history_prune_keeps_the_state_at_the_cutoff(run_cli, two_snapshots, tmp_path):
    store = f"sqlite:{tmp_path / 'p.db'}"
    for path in two_snapshots:
        _scan(run_cli, path, store, "--retention-days", "100000")
    code, out, _ = run_cli("history", "prune", "--retention-days", "1", "--store", store)
    assert code == 0 and "pruned 1 scan(s)" in out
    code, out, _ = run_cli("scans", "--store", store, "-f", "json")
    assert [(s["kind"], s["captureTime"]) for s in json.loads(out)] == [("base", "2026-11-02T06:00:00Z")]
    code, out, _ = run_cli("query", f"SELECT resourceId WHERE resourceId = '{SG}'", "--store", store, "-f", "json")
    assert json.loads(out)["results"] == [{"resourceId": SG}]
    code, out, _ = run_cli("history", "verify", "--store", store)
    assert code == 0
    code, out, _ = run_cli("history", "prune", "--retention-days", "1", "--store", store)
    assert out.strip() == "nothing to prune"


def test_store_url_options(tmp_path):
    from compliance.errors import InputError
    from compliance.history import open_store

    store = open_store("s3://my-bucket/a/b?region=eu-west-1&endpoint_url=http://127.0.0.1:9")
    assert (store.bucket, store.prefix) == ("my-bucket", "a/b")
    assert store.client.meta.region_name == "eu-west-1"
    assert store.client.meta.endpoint_url == "http://127.0.0.1:9"
    with pytest.raises(InputError, match="unknown option 'acl'"):
        open_store("s3://my-bucket/x?acl=private")
    with pytest.raises(InputError, match="not a directory"):
        open_store(str(tmp_path))
    assert open_store(f"sqlite://{tmp_path}/abs.db").path == tmp_path / "abs.db"
