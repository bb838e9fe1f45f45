"""The remediation contract and registry: every built-in is well declared; ApiCall prints a
runnable, shell-safe AWS CLI command; parameters are typed."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from compliance.errors import InputError
from compliance.remediate import ApiCall, Remediation, remediation
from compliance.rule import Param


def test_every_builtin_is_registered_well_declared_and_fixes_a_known_rule(plugins):
    assert len(plugins.remediations) >= 22
    for rem in plugins.remediations.values():
        assert isinstance(rem, Remediation) and rem.source == "compliance.builtin.remediations"
        assert rem.title and rem.description, rem.id
        assert rem.rule_ids and all(r in plugins.rules for r in rem.rule_ids), (rem.id, rem.rule_ids)
        assert rem.permissions and all(re.fullmatch(r"[a-z0-9-]+:[A-Za-z]+", p) for p in rem.permissions), rem.id
        assert all(isinstance(p, Param) for p in rem.parameters.values())
        for service in rem.services:
            assert service in plugins.collectors, (rem.id, service)


def test_only_destructive_remediations_are_opt_in(plugins):
    opt_in = sorted(r.id for r in plugins.remediations.values() if r.opt_in)
    assert opt_in == ["iam-deactivate-old-access-keys", "iam-delete-console-password-without-mfa"]


def test_api_call_cli_is_shell_safe_and_round_trips():
    call = ApiCall("s3", "put_bucket_policy", "eu-west-1", {"Bucket": "b", "Policy": '{"Sid": "it\'s"}'})
    words = shlex.split(call.cli())
    assert words[:6] == ["aws", "s3api", "put-bucket-policy", "--region", "eu-west-1", "--cli-input-json"]
    assert json.loads(words[6]) == call.parameters
    assert call.api_name == "PutBucketPolicy"
    assert ApiCall.from_dict(call.to_dict()) == call
    assert ApiCall("ec2", "enable_ebs_encryption_by_default", "us-east-1").cli() == (
        "aws ec2 enable-ebs-encryption-by-default --region us-east-1"
    )


def test_parameters_are_typed_and_unknown_ones_rejected(plugins):
    rem = plugins.remediations["iam-strengthen-password-policy"]
    resolved = rem.resolve_parameters({"MinimumPasswordLength": "16", "RequireSymbols": "false"})
    assert resolved["MinimumPasswordLength"] == 16 and resolved["RequireSymbols"] is False
    assert resolved["PasswordReusePrevention"] == 24  # default
    with pytest.raises(InputError, match="has no parameter 'Length'"):
        rem.resolve_parameters({"Length": 3})


def test_a_plan_function_asks_only_for_known_arguments():
    with pytest.raises(TypeError, match="unknown argument"):

        @remediation(id="x", title="x", rules=["r"], resource_types=["T"])
        def plan(item, client):
            return []


def test_remediation_policy_allows_exactly_the_declared_actions(plugins, run_cli):
    code, out, _ = run_cli(
        "remediations",
        "policy",
        "--id",
        "s3-bucket-deny-insecure-transport",
        "--id",
        "ec2-close-default-security-group",
    )
    (statement,) = json.loads(out)["Statement"]
    assert code == 0 and statement["Effect"] == "Allow"
    assert statement["Action"] == [
        "ec2:RevokeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupIngress",
        "s3:PutBucketPolicy",
    ]
    code, out, _ = run_cli("remediations", "policy")
    everything = json.loads(out)["Statement"][0]["Action"]
    assert set(everything) == {a for r in plugins.remediations.values() for a in r.permissions}
    code, _, err = run_cli("remediations", "policy", "--id", "nope")
    assert code == 2 and "unknown remediation 'nope'" in err
