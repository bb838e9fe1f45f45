"""The plugin manager: built-ins, --plugin paths and modules, entry points, failures, conflicts."""

from __future__ import annotations

import textwrap
from importlib.metadata import EntryPoint

import pytest

from compliance import plugins as plugins_module
from compliance.errors import PluginError
from compliance.plugins import load_plugins

RULE_PLUGIN = textwrap.dedent(
    """
    from compliance import hookimpl
    from compliance.rule import rule, compliant, non_compliant

    @rule(id="bucket-has-team-tag", title="Buckets carry a team tag", resource_types=["AWS::S3::Bucket"],
          severity="low")
    def team_tag(ci):
        return compliant() if "team" in ci.tags else non_compliant("no team tag")

    @hookimpl
    def compliance_register_rules(register):
        register(team_tag)
    """
)


def test_builtins_are_plugins_with_origin(plugins):
    assert {"compliance.builtin.rules", "compliance.report.builtin"} <= set(plugins.info)
    assert all(info.origin == "builtin" and info.ok for info in plugins.info.values())
    assert plugins.info["compliance.builtin.rules"].registered["rules"] == len(
        [r for r in plugins.rules.values() if r.source == "compliance.builtin.rules"]
    )
    assert plugins.rules["restricted-ssh"].source == "compliance.builtin.rules"


def test_each_call_builds_a_fresh_manager():
    assert load_plugins(entry_points_enabled=False).manager is not load_plugins(entry_points_enabled=False).manager


def test_python_file_plugin(tmp_path):
    path = tmp_path / "team_rules.py"
    path.write_text(RULE_PLUGIN)
    loaded = load_plugins([str(path)], entry_points_enabled=False)
    assert loaded.rules["bucket-has-team-tag"].source == str(path)
    assert loaded.info[str(path)].origin == f"--plugin {path}"


def test_yaml_rule_file_plugin(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        textwrap.dedent(
            """
        rules:
          - id: volume-is-gp3
            title: Volumes use gp3
            resource_types: [AWS::EC2::Volume]
            compliant_when: {path: configuration.volumeType, equals: gp3}
        """
        )
    )
    loaded = load_plugins([str(path)], entry_points_enabled=False)
    assert loaded.rules["volume-is-gp3"].resource_types == ("AWS::EC2::Volume",)


def test_explicit_plugin_that_raises_at_import_is_an_error(tmp_path):
    path = tmp_path / "broken.py"
    path.write_text("raise RuntimeError('boom')\n")
    with pytest.raises(PluginError, match=r"plugin .*broken.py failed to load: RuntimeError: boom"):
        load_plugins([str(path)], entry_points_enabled=False)


def test_misspelled_hook_is_caught(tmp_path):
    path = tmp_path / "typo.py"
    path.write_text("from compliance import hookimpl\n\n@hookimpl\ndef compliance_register_rule(register):\n    pass\n")
    with pytest.raises(PluginError, match="compliance_register_rule"):
        load_plugins([str(path)], entry_points_enabled=False)


def test_duplicate_rule_id_names_both_plugins(tmp_path):
    path = tmp_path / "dup.py"
    path.write_text(RULE_PLUGIN.replace("bucket-has-team-tag", "restricted-ssh"))
    with pytest.raises(PluginError, match=r"registered by both compliance.builtin.rules and .*dup.py"):
        load_plugins([str(path)], entry_points_enabled=False)


def _fake_entry_points(tmp_path, monkeypatch, modules: dict[str, str]):
    monkeypatch.syspath_prepend(str(tmp_path))
    for name, source in modules.items():
        (tmp_path / f"{name}.py").write_text(source)
    eps = [EntryPoint(name=name, value=name, group="compliance") for name in modules]
    monkeypatch.setattr(plugins_module, "entry_points", lambda group: eps if group == "compliance" else [])


def test_entry_point_failure_is_reported_and_others_still_load(tmp_path, monkeypatch):
    _fake_entry_points(
        tmp_path, monkeypatch, {"ep_good_rules": RULE_PLUGIN, "ep_broken": "import does_not_exist_anywhere\n"}
    )
    loaded = load_plugins()
    assert "bucket-has-team-tag" in loaded.rules
    assert loaded.info["ep_good_rules"].origin.startswith("entry point")
    failed = {p.name: p.error for p in loaded.failures}
    assert "ModuleNotFoundError" in failed["ep_broken"]


def test_disable_env_blocks_a_plugin(tmp_path, monkeypatch):
    _fake_entry_points(tmp_path, monkeypatch, {"ep_team_rules": RULE_PLUGIN})
    monkeypatch.setenv("COMPLIANCE_DISABLE_PLUGINS", "ep_team_rules")
    loaded = load_plugins()
    assert "bucket-has-team-tag" not in loaded.rules
    assert "disabled" in loaded.info["ep_team_rules"].error


def test_plugins_command_lists_origin_and_failures(tmp_path, monkeypatch, run_cli):
    _fake_entry_points(tmp_path, monkeypatch, {"ep_team_rules": RULE_PLUGIN, "ep_broken2": "1/0\n"})
    code, out, err = run_cli("plugins")
    assert code == 0
    assert "ep_team_rules" in out and "entry point" in out
    assert "ep_broken2" in out and "ZeroDivisionError" in out
    assert "plugin ep_broken2 not loaded" in err
