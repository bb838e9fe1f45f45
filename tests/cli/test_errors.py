"""Bad input: one clear line on stderr, exit 2, no traceback, nothing half-written to --output."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _assert_clean_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    assert "Traceback" not in err and "Traceback" not in out
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def pack_with_unknown_param(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(
        textwrap.dedent(
            """
        name: team-pack
        controls:
          - id: T.1
            title: Versioning
            rules:
              - rule: s3-bucket-versioning-enabled
                parameters: {isMfaDeleteEnabledd: true}
        """
        )
    )
    return path


def test_malformed_json(run_cli, tmp_path):
    path = tmp_path / "snap.json"
    path.write_text('{"configurationItems": [')
    _assert_clean_error(*run_cli("scan", "--snapshot", path), "snap.json", "not valid JSON")


def test_wrong_types(run_cli, tmp_path):
    path = tmp_path / "snap.json"
    path.write_text('{"configurationItems": [{"resourceType": "AWS::S3::Bucket", "resourceId": ["x"]}]}')
    _assert_clean_error(*run_cli("scan", "--snapshot", path), "configurationItems[0].resourceId")


def test_unknown_pack_and_rule(run_cli, example_snapshot_path):
    _assert_clean_error(*run_cli("scan", "--snapshot", example_snapshot_path, "--pack", "nope"), "unknown pack")
    _assert_clean_error(*run_cli("scan", "--snapshot", example_snapshot_path, "--rule", "nope"), "unknown rule")
    _assert_clean_error(*run_cli("rules", "show", "nope"), "unknown rule 'nope'")


def test_pack_with_unknown_parameter(run_cli, example_snapshot_path, pack_with_unknown_param):
    _assert_clean_error(
        *run_cli("scan", "--snapshot", example_snapshot_path, "--pack", pack_with_unknown_param),
        "pack team-pack",
        "no parameter 'isMfaDeleteEnabledd'",
    )


def test_bad_param_value_and_syntax(run_cli, example_snapshot_path):
    _assert_clean_error(
        *run_cli(
            "scan",
            "--snapshot",
            example_snapshot_path,
            "--rule",
            "iam-password-policy",
            "--param",
            "iam-password-policy.MinimumPasswordLength=long",
        ),
        "expected integer",
    )
    _assert_clean_error(
        *run_cli("scan", "--snapshot", example_snapshot_path, "--param", "nodot=1"), "RULE.PARAMETER=VALUE"
    )


def test_yaml_with_python_tags_is_refused(run_cli, example_snapshot_path, tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n")
    code, out, err = run_cli("scan", "--snapshot", example_snapshot_path, "--pack", path)
    _assert_clean_error(code, out, err, "evil.yaml")
    assert not marker.exists()
    code, out, err = run_cli("--plugin", path, "rules", "list")
    _assert_clean_error(code, out, err, "evil.yaml")


def test_invalid_yaml_names_position(run_cli, example_snapshot_path, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\ncontrols: [\n")
    _assert_clean_error(*run_cli("scan", "--snapshot", example_snapshot_path, "--pack", path), "broken.yaml:")


def test_plugin_that_raises_at_import(run_cli, tmp_path):
    path = tmp_path / "bad_plugin.py"
    path.write_text("raise ValueError('cannot configure')\n")
    _assert_clean_error(*run_cli("--plugin", path, "rules", "list"), "bad_plugin.py", "ValueError: cannot configure")


def test_usage_errors_are_one_line(run_cli, example_snapshot_path):
    _assert_clean_error(*run_cli("scan", "--snapshot", example_snapshot_path, "--fail-on", "severe"), "--fail-on")
    _assert_clean_error(*run_cli("scan", "--no-such-flag"), "no-such-flag")


def test_nothing_half_written_on_error(run_cli, example_snapshot_path, tmp_path):
    out_file = tmp_path / "report.json"
    out_file.write_text("previous report\n")
    code, _, _ = run_cli("scan", "--snapshot", example_snapshot_path, "--format", "nope", "-o", out_file)
    assert code == 2
    assert out_file.read_text() == "previous report\n"
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    fresh = tmp_path / "fresh.json"
    assert run_cli("scan", "--snapshot", bad, "-f", "json", "-o", fresh)[0] == 2
    assert not fresh.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_installed_console_script_gives_exit_2_without_traceback(tmp_path):
    path = tmp_path / "snap.json"
    path.write_text("[")
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "scan", "--snapshot", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("compliance: error:")
