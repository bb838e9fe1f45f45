"""'rules list' filters (--pack, --service, --severity, --type) and JSON; 'rules show',
'packs list' and 'packs show' as JSON."""

from __future__ import annotations

import json

from compliance.model import Severity


def _ids(run_cli, *args):
    code, out, err = run_cli("rules", "list", "-f", "json", *args)
    assert code == 0, err
    return {r["id"]: r for r in json.loads(out)}


def test_rules_list_json_holds_every_rule(run_cli, plugins):
    rules = _ids(run_cli)
    assert set(rules) == set(plugins.rules)
    ssh = rules["restricted-ssh"]
    assert (
        ssh["severity"] == "HIGH" and ssh["resourceTypes"] == ["AWS::EC2::SecurityGroup"] and ssh["services"] == ["ec2"]
    )
    assert "ec2-revoke-open-admin-ports" in ssh["automaticRemediations"] and ssh["remediation"]


def test_rules_list_filters(run_cli, plugins):
    s3 = _ids(run_cli, "--service", "s3")
    assert s3 and all("s3" in r["services"] for r in s3.values())
    assert "restricted-ssh" not in s3
    high = _ids(run_cli, "--severity", "high")
    assert high and {r["severity"] for r in high.values()} <= {"HIGH", "CRITICAL"}
    assert len(high) == sum(1 for r in plugins.rules.values() if r.severity.rank >= Severity.HIGH.rank)
    buckets = _ids(run_cli, "--type", "S3::Bucket")
    assert buckets and all("AWS::S3::Bucket" in r["resourceTypes"] for r in buckets.values())
    both = _ids(run_cli, "--service", "s3", "--severity", "critical")
    assert set(both) == {k for k in s3 if s3[k]["severity"] == "CRITICAL"}
    pack = _ids(run_cli, "--pack", "cis-aws-foundations-3.0")
    assert set(pack) == {ref.rule for ref in plugins.packs["cis-aws-foundations-3.0"].rule_refs()}


def test_rules_list_unknown_filter_values_suggest(run_cli):
    code, _, err = run_cli("rules", "list", "--service", "s4")
    assert code == 2 and "did you mean 's3'" in err
    code, _, err = run_cli("rules", "list", "--type", "AWS::S3::Buckt")
    assert code == 2 and "did you mean 'AWS::S3::Bucket'" in err


def test_rules_list_table_when_piped_keeps_resource_types_whole(run_cli):
    code, out, _ = run_cli("rules", "list", "--type", "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert code == 0
    rows = out.splitlines()[1:]
    assert rows and all("AWS::ElasticLoadBalancingV2::LoadBalancer" in row for row in rows)


def test_rules_show_and_packs_as_json(run_cli, plugins):
    code, out, _ = run_cli("rules", "show", "restricted-ssh", "-f", "json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == "restricted-ssh" and shown["controls"]
    code, out, _ = run_cli("packs", "list", "-f", "json")
    listed = {p["name"]: p for p in json.loads(out)}
    assert set(listed) == set(plugins.packs)
    code, out, _ = run_cli("packs", "show", "cis-aws-foundations-3.0", "-f", "json")
    pack = json.loads(out)
    assert pack["controlCount"] == len(pack["controls"]) == len(plugins.packs["cis-aws-foundations-3.0"].controls)
    assert all("id" in c and "rules" in c for c in pack["controls"])
