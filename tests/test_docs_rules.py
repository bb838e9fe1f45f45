"""docs/rules.md, docs/controls.md and docs/crosswalk.md are generated from the metadata and must not go stale."""

from __future__ import annotations

from compliance.docs import DOCS, generated, main


def test_generated_docs_are_current():
    stale = [path.name for path, text in generated().items() if not path.exists() or path.read_text() != text]
    assert not stale, f"{', '.join(stale)} stale: run python -m compliance.docs"


def test_check_mode_reports_staleness(tmp_path, monkeypatch, capsys):
    import compliance.docs as docs

    monkeypatch.setattr(docs, "DOCS", tmp_path)
    assert main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert main([]) == 0 and (tmp_path / "rules.md").exists()
    assert main(["--check"]) == 0


def test_rules_doc_lists_every_rule_with_parameters_and_controls(plugins):
    text = (DOCS / "rules.md").read_text()
    for rule_id in plugins.rules:
        assert f"\n## {rule_id}\n" in text
    section = text.split("\n## access-keys-rotated\n")[1].split("\n## ")[0]
    assert "`maxAccessKeyAge` | integer | `90`" in section
    assert "cis-aws-foundations-3.0 1.14 (IAM.3)" in section


def test_controls_doc_marks_manual_controls(plugins):
    text = (DOCS / "controls.md").read_text()
    assert "| 1.1 |  |  | medium | Maintain current contact details |  | manual |" in text
    assert "| 1.1 |  | 1.1 | medium | Maintain current contact details |  | manual |" in text  # CIS v5.0.0
    assert "| ECR.1 | ECR.1 | 6.2.3, 6.2.4 | high |" in text
    assert "`log-metric-filter-alarm-root-usage`" in text
    for pack in plugins.packs.values():
        assert f"\n## {pack.name}\n" in text


def test_rules_show_prints_controls_and_remediation(run_cli):
    code, out, _ = run_cli("rules", "show", "vpc-sg-port-restriction-check")
    assert code == 0
    assert "cis-aws-foundations-3.0 5.2 (EC2.53)" in out and "ipType" in out
    assert "Remediation:" in out and "restrictPorts (list, default ['22', '3389'])" in out


def test_crosswalk_doc_covers_both_moves(plugins):
    text = (DOCS / "crosswalk.md").read_text()
    assert "\n## cis-aws-foundations-3.0 to cis-aws-foundations-5.0\n" in text
    assert "\n## pci-dss-3.2.1 to pci-dss-4.0.1\n" in text
    assert "| same | 1.14 (IAM.3) | 1.13 (IAM.3) |" in text
    assert "| dropped | 1.3 |  | Security questions are registered for the account |  |" in text
