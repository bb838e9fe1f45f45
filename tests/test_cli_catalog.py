"""compliance --version, rules list/show, packs list/show."""

from __future__ import annotations

from compliance import __version__


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0 and __version__ in out


def test_rules_list_and_filter_by_pack(run_cli, plugins):
    code, out, _ = run_cli("rules", "list")
    assert code == 0
    assert all(rule_id in out for rule_id in plugins.rules)
    code, out, _ = run_cli("rules", "list", "--pack", "cis-aws-foundations-3.0")
    pack_rules = {ref.rule for ref in plugins.packs["cis-aws-foundations-3.0"].rule_refs()}
    assert all(r in out for r in pack_rules)
    outside = [r for r in plugins.rules if r not in pack_rules]
    assert not outside or not any(f"\n{r} " in out for r in outside)


def test_rules_show_prints_parameters_and_controls(run_cli):
    code, out, _ = run_cli("rules", "show", "iam-password-policy")
    assert code == 0
    assert "MinimumPasswordLength (int, default 14)" in out
    assert "cis-aws-foundations-3.0 1.8 (IAM.15)" in out
    assert "Remediation:" in out


def test_packs_list_and_show(run_cli, plugins):
    code, out, _ = run_cli("packs", "list")
    assert code == 0 and "cis-aws-foundations-3.0" in out
    code, out, _ = run_cli("packs", "show", "cis-aws-foundations-3.0")
    pack = plugins.packs["cis-aws-foundations-3.0"]
    assert code == 0 and pack.title in out
    assert all(c.securityHubId in out for c in pack.controls if c.securityHubId)
