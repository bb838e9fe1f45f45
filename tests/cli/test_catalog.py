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
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:] if line.strip() and line[0] != " "}
    n = plugins.packs["pci-dss-4.0.1"].counts(plugins.rules)
    assert rows["pci-dss-4.0.1"][1:6] == ["4.0.1", "142", str(n["automated"]), str(n["pending"]), "0"]
    assert n["automated"] == 142
    assert rows["cis-aws-foundations-5.0"][1:7] == ["5.0.0", "66", "60", "0", "6", "current"]
    assert rows["pci-dss-3.2.1"][6:] == ["retired"]
    code, out, _ = run_cli("packs", "show", "pci-dss-3.2.1")
    assert code == 0 and "; retired 2024-03-31" in out and "RETIRED" in out
    code, out, _ = run_cli("packs", "show", "cis-aws-foundations-3.0")
    pack = plugins.packs["cis-aws-foundations-3.0"]
    assert code == 0 and pack.title in out
    assert all(c.securityHubId in out for c in pack.controls if c.securityHubId)


def test_packs_show_marks_pending_rules_and_requirements(run_cli):
    code, out, _ = run_cli("packs", "show", "pci-dss-4.0.1")
    assert code == 0 and "Version 4.0.1; 142 controls:" in out
    assert "Source: https://docs.aws.amazon.com/securityhub/latest/userguide/pci-standard.html" in out
    assert "8.3.6" in " ".join(out.split())


def test_packs_show_crosswalk(run_cli):
    code, out, _ = run_cli("packs", "show", "--crosswalk", "cis-aws-foundations-3.0", "cis-aws-foundations-5.0")
    assert code == 0
    assert out.startswith("cis-aws-foundations-3.0 -> cis-aws-foundations-5.0: 40 same,")
    assert any(line.split()[:3] == ["same", "1.14", "(IAM.3)"] for line in out.splitlines())
    code, _, err = run_cli("packs", "show", "cis-aws-foundations-5.0", "--crosswalk", "a", "b")
    assert code == 2 and "not both" in err
    code, _, err = run_cli("packs", "show", "--crosswalk", "cis-aws-foundations-3.0", "nope")
    assert code == 2 and "unknown pack 'nope'" in err


def test_packs_json_carries_counts_reference_and_crosswalk(run_cli, plugins):
    import json

    code, out, _ = run_cli("packs", "list", "-f", "json")
    by_name = {p["name"]: p for p in json.loads(out)}
    assert code == 0 and by_name["pci-dss-3.2.1"]["retired"] == "2024-03-31"
    assert by_name["pci-dss-4.0.1"]["counts"] == plugins.packs["pci-dss-4.0.1"].counts(plugins.rules)
    code, out, _ = run_cli("packs", "show", "pci-dss-4.0.1", "-f", "json")
    controls = {c["id"]: c for c in json.loads(out)["controls"]}
    assert controls["IAM.7"]["requirements"] == ["8.3.6", "8.3.7", "8.3.9", "8.3.10.1", "8.6.3"]
    assert controls["ECR.1"]["rules"][0]["rule"] == "ecr-private-image-scanning-enabled"
    assert all(c["notRegisteredYet"] == [] for c in controls.values())  # every rule is built in now
    code, out, _ = run_cli("packs", "show", "--crosswalk", "pci-dss-3.2.1", "pci-dss-4.0.1", "-f", "json")
    data = json.loads(out)
    assert code == 0 and {"change": "same", "old": ["PCI.S3.5"], "new": ["S3.5"], "note": ""} in data["rows"]
