"""docs/yaml-rules.md: every example rule file is loaded and gives the verdicts written beside
it; every operator is documented and exercised; the example pack loads and scores."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from compliance.evaluate import evaluate, select_rules
from compliance.model import Snapshot
from compliance.snapshot import snapshot_from_data
from compliance.yaml_rules import _OPERATORS

DOC = Path(__file__).resolve().parent.parent / "docs" / "yaml-rules.md"
BLOCK = re.compile(r"```yaml\n# (example|expect|pack): (\S+)\n(.*?)```", re.S)


def _blocks() -> dict[tuple[str, str], str]:
    return {(kind, name): body for kind, name, body in BLOCK.findall(DOC.read_text())}


EXAMPLES = sorted(name for kind, name in _blocks() if kind == "example")


def _snapshot(items: list[dict]) -> Snapshot:
    for item in items:
        item.setdefault("accountId", "111122223333")
        item.setdefault("awsRegion", "us-east-1")
    return snapshot_from_data({"configurationItems": items}, "docs example")


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_rules_give_the_documented_verdicts(name, tmp_path, plugins):
    blocks = _blocks()
    path = tmp_path / f"{name}.yaml"
    path.write_text(blocks[("example", name)])
    from compliance.plugins import load_plugins

    loaded = load_plugins([str(path)], entry_points_enabled=False)
    expected = yaml.safe_load(blocks[("expect", name)])
    rule_ids = [r["id"] for r in yaml.safe_load(path.read_text())["rules"]]
    assert expected and all(e["verdict"] for e in expected)
    for case in expected:
        rule_id = case.get("rule", rule_ids[0])
        configured, packs = select_rules(loaded, (), (rule_id,))
        result = evaluate(_snapshot([dict(case["item"])]), configured, packs)
        verdicts = [e.complianceType.value for e in result.evaluations if e.resourceId == case["item"]["resourceId"]]
        assert verdicts == [case["verdict"]], (rule_id, case["item"])


def test_every_operator_is_documented_and_exercised():
    text = DOC.read_text()
    examples = _blocks()[("example", "operators")] + _blocks()[("example", "combining")]
    for operator in _OPERATORS:
        assert f"| `{operator}" in text
        assert f"{operator}:" in examples


def test_example_pack_loads_and_answers_its_controls(tmp_path):
    from compliance.plugins import load_plugins

    blocks = _blocks()
    rules = tmp_path / "rules.yaml"
    rules.write_text(blocks[("example", "no-public-ip")])
    pack = tmp_path / "acme.yaml"
    pack.write_text(blocks[("pack", "acme")])
    loaded = load_plugins([str(rules), str(pack)], entry_points_enabled=False)
    configured, packs = select_rules(loaded, ("acme-baseline",))
    assert {c.name for c in configured} == {"acme-instance-no-public-ip", "backups-two-weeks"}
    assert next(c for c in configured if c.name == "backups-two-weeks").params["backupRetentionMinimum"] == 14
    item = {
        "resourceType": "AWS::EC2::Instance",
        "resourceId": "i-1",
        "configuration": {"publicIpAddress": "203.0.113.7"},
    }
    result = evaluate(_snapshot([item]), configured, packs)
    status = {c.control.id: c.status.value for c in result.controls()}
    assert status["ACME-1"] == "FAILED" and status["ACME-3"] == "MANUAL"
