"""Configuration history: every scan stored, changes over time, point-in-time state, tamper evidence.

Open a store with :func:`open_store`::

    from compliance.history import open_store

    with open_store("s3://my-bucket/history") as store:     # or a path, or None for the default
        recorded = store.record(snapshot, result.evaluations)
        past = store.state(store.at_time("2025-01-31"))
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from compliance.errors import InputError
from compliance.history.records import HistoryError, ScanRecord
from compliance.history.store import DEFAULT_RETENTION_DAYS, HistoryStore, PruneResult, Recorded, VerifyReport

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "HistoryError",
    "HistoryStore",
    "PruneResult",
    "STORE_ENV",
    "Recorded",
    "ScanRecord",
    "VerifyReport",
    "default_store_path",
    "open_store",
]

STORE_ENV = "COMPLIANCE_STORE"
DATA_DIR_ENV = "COMPLIANCE_DATA_DIR"
PROJECT_DIR = ".compliance"
DB_NAME = "history.db"
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def default_store_path() -> Path:
    """``history.db`` in ``$COMPLIANCE_DATA_DIR`` when set; else ``./.compliance/history.db`` when
    ``./.compliance/`` exists (a project-local store, like ``.git``); else in the user's data
    directory (``$XDG_DATA_HOME/compliance``, ``~/.local/share/compliance`` on Linux)."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]) / DB_NAME
    if Path(PROJECT_DIR).is_dir():
        return Path(PROJECT_DIR) / DB_NAME
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "compliance" / DB_NAME


def open_store(url: str | None = None, create: bool = True) -> HistoryStore:
    """Open the store at ``url``: ``s3://bucket/prefix`` (``?region=..&endpoint_url=..``),
    ``sqlite:PATH`` or a plain path; None means ``$COMPLIANCE_STORE`` or the default file.
    With ``create=False`` (readers) a SQLite file that does not exist is an error, not created."""
    text = url if url is not None else os.environ.get(STORE_ENV) or ""
    if not text.strip():
        from compliance.history.sqlite import SqliteStore

        return SqliteStore(default_store_path(), create=create)
    text = text.strip()
    scheme = text.split(":", 1)[0].lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) else ""
    if scheme == "s3":
        return _open_s3(text)
    if scheme == "sqlite":
        path = text.split(":", 1)[1]
        path = path[2:] if path.startswith("///") else path  # sqlite:///abs/path -> /abs/path
        if not path.strip() or path.endswith("/"):
            raise InputError(f"--store {text!r}: expected sqlite:PATH to a database file")
        from compliance.history.sqlite import SqliteStore

        return SqliteStore(Path(path).expanduser(), url=text, create=create)
    if scheme and len(scheme) > 1:  # a one-letter scheme is a Windows drive
        raise InputError(f"--store {text!r}: unknown scheme {scheme!r} (expected s3://BUCKET/PREFIX or a file path)")
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        raise InputError(f"--store {text!r}: expected a database file, not a directory")
    from compliance.history.sqlite import SqliteStore

    return SqliteStore(Path(text).expanduser(), url=text, create=create)


def _open_s3(text: str) -> HistoryStore:
    parts = urlsplit(text)
    if not text.lower().startswith("s3://"):
        raise InputError(f"--store {text!r}: expected s3://BUCKET/PREFIX")
    bucket = parts.netloc
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise InputError(f"--store {text!r}: {bucket!r} is not a valid S3 bucket name")
    options = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = sorted(set(options) - {"region", "endpoint_url"})
    if unknown:
        raise InputError(f"--store {text!r}: unknown option {unknown[0]!r} (known: region, endpoint_url)")
    from compliance.history.s3 import S3Store

    return S3Store(
        bucket,
        parts.path,
        url=text,
        region_name=options.get("region"),
        endpoint_url=options.get("endpoint_url"),
    )
