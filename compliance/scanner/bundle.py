"""Build the Lambda deployment zip: this package (built-in rules and packs included), its
dependencies except what the Lambda Python runtime already provides, reproducibly.

Reproducible: the same installed distributions give the same bytes. Entries are sorted, every
timestamp is 1980-01-01, permissions are 0644, and nothing machine-specific goes in (no
``__pycache__``, no ``RECORD``/``INSTALLER``/``direct_url.json``).

Where the files come from: each dependency's installed files (its ``RECORD``); ``compliance``
itself from the installed wheel, or, for an editable install, from a wheel built out of a clean
copy of the source tree (so a stale ``build/`` folder cannot leak into the zip). Compiled
extensions are copied as installed: build on the platform and Python version of the function's
runtime (the template uses python3.11 on x86_64).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from compliance.errors import InputError

# What the Lambda Python runtime ships (boto3, botocore and their dependencies).
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"})
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_SKIPPED_META = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".venv",
    "tests",
    "benchmarks",
    ".pytest_cache",
    ".ruff_cache",
    "*.pyc",
    ".compliance",
)


@dataclass(slots=True)
class Bundle:
    path: Path
    size: int
    entries: int
    sha256: str
    distributions: list[str] = field(default_factory=list)  # "name version", bundled
    excluded: list[str] = field(default_factory=list)  # provided by the runtime


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _marker_env_ok(requirement: str) -> tuple[str, bool]:
    """(distribution name, wanted) for one ``Requires-Dist`` line; extras are never wanted."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # pragma: no cover - pip always vendors it
        from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    parsed = Requirement(requirement)
    wanted = parsed.marker is None or parsed.marker.evaluate({"extra": ""})
    return parsed.name, wanted


def dependency_closure(root: str = "compliance") -> tuple[list[metadata.Distribution], list[str]]:
    """The installed distributions ``root`` needs (itself first), and those left out because the
    runtime provides them."""
    seen: dict[str, metadata.Distribution] = {}
    excluded: set[str] = set()
    queue = [root]
    while queue:
        name = canonical(queue.pop())
        if name in seen or name in excluded:
            continue
        if name in RUNTIME_PROVIDED and name != canonical(root):
            excluded.add(name)
            continue
        dist = _installed(name)
        seen[name] = dist
        for requirement in dist.requires or []:
            dep, wanted = _marker_env_ok(requirement)
            if wanted:
                queue.append(dep)
    ordered = [
        seen[canonical(root)],
        *sorted((d for n, d in seen.items() if n != canonical(root)), key=lambda d: canonical(d.metadata["Name"])),
    ]
    return ordered, sorted(excluded)


def _installed(name: str) -> metadata.Distribution:
    """The installed distribution ``name``: one with a ``RECORD`` (a ``.dist-info``), not a stray
    ``.egg-info`` left in the working directory by an in-tree build."""
    found = list(metadata.distributions(name=name))
    installed = [d for d in found if d.read_text("RECORD") is not None]
    if not (installed or found):
        raise InputError(f"package lambda: dependency {name!r} is not installed")
    return (installed or found)[0]


def _editable_source(dist: metadata.Distribution) -> Path | None:
    text = dist.read_text("direct_url.json")
    if not text:
        return None
    info = json.loads(text)
    if not info.get("dir_info", {}).get("editable"):
        return None
    url = info.get("url", "")
    return Path(url[len("file://") :]) if url.startswith("file://") else None


def _installed_files(dist: metadata.Distribution) -> Iterator[tuple[str, bytes]]:
    for entry in dist.files or []:
        name = entry.as_posix()
        parts = entry.parts
        if name.startswith("..") or "__pycache__" in parts or name.endswith(".pyc"):
            continue
        if parts[0].endswith(".dist-info") and parts[-1] in _SKIPPED_META:
            continue
        if parts[0].endswith(".pth") or name.startswith("__editable__"):
            continue
        path = Path(str(dist.locate_file(entry)))
        if path.is_file():
            yield name, path.read_bytes()


def _wheel_files(source: Path) -> Iterator[tuple[str, bytes]]:
    """The files of a wheel built from a clean copy of ``source`` (an editable install's tree)."""
    with tempfile.TemporaryDirectory(prefix="compliance-bundle-") as tmp:
        tree = Path(tmp) / "src"
        shutil.copytree(source, tree, ignore=_COPY_IGNORE)
        command = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(Path(tmp) / "wheel"),
            str(tree),
        ]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["pip wheel failed"]
            raise InputError(f"package lambda: cannot build the compliance wheel from {source}: {last[0]}")
        wheel = next((Path(tmp) / "wheel").glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            for info in archive.infolist():
                parts = info.filename.split("/")
                if info.is_dir() or (parts[0].endswith(".dist-info") and parts[-1] in _SKIPPED_META):
                    continue
                yield info.filename, archive.read(info)


def _files(dists: Iterable[metadata.Distribution]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for dist in dists:
        source = _editable_source(dist)
        entries = _wheel_files(source) if source is not None else _installed_files(dist)
        for name, data in entries:
            files.setdefault(name, data)
    return files


def _check_extensions(files: dict[str, bytes]) -> None:
    """Compiled extensions must match this interpreter (the zip is only as portable as they are)."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ""
    for name in files:
        if name.endswith(".so") and ".cpython-" in name and not name.endswith(suffix):
            raise InputError(f"package lambda: {name} was built for another Python (expected *{suffix})")


def write_zip(files: dict[str, bytes], output: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr means the same everywhere
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def build_lambda_zip(output: str | Path, root: str = "compliance") -> Bundle:
    """Write the deployment zip to ``output`` (atomically) and describe it."""
    from compliance.snapshot import write_atomic

    output = Path(output)
    dists, excluded = dependency_closure(root)
    files = _files(dists)
    if "compliance/aws_lambda.py" not in files and root == "compliance":
        raise InputError("package lambda: the compliance package files were not found")
    _check_extensions(files)
    payload = write_zip(files, output)
    write_atomic(output, payload)
    return Bundle(
        path=output,
        size=len(payload),
        entries=len(files),
        sha256=hashlib.sha256(payload).hexdigest(),
        distributions=[f"{d.metadata['Name']} {d.version}" for d in dists],
        excluded=excluded,
    )
