"""Input limits on every YAML and JSON input (issue #15): alias bombs, nesting, impossible
dates, text that is not UTF-8, sizes. Each is one clear line and exit 2, never a hang or an
"internal error"."""

from __future__ import annotations

import pytest

from compliance.errors import InputError
from compliance.yamlio import parse_yaml

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)


def _clean_error(code: int, out: str, err: str, *fragments: str) -> str:
    assert code == 2, (out, err)
    assert "Traceback" not in err and "internal error" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_alias_expansion_is_bounded():
    with pytest.raises(InputError, match="nodes once aliases are expanded"):
        parse_yaml(BILLION_LAUGHS, "bomb.yaml")
    with pytest.raises(InputError, match="refers to a node that contains it"):
        parse_yaml("a: &a [1, *a]", "loop.yaml")
    # Ordinary aliases still work.
    assert parse_yaml("base: &b {x: 1}\nother: *b", "ok.yaml") == {"base": {"x": 1}, "other": {"x": 1}}


def test_nesting_and_impossible_values():
    with pytest.raises(InputError, match="nested more than 100 levels"):
        parse_yaml("a: " + "[" * 150 + "]" * 150, "deep.yaml")
    with pytest.raises(InputError, match="nested too deeply|nested more than"):
        parse_yaml("[" * 3_000 + "]" * 3_000, "deeper.yaml")
    with pytest.raises(InputError, match="invalid value: day is out of range"):
        parse_yaml("expires: 2026-02-30", "waivers.yaml")


@pytest.mark.parametrize("where", ["plugin", "pack"])
def test_an_alias_bomb_in_a_rule_or_pack_file(run_cli, tmp_path, example_snapshot_path, where):
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS)
    if where == "plugin":
        args = ("--plugin", path, "scan", "--snapshot", example_snapshot_path)
    else:
        args = ("scan", "--snapshot", example_snapshot_path, "--pack", path)
    _clean_error(*run_cli(*args), "bomb.yaml", "aliases are expanded")


def test_waivers_baselines_and_remediation_configs(run_cli, tmp_path, example_snapshot_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - rule: restricted-ssh\n    resource: '*'\n    reason: r\n    owner: o\n    expires: 2026-02-30\n"
    )
    _clean_error(
        *run_cli("scan", "--snapshot", example_snapshot_path, "--waivers", waivers), "waivers.yaml", "out of range"
    )
    waivers.write_text("waivers: " + "[" * 10_000 + "]" * 10_000)
    _clean_error(*run_cli("scan", "--snapshot", example_snapshot_path, "--waivers", waivers), "waivers.yaml", "nested")
    waivers.write_bytes(b"waivers:\n  - reason: caf\xe9\n")
    _clean_error(*run_cli("scan", "--snapshot", example_snapshot_path, "--waivers", waivers), "not UTF-8")

    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"findings": ' + "[" * 10_000 + "]" * 10_000 + "}")
    _clean_error(
        *run_cli("scan", "--snapshot", example_snapshot_path, "--baseline", baseline), "baseline.json", "nested too"
    )
    baseline.write_text('{"findings": [], "createdAt": NaN}')
    _clean_error(*run_cli("scan", "--snapshot", example_snapshot_path, "--baseline", baseline), "not a finite number")

    config = tmp_path / "remediation.yaml"
    config.write_text("rules: " + "{a: " * 3_000 + "1" + "}" * 3_000)
    _clean_error(
        *run_cli("remediate", "--snapshot", example_snapshot_path, "--config", config), "remediation.yaml", "nested"
    )
    config.write_text(BILLION_LAUGHS)
    _clean_error(*run_cli("remediate", "--snapshot", example_snapshot_path, "--config", config), "aliases are expanded")


def test_a_yaml_file_over_the_size_limit(tmp_path, monkeypatch):
    from compliance.waivers import load_waivers

    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n" + "#" * 5000 + "\n")
    monkeypatch.setenv("COMPLIANCE_MAX_INPUT_BYTES", "1000")
    with pytest.raises(InputError, match="waivers.yaml: 5013 bytes is over the input limit of 1000"):
        load_waivers(waivers)
