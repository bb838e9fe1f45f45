"""Plugins cannot end or hang a scan (issue #15): sys.exit, any BaseException, a rule past its
time budget, a plugin module that exits on import. Only a real Ctrl-C ends the evaluation."""

from __future__ import annotations

import os
import signal
import textwrap
import time

import pytest

from compliance.evaluate import evaluate
from compliance.model import ComplianceType, ConfigurationItem, Snapshot
from compliance.results import ConfiguredRule
from compliance.rule import compliant, rule

C = ComplianceType
BUCKET = "AWS::S3::Bucket"


def _configured(r) -> ConfiguredRule:
    return ConfiguredRule(r.id, r, r.resolve_parameters({}), r.severity)


def _snapshot(count: int = 2) -> Snapshot:
    items = [ConfigurationItem(BUCKET, f"b{i}", "111122223333", "us-east-1") for i in range(count)]
    return Snapshot(items, resourceTypesCollected=[BUCKET])


@rule(id="fine", title="t", resource_types=[BUCKET])
def fine(ci):
    return compliant("ok")


@rule(id="exits", title="t", resource_types=[BUCKET])
def exits(ci):
    raise SystemExit(0)


@rule(id="raises-interrupt", title="t", resource_types=[BUCKET])
def raises_interrupt(ci):
    raise KeyboardInterrupt


@rule(id="generator-exit", title="t", resource_types=[BUCKET])
def generator_exit(ci):
    raise GeneratorExit


@rule(id="sleeps", title="t", resource_types=[BUCKET])
def sleeps(ci):
    time.sleep(3600)


@rule(id="spins", title="t", resource_types=[BUCKET])
def spins(ci):
    while True:
        try:
            pass
        except Exception:  # a rule swallowing exceptions still cannot swallow its budget
            pass


@rule(id="returns-junk", title="t", resource_types=[BUCKET])
def returns_junk(ci):
    return {"not": "a result"}


def _states(result) -> dict[str, set]:
    found: dict[str, set] = {}
    for e in result.evaluations:
        found.setdefault(e.configRuleName, set()).add(e.complianceType)
    return found


def test_base_exceptions_from_a_rule_are_that_rules_error():
    result = evaluate(_snapshot(), [_configured(r) for r in (exits, raises_interrupt, generator_exit, fine)])
    states = _states(result)
    assert states == {
        "exits": {C.ERROR},
        "raises-interrupt": {C.ERROR},
        "generator-exit": {C.ERROR},
        "fine": {C.COMPLIANT},
    }
    annotations = {e.configRuleName: e.annotation for e in result.evaluations}
    assert "rule called exit (0)" in annotations["exits"]
    assert "KeyboardInterrupt" in annotations["raises-interrupt"]


@pytest.mark.parametrize("hanging", [sleeps, spins], ids=["sleeps", "spins"])
def test_a_rule_past_its_time_budget_is_error_and_the_scan_goes_on(hanging):
    result = evaluate(_snapshot(3), [_configured(hanging), _configured(fine)], rule_timeout=0.2)
    states = _states(result)
    assert states == {hanging.id: {C.ERROR}, "fine": {C.COMPLIANT}}
    hung = [e for e in result.evaluations if e.configRuleName == hanging.id]
    assert len(hung) == 3 and all("time budget of 0.2 s" in e.annotation for e in hung)


def test_a_wrong_return_value_is_error():
    (only,) = [e for e in evaluate(_snapshot(1), [_configured(returns_junk)]).evaluations]
    assert only.complianceType is C.ERROR and "not a Result" in only.annotation


def test_a_real_ctrl_c_still_ends_the_evaluation():
    @rule(id="interrupted", title="t", resource_types=[BUCKET])
    def interrupted(ci):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)

    with pytest.raises(KeyboardInterrupt):
        evaluate(_snapshot(1), [_configured(interrupted)])
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_bad_budget_is_a_clear_error(monkeypatch):
    from compliance.errors import InputError

    monkeypatch.setenv("COMPLIANCE_RULE_TIMEOUT", "soon")
    with pytest.raises(InputError, match="COMPLIANCE_RULE_TIMEOUT"):
        evaluate(_snapshot(1), [_configured(fine)])


def _plugin(tmp_path, body: str):
    path = tmp_path / "plugin_rule.py"
    path.write_text(textwrap.dedent(body))
    return path


def test_a_plugin_rule_calling_sys_exit_gives_error_and_a_report(run_cli, tmp_path, example_snapshot_path):
    path = _plugin(
        tmp_path,
        """
        import sys
        from compliance import hookimpl
        from compliance.rule import rule

        @rule(id="plugin-exits", title="t", resource_types=["AWS::S3::Bucket"])
        def plugin_exits(ci):
            sys.exit(0)

        @hookimpl
        def compliance_register_rules(register):
            register(plugin_exits)
        """,
    )
    code, out, err = run_cli(
        "--plugin", path, "scan", "--snapshot", example_snapshot_path, "--rule", "plugin-exits", "--format", "json"
    )
    assert code == 1, err
    assert '"complianceType": "ERROR"' in out and "rule called exit" in out


def test_a_plugin_module_exiting_on_import_is_a_clear_error(run_cli, tmp_path, example_snapshot_path):
    path = _plugin(tmp_path, "import sys\nsys.exit(0)\n")
    code, _, err = run_cli("--plugin", path, "scan", "--snapshot", example_snapshot_path)
    assert code == 2
    assert "plugin_rule.py failed to load: SystemExit" in err and "internal error" not in err


def test_a_plugin_registering_something_else_is_named(run_cli, tmp_path, example_snapshot_path):
    path = _plugin(
        tmp_path,
        """
        from compliance import hookimpl

        @hookimpl
        def compliance_register_rules(register):
            register(42)
        """,
    )
    code, _, err = run_cli("--plugin", path, "scan", "--snapshot", example_snapshot_path)
    assert code == 2
    assert "registered a int, not a rule" in err


def test_a_failing_lifecycle_hook_is_a_warning_not_the_end(run_cli, tmp_path, example_snapshot_path):
    path = _plugin(
        tmp_path,
        """
        import sys
        from compliance import hookimpl

        @hookimpl
        def compliance_scan_started(snapshot):
            sys.exit(3)
        """,
    )
    code, out, err = run_cli(
        "--plugin", path, "scan", "--snapshot", example_snapshot_path, "--rule", "restricted-ssh", "--format", "json"
    )
    assert "failed in compliance_scan_started: SystemExit: 3" in err
    assert code in (0, 1) and '"evaluations"' in out
