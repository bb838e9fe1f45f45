"""Shared fixtures. AWS is only ever simulated: dummy credentials, no real endpoint."""

from __future__ import annotations

import ipaddress
import os
import socket
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


def _is_loopback(host: object) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


_real_connect, _real_connect_ex, _real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _guard(address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and not _is_loopback(host):
        raise ConnectionRefusedError(f"tests reach only loopback addresses, not {host}")


def _connect(self: socket.socket, address: object) -> None:
    _guard(address)
    return _real_connect(self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    _guard(address)
    return _real_connect_ex(self, address)


def _getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    if not _is_loopback(host):
        raise socket.gaierror(socket.EAI_NONAME, f"tests resolve only loopback names, not {host}")
    return _real_getaddrinfo(host, *args, **kwargs)


# A test that forgets its mock must fail, never reach a real endpoint (AWS or otherwise).
socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = _connect, _connect_ex, _getaddrinfo

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
