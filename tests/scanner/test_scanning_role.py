"""The deploy templates' scanning roles allow every read `compliance permissions` asks for: AWS's
SecurityAudit policy (its actions for our services in tests/data/security-audit-actions.txt) plus the
templates' own policy for the rest, which holds nothing SecurityAudit already grants."""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECURITY_AUDIT = [
    action
    for line in (ROOT / "tests" / "data" / "security-audit-actions.txt").read_text().splitlines()
    if not line.startswith("#")
    for action in line.split()
]
SCANNING_ROLES = {"template.yaml": "ScannerRole", "member-role.yaml": "MemberRole"}


def _in_security_audit(action: str) -> bool:
    return any(fnmatchcase(action, pattern) for pattern in SECURITY_AUDIT)


def _extra_reads(template: str, role: str) -> set[str]:
    """The actions of the role's inline policy for the reads SecurityAudit lacks."""
    from cfnlint.api import decode_str

    decoded, problems = decode_str((ROOT / "deploy" / template).read_text())
    assert not problems
    properties = decoded["Resources"][role]["Properties"]
    assert properties["ManagedPolicyArns"] == [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/SecurityAudit"}]
    policies = [p for p in properties["Policies"] if isinstance(p, dict)]
    [policy] = [p for p in policies if p.get("PolicyName") == "reads-beyond-security-audit"]
    [statement] = policy["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Allow" and statement["Resource"] == "*"
    return set(statement["Action"])


def _needed(run_cli) -> set[str]:
    code, out, _ = run_cli("permissions")
    assert code == 0
    return {a for statement in json.loads(out)["Statement"] for a in statement["Action"]}


@pytest.mark.parametrize("template", sorted(SCANNING_ROLES))
def test_security_audit_and_the_extra_policy_allow_every_collector_read(template, run_cli):
    extra = _extra_reads(template, SCANNING_ROLES[template])
    denied = sorted(a for a in _needed(run_cli) if not _in_security_audit(a) and a not in extra)
    assert not denied, f"deploy/{template}: reads neither SecurityAudit nor the extra policy allow: {denied}"


@pytest.mark.parametrize("template", sorted(SCANNING_ROLES))
def test_the_extra_policy_holds_only_reads_security_audit_lacks(template, run_cli):
    extra = _extra_reads(template, SCANNING_ROLES[template])
    needed = _needed(run_cli)
    assert extra, "the collectors need reads SecurityAudit lacks (for example WAF Classic rule groups)"
    assert not {a for a in extra if _in_security_audit(a)}, "already granted by SecurityAudit"
    assert extra <= needed, f"no collector reads {sorted(extra - needed)}"
    assert all(":Get" in a or ":List" in a or ":Describe" in a or ":BatchGet" in a for a in extra), "read-only"
