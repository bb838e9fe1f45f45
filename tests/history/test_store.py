"""The history store's behaviour, identical on both backends (SQLite file, S3 on moto)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from history_support import evaluation, item, mocked_bucket, open_backend, snapshot, three_groups

from compliance.errors import InputError
from compliance.history.records import HistoryError
from compliance.model import CollectionError


@pytest.fixture(scope="module")
def s3_bucket():
    with mocked_bucket() as bucket:
        yield bucket


@pytest.fixture(params=["sqlite", "s3"])
def store(request, tmp_path):
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
    with open_backend(request.param, tmp_path) as opened:
        yield opened


def _config(state, resource_id):
    return {i.resourceId: i for i in state.configurationItems}[resource_id].configuration


def test_unchanged_items_cost_no_new_rows(store):
    items = three_groups()
    first = store.record(snapshot(items, "2025-01-01T00:00:00Z"), [evaluation(items[0], "COMPLIANT")]).scan
    second = store.record(snapshot(items, "2025-01-02T00:00:00Z"), [evaluation(items[0], "COMPLIANT")]).scan
    assert (first.itemRows, first.evaluationRows) == (3, 1)
    assert (second.itemRows, second.evaluationRows) == (0, 0)
    assert [s.seq for s in store.scans()] == [1, 2]
    assert second.previousDigest == first.digest
    assert len(store.state(second).configurationItems) == 3


def test_a_changed_item_is_stored_again_with_a_new_state_id(store):
    items = three_groups()
    store.record(snapshot(items, "2025-01-01T00:00:00Z"))
    items[0].configuration["cidr"] = "0.0.0.0/0"
    second = store.record(snapshot(items, "2025-01-02T00:00:00Z")).scan
    assert second.itemRows == 1
    versions = store.item_versions("sg-1")
    assert [seq for seq, _ in versions] == [1, 2]
    old, new = (row.item() for _, row in versions)
    assert old["configurationStateId"] != new["configurationStateId"]
    assert int(new["configurationStateId"]) > int(old["configurationStateId"])
    assert old["configurationItemMD5Hash"] != new["configurationItemMD5Hash"]
    assert _config(store.state(store.resolve("1")), "sg-1")["cidr"] == "10.0.0.0/8"
    assert _config(store.state(store.resolve("2")), "sg-1")["cidr"] == "0.0.0.0/0"


def test_a_resource_that_disappears_gets_a_resource_deleted_item(store):
    items = three_groups()
    store.record(snapshot(items, "2025-01-01T00:00:00Z"))
    second = store.record(snapshot(items[1:], "2025-01-02T00:00:00Z", regions=["us-east-1", "eu-west-1"])).scan
    assert second.itemRows == 1
    _, deleted = store.item_versions("sg-1")[-1]
    assert deleted.status == "ResourceDeleted"
    assert deleted.item()["configurationItemCaptureTime"] == "2025-01-02T00:00:00Z"
    assert "sg-1" not in {i.resourceId for i in store.state(second).configurationItems}
    assert "sg-1" in {i.resourceId for i in store.state(store.resolve("1")).configurationItems}
    # Recording the same again adds nothing: the deletion is not repeated.
    third = store.record(snapshot(items[1:], "2025-01-03T00:00:00Z", regions=["us-east-1", "eu-west-1"])).scan
    assert third.itemRows == 0
    # It comes back: a new version, live again.
    fourth = store.record(snapshot(items, "2025-01-04T00:00:00Z")).scan
    assert fourth.itemRows == 1
    assert "sg-1" in {i.resourceId for i in store.state(fourth).configurationItems}


def test_resources_outside_a_scans_scope_are_not_deleted(store):
    items = three_groups()
    store.record(snapshot(items, "2025-01-01T00:00:00Z"))
    # A us-east-1-only scan says nothing about eu-west-1.
    partial = store.record(snapshot(items[:2], "2025-01-02T00:00:00Z", regions=["us-east-1"])).scan
    assert partial.itemRows == 0
    # A scan whose security groups could not be read says nothing about them either.
    failed = CollectionError(
        "ec2", "DescribeSecurityGroups", "AccessDenied", "denied", "us-east-1", "", [items[0].resourceType]
    )
    blind = snapshot([items[2]], "2025-01-03T00:00:00Z", regions=["us-east-1", "eu-west-1"], collectionErrors=[failed])
    assert store.record(blind).scan.itemRows == 0
    assert {i.resourceId for i in store.state(store.latest()).configurationItems} == {"sg-1", "sg-2", "sg-3"}


def test_evaluation_changes_are_reported_with_the_previous_evaluation(store):
    items = three_groups()
    first = store.record(snapshot(items, "2025-01-01T00:00:00Z"), [evaluation(i, "COMPLIANT") for i in items])
    assert [(p, c.resourceId) for p, c in first.changes] == [(None, "sg-1"), (None, "sg-2"), (None, "sg-3")]
    evals = [evaluation(items[0], "NON_COMPLIANT"), evaluation(items[1], "COMPLIANT", annotation="reworded")]
    evals.append(evaluation(items[2], "COMPLIANT"))
    second = store.record(snapshot(items, "2025-01-02T00:00:00Z"), evals)
    assert second.scan.evaluationRows == 2  # sg-1 flipped, sg-2's annotation changed; sg-3 unchanged
    assert [(p.complianceType.value, c.complianceType.value, c.resourceId) for p, c in second.changes] == [
        ("COMPLIANT", "NON_COMPLIANT", "sg-1")
    ]
    assert second.scan.findingCount == 1
    assert {e.resourceId: e.complianceType.value for e in store.evaluations(second.scan)}["sg-1"] == "NON_COMPLIANT"
    assert store.evaluations(store.resolve("1"))[0].complianceType.value == "COMPLIANT"


def test_an_evaluation_no_longer_produced_by_a_rule_that_ran_is_removed(store):
    items = three_groups()
    store.record(snapshot(items, "2025-01-01T00:00:00Z"), [evaluation(i, "COMPLIANT") for i in items])
    # sg-2 was deleted: its evaluation goes; a rule that did not run keeps its old evaluations.
    later = store.record(
        snapshot([items[0], items[2]], "2025-01-02T00:00:00Z"),
        [evaluation(items[0], "COMPLIANT"), evaluation(items[2], "COMPLIANT")],
        rule_names=["restricted-ssh", "another-rule"],
    )
    assert {e.resourceId for e in store.evaluations(later.scan)} == {"sg-1", "sg-3"}
    other = store.record(snapshot([items[0], items[2]], "2025-01-03T00:00:00Z"), [], rule_names=["another-rule"])
    assert {e.resourceId for e in store.evaluations(other.scan)} == {"sg-1", "sg-3"}


def test_state_at_a_time_is_the_last_scan_at_or_before_it(store):
    items = three_groups()
    store.record(snapshot(items, "2025-01-01T06:00:00Z"))
    items[1].configuration["cidr"] = "10.1.0.0/16"
    store.record(snapshot(items, "2025-01-03T06:00:00Z"))
    assert store.at_time("2025-01-02").seq == 1  # a date means the end of that day
    assert store.at_time("2025-01-03T06:00:00Z").seq == 2
    assert store.at_time("2025-01-03T07:00:00+01:00").seq == 2
    assert _config(store.state(store.at_time("2025-01-02T23:00:00Z")), "sg-2")["cidr"] == "0.0.0.0/0"
    with pytest.raises(InputError, match="no scan recorded at or before"):
        store.at_time("2024-12-31")
    with pytest.raises(InputError, match="not a timestamp"):
        store.at_time("yesterday")


def test_resolve_scan_references(store):
    items = three_groups()
    first = store.record(snapshot(items, "2025-01-01T00:00:00Z")).scan
    second = store.record(snapshot(items, "2025-01-02T00:00:00Z")).scan
    assert store.resolve("latest").scanId == second.scanId
    assert store.resolve(first.scanId).seq == 1
    assert store.resolve(second.scanId[:-2]).seq == 2
    assert store.resolve("1").scanId == first.scanId
    with pytest.raises(InputError, match="unknown scan 'nope'"):
        store.resolve("nope")
    with pytest.raises(InputError, match="ambiguous"):
        store.resolve("2025")


def test_prune_keeps_every_retained_moment_reconstructable(store):
    items = three_groups()
    store.record(snapshot(items, "2025-01-01T00:00:00Z"), [evaluation(items[0], "NON_COMPLIANT")])
    gone = items.pop(1)  # sg-2 deleted before the cutoff: outside retention, forgotten
    items[0].configuration["cidr"] = "10.9.0.0/16"
    second = store.record(
        snapshot(items, "2025-01-10T00:00:00Z", regions=["us-east-1", "eu-west-1"]),
        [evaluation(items[0], "COMPLIANT")],
    ).scan
    items[1].configuration["ports"] = [8080]
    third = store.record(snapshot(items, "2025-01-20T00:00:00Z", regions=["us-east-1", "eu-west-1"])).scan
    before = {at: store.state(store.at_time(at)).configurationItems for at in ("2025-01-15", "2025-01-21")}

    result = store.prune(15, now=datetime(2025, 1, 30, tzinfo=UTC))  # cutoff 2025-01-15
    assert result.removed == 1 and result.base.scanId == second.scanId
    assert [(s.scanId, s.kind) for s in store.scans()] == [(second.scanId, "base"), (third.scanId, "scan")]
    for at, items_then in before.items():
        assert store.state(store.at_time(at)).configurationItems == items_then
    assert store.evaluations(store.resolve(second.scanId))[0].complianceType.value == "COMPLIANT"
    assert store.item_versions(gone.resourceId) == []
    assert store.verify().ok
    # Pruning again changes nothing; recording after a prune chains onto the base.
    assert store.prune(15, now=datetime(2025, 1, 30, tzinfo=UTC)).removed == 0
    store.record(snapshot(items, "2025-01-31T00:00:00Z", regions=["us-east-1", "eu-west-1"]))
    assert store.verify().ok


def test_verify_passes_on_an_untouched_store(store):
    items = three_groups()
    for day in range(1, 5):
        items[0].configuration["day"] = day
        store.record(snapshot(items, f"2025-01-0{day}T00:00:00Z"), [evaluation(items[0], "COMPLIANT")])
    report = store.verify()
    assert report.ok and report.checked == 4
    assert report.head_digest == store.latest().digest


def test_a_failed_write_leaves_no_partial_scan(store, monkeypatch):
    items = three_groups()
    store.record(snapshot(items, "2025-01-01T00:00:00Z"))
    items[0].configuration["cidr"] = "0.0.0.0/0"
    if hasattr(store, "conn"):  # SQLite: fail after the scan row and its items are inserted
        real = store._rid

        def failing(key, arn, cache):
            if key[3] == "sg-1" and arn is None:
                raise OSError("disk full")
            return real(key, arn, cache)

        monkeypatch.setattr(store, "_rid", failing)
    else:  # S3: the data objects are written, the manifest (the commit) fails
        real_put = store.client.put_object

        def failing_put(**kwargs):
            if "/manifests/" in kwargs["Key"]:
                raise OSError("connection reset")
            return real_put(**kwargs)

        monkeypatch.setattr(store.client, "put_object", failing_put)
    with pytest.raises(OSError):
        store.record(snapshot(items, "2025-01-02T00:00:00Z"), [evaluation(items[0], "NON_COMPLIANT")])
    monkeypatch.undo()
    assert [s.seq for s in store.scans()] == [1]
    assert [seq for seq, _ in store.item_versions("sg-1")] == [1]
    assert store.verify().ok
    assert store.record(snapshot(items, "2025-01-02T00:00:00Z")).scan.seq == 2


def test_a_concurrent_writer_cannot_overwrite_a_committed_scan(store):
    items = three_groups()
    first = store.record(snapshot(items, "2025-01-01T00:00:00Z")).scan
    with pytest.raises(HistoryError, match="#1"):
        store._write(first, [], [])
    assert [s.scanId for s in store.scans()] == [first.scanId]


def test_items_of_the_same_resource_in_two_accounts_stay_apart(store):
    a = item("sg-1")
    b = item("sg-1")
    b.accountId = "444455556666"
    shot = snapshot([a, b], "2025-01-01T00:00:00Z")
    shot.accountIds = [a.accountId, b.accountId]
    assert store.record(shot).scan.itemRows == 2
    assert len(store.item_versions("sg-1")) == 2
