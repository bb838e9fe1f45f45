"""Shared fixtures. AWS is only ever simulated: dummy credentials, no real endpoint."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before boto3 is imported anywhere, so nothing can reach a real account.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    MOTO_EC2_LOAD_DEFAULT_AMIS="false",
)
os.environ.pop("AWS_PROFILE", None)
os.environ.pop("AWS_ENDPOINT_URL", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "snapshots"


@pytest.fixture
def example_snapshot_path() -> Path:
    return EXAMPLES / "account.json"


@pytest.fixture
def plugins():
    """A fresh plugin manager with the built-ins only (no entry points from the environment)."""
    from compliance.plugins import load_plugins

    return load_plugins(entry_points_enabled=False)


@pytest.fixture
def run_cli(capsys):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    from compliance.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(autouse=True)
def _isolated_history_store(tmp_path_factory, monkeypatch):
    """Scans record into the history store: keep each test's default store out of the user's data directory."""
    monkeypatch.setenv("COMPLIANCE_DATA_DIR", str(tmp_path_factory.mktemp("history")))
    monkeypatch.delenv("COMPLIANCE_STORE", raising=False)
    monkeypatch.delenv("COMPLIANCE_RETENTION_DAYS", raising=False)
