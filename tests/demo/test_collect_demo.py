"""The demo account, collected once with every built-in collector: no seeded secret reaches the
snapshot file, every API a collector calls is declared in its permissions, and the account
items carry the settings the rules read, in both demo regions."""

from __future__ import annotations

import pytest

from compliance.collect.permissions import iam_action
from compliance.collect.runner import run_collectors
from compliance.collect.session import AwsSession
from compliance.demo import DEMO_REGIONS, demo_account, demo_secrets
from compliance.model import ACCOUNT_RESOURCE_TYPE
from compliance.snapshot import dump_snapshot


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    from compliance.plugins import load_plugins

    plugins = load_plugins(entry_points_enabled=False)
    with demo_account() as boto_session:
        session = AwsSession(boto_session=boto_session)
        snapshot = run_collectors(session, plugins.collectors.values(), regions=list(DEMO_REGIONS))
    path = tmp_path_factory.mktemp("demo") / "snapshot.json"
    dump_snapshot(snapshot, path)
    return plugins, session, snapshot, path


def test_no_seeded_secret_in_the_snapshot_file(demo_run):
    _, _, snapshot, path = demo_run
    secrets = demo_secrets()
    assert "Demo-UserData-DB-Passw0rd-7731" in secrets and len(secrets) >= 3
    text = path.read_text()
    assert [s for s in secrets if s in text] == []
    # the instance whose user data held a password is there, with the marker instead
    markers = [
        i.supplementaryConfiguration.get("UserData")
        for i in snapshot
        if i.resourceType == "AWS::EC2::Instance" and i.awsRegion == DEMO_REGIONS[0]
    ]
    assert markers and all(str(m).startswith("REDACTED:sha256:") for m in markers)


def test_every_called_api_is_declared(demo_run):
    plugins, session, _, _ = demo_run
    assert session.recorder.by_unit, "no call was attributed to a collector"
    undeclared = {}
    for name, calls in session.recorder.by_unit.items():
        declared = set(plugins.collectors[name].permissions)
        missing = sorted({iam_action(s, o) for s, o in calls} - declared - {None})
        if missing:
            undeclared[name] = missing
    assert undeclared == {}


def test_demo_covers_both_regions_and_account_settings(demo_run):
    _, _, snapshot, _ = demo_run
    assert snapshot.regions == list(DEMO_REGIONS)
    accounts = {i.awsRegion: i.configuration for i in snapshot if i.resourceType == ACCOUNT_RESOURCE_TYPE}
    assert {"passwordPolicy", "accountSummary", "credentialReport", "s3AccountPublicAccessBlock"} <= set(
        accounts["global"]
    )
    assert accounts["us-east-1"]["ebsEncryptionByDefault"] is False
    assert accounts["eu-west-1"]["ebsEncryptionByDefault"] is True
    for resource_type in ("AWS::S3::Bucket", "AWS::EC2::SecurityGroup", "AWS::CloudTrail::Trail"):
        assert {i.awsRegion for i in snapshot if i.resourceType == resource_type} >= set(DEMO_REGIONS), resource_type


def test_demo_has_compliant_and_non_compliant_resources(demo_run):
    from compliance.evaluate import evaluate, select_rules

    plugins, _, snapshot, _ = demo_run
    ids = ["s3-bucket-versioning-enabled", "restricted-ssh", "cloud-trail-log-file-validation-enabled"]
    rules, _ = select_rules(plugins, rule_ids=ids)
    result = evaluate(snapshot, rules)
    for rule_id in ids:
        states = {e.complianceType.value for e in result.evaluations if e.configRuleName == rule_id}
        assert {"COMPLIANT", "NON_COMPLIANT"} <= states, rule_id
