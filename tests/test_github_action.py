"""The composite action's `run:` steps, executed locally as GitHub would (bash -eo pipefail),
with `${{ ... }}` expressions substituted, against examples/snapshots/account.json.

`uses:` steps (setup-python, upload-sarif) cannot run here; the test checks what they are given.
The install step is not run (no network); the test checks that its default target is this
checkout, and puts the test environment's `compliance` on PATH instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from compliance.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION_DIR = ROOT / ".github" / "actions" / "compliance-gate"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


@pytest.fixture(scope="module")
def action() -> dict:
    return load_yaml(ACTION_DIR / "action.yml")


def _expand(text: str, context: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        expr = match.group(1)
        if expr not in context:
            raise AssertionError(f"unexpected expression in a run step: {expr}")
        return context[expr]

    return EXPRESSION.sub(value, str(text))


class Runner:
    """Runs the action's shell steps in order, as the runner would, and keeps step outputs."""

    def __init__(self, action: dict, inputs: dict[str, str], workdir: Path) -> None:
        self.action = action
        self.workdir = workdir
        self.summary = workdir / "step_summary.md"
        self.summary.write_text("")
        self.context = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
        self.context.update({f"inputs.{k}": v for k, v in inputs.items()})
        self.context["github.action_path"] = str(ACTION_DIR)
        self.results: dict[str, subprocess.CompletedProcess] = {}

    def run(self, step: dict) -> subprocess.CompletedProcess:
        output_file = self.workdir / f"output_{step.get('id', 'step')}.txt"
        output_file.write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
        env.update({k: _expand(v, self.context) for k, v in (step.get("env") or {}).items()})
        env.update(
            GITHUB_OUTPUT=str(output_file),
            GITHUB_STEP_SUMMARY=str(self.summary),
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        assert step["shell"] == "bash"
        script = _expand(step["run"], self.context)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        for line in output_file.read_text().splitlines():
            name, _, val = line.partition("=")
            self.context[f"steps.{step.get('id')}.outputs.{name}"] = val
        return done

    def steps(self) -> list[dict]:
        return self.action["runs"]["steps"]

    def step(self, step_id: str) -> dict:
        return next(s for s in self.steps() if s.get("id") == step_id)

    def run_after_install(self) -> dict[str, subprocess.CompletedProcess]:
        """Every shell step after the install step, stopping (like the runner) at the first failure."""
        names = [s.get("id") or s["name"] for s in self.steps()]
        start = names.index("install") + 1
        results = {}
        for step in self.steps()[start:]:
            if "run" not in step:
                continue
            name = step.get("id") or step["name"]
            results[name] = self.run(step)
            if results[name].returncode != 0:
                break
        return results


def _example_inputs() -> dict[str, str]:
    workflow = load_yaml(ROOT / "examples" / "workflows" / "compliance-gate.yml")
    steps = workflow["jobs"]["gate"]["steps"]
    gate = next(s for s in steps if str(s.get("uses", "")).endswith(".github/actions/compliance-gate"))
    return {k: str(v) for k, v in gate["with"].items()}


def _workdir(tmp_path: Path) -> Path:
    (tmp_path / "examples").symlink_to(ROOT / "examples")  # paths as in a checkout of this repo
    return tmp_path


def test_action_shape(action):
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all(s.get("shell") == "bash" for s in steps if "run" in s)
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert set(uses) == {"actions/setup-python", "github/codeql-action/upload-sarif"}
    upload = uses["github/codeql-action/upload-sarif"]
    assert upload["with"]["sarif_file"] == "${{ steps.gate.outputs.sarif-file }}"
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.gate.outputs.exit-code }}"
    # Inputs reach scripts only through env: never pasted into the script (shell injection).
    for step in steps:
        if "run" in step:
            assert "inputs." not in step["run"] and "${{" not in step["run"]


def test_install_step_installs_this_checkout(action, tmp_path):
    install = next(s for s in action["runs"]["steps"] if s.get("id") == "install")
    runner = Runner(action, {"snapshot": "x"}, tmp_path)
    env = {k: _expand(v, runner.context) for k, v in install["env"].items()}
    assert env["PACKAGE"] == ""
    target = (Path(env["ACTION_PATH"]) / ".." / ".." / "..").resolve()
    assert target == ROOT and 'name = "compliance"' in (target / "pyproject.toml").read_text()
    assert '"${PACKAGE:-$ACTION_PATH/../../..}"' in install["run"]


def test_example_workflow_through_the_action(action, tmp_path):
    inputs = _example_inputs()
    assert inputs["snapshot"] == "examples/snapshots/account.json"
    runner = Runner(action, inputs, _workdir(tmp_path))
    results = runner.run_after_install()
    gate = results["gate"]
    assert gate.returncode == 0, gate.stderr
    code = runner.context["steps.gate.outputs.exit-code"]
    sarif_path = tmp_path / runner.context["steps.gate.outputs.sarif-file"]
    reports = tmp_path / inputs.get("output-dir", "compliance-reports")
    assert sorted(p.name for p in reports.iterdir()) == [
        "compliance.json",
        "compliance.junit.xml",
        "compliance.md",
        "compliance.sarif",
        "compliance.txt",
    ]
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(json.loads(sarif_path.read_text()), schema)
    assert "Pack cis-aws-foundations-3.0" in gate.stdout  # the table is printed to the log
    assert runner.summary.read_text() == (reports / "compliance.md").read_text()
    report = json.loads((reports / "compliance.json").read_text())
    high = [
        e
        for e in report["evaluations"]
        if e["complianceType"] == "NON_COMPLIANT" and not e["suppression"] and e["severity"] in ("HIGH", "CRITICAL")
    ]
    assert code == ("1" if high else "0")
    assert results["Fail when the gate failed"].returncode == int(code)


def test_failing_gate_reports_then_fails_last(action, tmp_path):
    runner = Runner(
        action, {"snapshot": "examples/snapshots/account.json", "rules": "restricted-ssh"}, _workdir(tmp_path)
    )
    results = runner.run_after_install()
    assert results["gate"].returncode == 0  # reports are written and uploaded before failing
    assert runner.context["steps.gate.outputs.exit-code"] == "1"
    assert "sg-0a1b2c3d4e5f60001" in runner.summary.read_text()
    assert results["Fail when the gate failed"].returncode == 1


def test_input_error_stops_at_the_gate(action, tmp_path):
    runner = Runner(action, {"snapshot": "missing.json"}, tmp_path)
    results = runner.run_after_install()
    assert list(results) == ["gate"] and results["gate"].returncode == 2
    assert "missing.json" in results["gate"].stderr
    assert runner.context["steps.gate.outputs.exit-code"] == "2"


def test_ci_workflow_runs_lint_and_the_readme_test_command():
    ci = load_yaml(ROOT / ".github" / "workflows" / "ci.yml")
    readme = (ROOT / "README.md").read_text()
    command = "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && pytest -n auto"
    assert command in readme
    test_job = ci["jobs"]["test"]
    assert test_job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    assert any(step.get("run") == command for step in test_job["steps"])
    assert any("ruff check" in str(step.get("run", "")) for step in ci["jobs"]["lint"]["steps"])
