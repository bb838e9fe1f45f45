"""``compliance package lambda``: a reproducible zip whose handler imports with only boto3 besides it."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import boto3
import botocore
import pytest

from compliance.scanner.bundle import FIXED_TIME, dependency_closure, write_zip


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from compliance.cli import main

    out = tmp_path_factory.mktemp("zip")
    first, second = out / "one" / "compliance-lambda.zip", out / "two" / "compliance-lambda.zip"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["package", "lambda", "-o", str(first)]) == 0
    assert main(["package", "lambda", "-o", str(second)]) == 0
    return first, second, printed.getvalue()


def test_same_inputs_same_bytes(built):
    first, second, _ = built
    assert first.read_bytes() == second.read_bytes()


def test_entries_are_sorted_with_fixed_time_and_mode(built):
    infos = zipfile.ZipFile(built[0]).infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {FIXED_TIME}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}


def test_contents(built):
    names = set(zipfile.ZipFile(built[0]).namelist())
    assert "compliance/aws_lambda.py" in names
    assert "compliance/builtin/rules/s3.py" in names
    assert any(n.startswith("compliance/builtin/rules/packs/") and n.endswith(".yaml") for n in names)
    assert "yaml/__init__.py" in names and "pluggy/__init__.py" in names and "click/__init__.py" in names
    top = {n.split("/")[0] for n in names}
    assert not top & {"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "rules", "tests"}
    assert not any("__pycache__" in n or n.endswith((".pyc", "/RECORD")) for n in names)


def test_report_names_size(built):
    size = built[0].stat().st_size
    assert f"{built[0]}: {size:,} bytes" in built[2]


def _runtime_dir(tmp_path: Path) -> Path:
    """What the Lambda runtime offers besides the zip: boto3 and its dependencies."""
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    import dateutil
    import jmespath
    import s3transfer
    import six
    import urllib3

    for module in (boto3, botocore, s3transfer, jmespath, dateutil, urllib3):
        (runtime / module.__name__).symlink_to(Path(module.__file__).parent)
    (runtime / "six.py").symlink_to(six.__file__)
    return runtime


def test_handler_imports_from_extracted_zip_with_only_boto3(built, tmp_path):
    task = tmp_path / "task"
    zipfile.ZipFile(built[0]).extractall(task)
    runtime = _runtime_dir(tmp_path)
    probe = (
        "import sys; sys.path[:] = [sys.argv[1], sys.argv[2]] + [p for p in sys.path if 'site-packages' not in p]\n"
        "import compliance.aws_lambda as h, compliance\n"
        "assert compliance.__file__.startswith(sys.argv[1]), compliance.__file__\n"
        "assert callable(h.handler)\n"
        "p = h.plugins()\n"
        "print(len(p.rules), len(p.collectors), ' '.join(sorted(p.packs)))\n"
    )
    # -S: no site-packages (so not this virtualenv); -E: no PYTHON* variables
    done = subprocess.run(
        [sys.executable, "-S", "-E", "-c", probe, str(task), str(runtime)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    rules, collectors, packs = done.stdout.split(maxsplit=2)
    assert int(rules) > 10 and int(collectors) > 5
    assert "cis-aws-foundations-3.0" in packs.split()


def test_runtime_provided_packages_are_left_out():
    dists, excluded = dependency_closure()
    names = {d.metadata["Name"].lower() for d in dists}
    assert "boto3" in excluded and "boto3" not in names and "botocore" not in names
    assert {"pluggy", "pyyaml", "click"} <= names
    assert "moto" not in names and "pytest" not in names  # extras are not runtime dependencies


def test_write_zip_orders_entries_whatever_the_input_order(tmp_path):
    one = write_zip({"b.txt": b"2", "a/x.py": b"1"}, tmp_path / "1.zip")
    two = write_zip({"a/x.py": b"1", "b.txt": b"2"}, tmp_path / "2.zip")
    assert one == two
