"""The demo account is the same account on every run: two demo scans record no change, and a
baseline made from one demo run passes the next."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from compliance.demo._clock import _start_of_day, fix_timestamps
from compliance.model import ConfigurationItem


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-12-02T04:48:13Z", "2026-12-02T00:00:00Z"),
        ("2026-12-02T04:48:05.370889+00:00", "2026-12-02T00:00:00+00:00"),
        ("2026-12-02T00:00:00+00:00", "2026-12-02T00:00:00+00:00"),  # isoformat drops a zero fraction
        ("2026-12-02T04:48:08.706362", "2026-12-02T00:00:00"),
        ("2026-12-02 04:48:08Z", "2026-12-02 00:00:00Z"),
        ("2026-12-02T04:48:08+02:00", "2026-12-02T04:48:08+02:00"),  # not UTC: left alone
        ("2026-12-02", "2026-12-02"),
        ("arn:aws:s3:::2026-12-02T04:48:13Z", "arn:aws:s3:::2026-12-02T04:48:13Z"),
    ],
)
def test_timestamps_move_to_the_start_of_their_day(given, expected):
    assert _start_of_day(given) == expected


def test_names_made_from_the_clock_move_to_the_start_of_the_day():
    item = ConfigurationItem(
        "AWS::RDS::DBSnapshot",
        "rds:orders-db-2026-12-02-05-56",
        arn="arn:aws:rds:us-east-1:123456789012:snapshot:rds:orders-db-2026-12-02-05-56",
        configuration={"DBSnapshotIdentifier": "rds:orders-db-2026-12-02-05-56", "Engine": "postgres"},
    )
    fix_timestamps([item])
    assert item.resourceId == "rds:orders-db-2026-12-02-00-00"
    assert item.arn.endswith(":snapshot:rds:orders-db-2026-12-02-00-00")
    assert item.configuration == {"DBSnapshotIdentifier": "rds:orders-db-2026-12-02-00-00", "Engine": "postgres"}


def test_fix_timestamps_rehashes_nested_values():
    item = ConfigurationItem(
        "AWS::IAM::User",
        "u",
        configuration={"created": "2026-12-02T04:48:13Z", "keys": [{"used": "2026-11-01T10:00:00Z"}], "n": 3},
        resourceCreationTime="2026-12-02T04:48:13Z",
    )
    before = item.compute_hash()
    fix_timestamps([item])
    assert item.configuration == {
        "created": "2026-12-02T00:00:00Z",
        "keys": [{"used": "2026-11-01T00:00:00Z"}],
        "n": 3,
    }
    assert item.resourceCreationTime == "2026-12-02T00:00:00Z"
    assert item.configurationItemMD5Hash == item.compute_hash() != before


@pytest.fixture(scope="module")
def two_demo_scans(tmp_path_factory):
    """Two whole CLI processes, as a user runs them (one simulated account per process)."""
    root = tmp_path_factory.mktemp("steady")
    store = f"sqlite:{root / 'history.db'}"
    codes = []

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True)
        assert "Traceback" not in done.stderr
        return done

    first = run("scan", "--demo", "-q", "--store", store, "-f", "json", "-o", str(root / "scan1.json"))
    baseline = run("baseline", "create", "--scan", "latest", "--store", store, "-o", str(root / "baseline.json"))
    assert baseline.returncode == 0, baseline.stderr
    second = run(
        "scan", "--demo", "-q", "--store", store, "--baseline", str(root / "baseline.json"),
        "-f", "json", "-o", str(root / "scan2.json"),
    )  # fmt: skip
    codes = [first.returncode, second.returncode]
    return root, store, codes


def test_two_demo_scans_give_an_empty_diff(two_demo_scans, run_cli):
    root, store, codes = two_demo_scans
    assert codes[0] == 1  # the demo account has failing findings
    code, out, _ = run_cli("diff", "--store", store, "-f", "json")
    assert code == 0
    diff = json.loads(out)
    assert {k: diff[k] for k in ("added", "removed", "changed", "newlyFailing", "resolved")} == {
        "added": [],
        "removed": [],
        "changed": [],
        "newlyFailing": [],
        "resolved": [],
    }
    first, second = (json.loads((root / f"scan{n}.json").read_text()) for n in (1, 2))

    def verdicts(report):
        return sorted(
            (e["configRuleName"], e["resourceId"], e["complianceType"], e["annotation"]) for e in report["evaluations"]
        )

    assert len(verdicts(first)) > 400
    assert verdicts(first) == verdicts(second)


def test_a_baseline_from_one_demo_run_passes_the_next(two_demo_scans):
    root, _, codes = two_demo_scans
    assert codes[1] == 0  # same findings and the same known gaps
    second = json.loads((root / "scan2.json").read_text())
    failing = [e for e in second["evaluations"] if e["complianceType"] == "NON_COMPLIANT"]
    assert failing and all(e["suppression"]["kind"] == "baseline" for e in failing)
