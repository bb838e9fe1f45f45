"""examples/custom-rules: a third-party package whose rules and pack load through the ``compliance``
entry-point group and run in ``compliance scan``.

Installing it into a fresh virtualenv would take most of a minute, so the test does what pip would
leave behind: the package's source on sys.path and a ``.dist-info`` whose entry points are read
from the example's own pyproject.toml. importlib.metadata then discovers it like any installed
distribution."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from compliance.plugins import load_plugins

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "custom-rules"


@pytest.fixture
def installed_example(tmp_path, monkeypatch):
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["project"]
    group = project["entry-points"]["compliance"]
    dist_info = tmp_path / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
    )
    entries = "".join(f"{name} = {target}\n" for name, target in group.items())
    (dist_info / "entry_points.txt").write_text(f"[compliance]\n{entries}")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    yield project
    for name in [m for m in sys.modules if m.startswith("acme_compliance_rules")]:
        sys.modules.pop(name)


def test_entry_point_registers_the_python_rule_the_yaml_rule_and_the_pack(installed_example):
    plugins = load_plugins()
    assert {"acme-s3-bucket-owner-tag", "acme-ebs-volume-gp3"} <= set(plugins.rules)
    assert "acme-baseline" in plugins.packs
    info = plugins.info["acme_rules"]
    assert info.ok and info.origin == "entry point (acme-compliance-rules 0.1.0)"
    assert info.registered == {"rules": 2, "packs": 1}
    assert plugins.rules["acme-s3-bucket-owner-tag"].source == "acme_rules"


def test_scan_runs_the_custom_pack(installed_example, run_cli, example_snapshot_path, tmp_path):
    out = tmp_path / "report.json"
    code, _, err = run_cli(
        "scan", "--snapshot", example_snapshot_path, "--pack", "acme-baseline", "-f", "json", "-o", out,
        "--fail-on", "never",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out.read_text())
    owner_tag = {e["resourceId"]: e["complianceType"] for e in report["evaluations"]
                 if e["configRuleName"] == "acme-s3-bucket-owner-tag"}  # fmt: skip
    assert owner_tag and set(owner_tag.values()) == {"NON_COMPLIANT"}  # the example's buckets carry no owner tag
    gp3 = {e["complianceType"] for e in report["evaluations"] if e["configRuleName"] == "acme-ebs-volume-gp3"}
    assert gp3 == {"COMPLIANT"}
    controls = {c["controlId"]: c["status"] for c in report["controls"]}
    assert controls == {"ACME-1": "FAILED", "ACME-2": "FAILED", "ACME-3": "MANUAL"}


def test_the_example_package_own_test_passes(installed_example):
    sys.path.insert(0, str(EXAMPLE / "tests"))
    try:
        import test_acme_rules

        from compliance.testing import make_ci

        test_acme_rules.test_owner_tag(make_ci)
    finally:
        sys.path.remove(str(EXAMPLE / "tests"))
        sys.modules.pop("test_acme_rules", None)
