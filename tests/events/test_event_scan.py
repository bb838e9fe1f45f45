"""compliance scan --event on moto: a recorded scan, a change through boto3, the matching event;
the requests it costs, the verdict, the history entry with its cause, the hook, a deletion and a burst."""

from __future__ import annotations

import json
from collections import Counter

import hook_recorder
import pytest

from compliance import engine
from compliance.collect.session import AwsSession
from compliance.history import open_store
from compliance.request import CollectionSettings, EventScope, Recording, RuleSelection, ScanRequest, Source
from compliance.testing import simulate_account
from tests.events.records import cloudtrail, eventbridge, put_bucket_versioning

RULE = "s3-bucket-versioning-enabled"


@pytest.fixture
def account():
    with simulate_account() as simulated:
        yield simulated.session


@pytest.fixture
def calls(account):
    seen: Counter[str] = Counter()
    account.events.register(
        "before-call", lambda model, **_: seen.update([f"{model.service_model.service_name}.{model.name}"])
    )
    return seen


@pytest.fixture
def hooks(plugins):
    hook_recorder.EVENTS.clear()
    plugins.manager.register(hook_recorder, name="hook_recorder")
    yield hook_recorder.EVENTS
    hook_recorder.EVENTS.clear()


def request(session, store, events=None):
    return ScanRequest(
        source=Source.from_session(AwsSession(boto_session=session)),
        selection=RuleSelection(rules=(RULE,)),
        collection=CollectionSettings(services=("s3",), regions=("us-east-1",)),
        recording=Recording(store_url=str(store)),
        events=events,
    )


def events_file(tmp_path, *events, name="events.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(e) for e in events) + "\n")
    return EventScope.from_files([str(path)])


def state(outcome, name):
    return {e.resourceId: e.complianceType.value for e in outcome.result.evaluations}.get(name)


def test_a_put_bucket_versioning_event_rereads_one_bucket_and_records_the_flip_with_its_cause(
    account, calls, hooks, plugins, tmp_path, run_cli
):
    store = tmp_path / "history.db"
    s3 = account.client("s3")
    for bucket in ("app-logs", "other"):
        s3.create_bucket(Bucket=bucket)
    first = engine.scan(request(account, store), plugins)
    assert state(first, "app-logs") == "NON_COMPLIANT" and state(first, "other") == "NON_COMPLIANT"
    s3.put_bucket_versioning(Bucket="app-logs", VersioningConfiguration={"Status": "Enabled"})
    calls.clear()
    hooks.clear()

    outcome = engine.scan(
        request(account, store, events_file(tmp_path, eventbridge(put_bucket_versioning("app-logs", event_id="ev-1")))),
        plugins,
    )

    s3_calls = {k: v for k, v in calls.items() if k.startswith("s3.")}
    # ListBuckets by prefix plus the bucket's detail calls the rule needs, each once (and GetBucketLocation,
    # as moto's listing names no BucketRegion)
    assert s3_calls == {"s3.ListBuckets": 1, "s3.GetBucketLocation": 1, "s3.GetBucketVersioning": 1}, calls
    assert [(e.resourceId, e.complianceType.value) for e in outcome.result.evaluations] == [("app-logs", "COMPLIANT")]
    assert [(p.complianceType.value, c.complianceType.value) for p, c in outcome.changes] == [
        ("NON_COMPLIANT", "COMPLIANT")
    ]
    assert [e for e in hooks if e[0] == "changed"] == [("changed", "123456789012", (False, "COMPLIANT"))]
    with open_store(str(store)) as history:
        latest = history.latest()
        assert latest.kind == "event"
        (cause,) = latest.snapshot["causes"]
        assert cause["eventId"] == "ev-1" and cause["eventName"] == "PutBucketVersioning"
        assert (
            cause["principal"] == "arn:aws:iam::123456789012:user/alice"
            and cause["eventTime"] == "2026-12-03T09:00:00Z"
        )
        assert cause["resources"] == [["123456789012", "us-east-1", "AWS::S3::Bucket", "app-logs", "changed"]]
        assert len(history.item_versions("app-logs")) == 2 and len(history.item_versions("other")) == 1
        # the other bucket is untouched: still there, still failing
        kept = {e.resourceId: e.complianceType.value for e in history.evaluations(latest)}
        assert kept == {"app-logs": "COMPLIANT", "other": "NON_COMPLIANT"}
        assert {i.resourceId for i in history.state(latest).configurationItems} == {"app-logs", "other"}
        assert history.verify().ok
    assert outcome.exit_code == 0
    cause_line = "s3 PutBucketVersioning by arn:aws:iam::123456789012:user/alice at 2026-12-03T09:00:00Z (event ev-1)"
    code, out, _ = run_cli("history", "app-logs", "--store", str(store))
    assert code == 0 and out.count("caused by: ") == 1 and f"caused by: {cause_line}" in out
    code, out, _ = run_cli("diff", "--store", str(store))
    assert code == 0 and f"event: {cause_line}" in out.split("Resolved (1):")[1]
    code, out, _ = run_cli("diff", "--store", str(store), "--format", "json")
    assert json.loads(out)["resolved"][0]["event"]["eventId"] == "ev-1"


def test_a_delete_event_records_resource_deleted_without_reading(account, calls, plugins, tmp_path):
    store = tmp_path / "history.db"
    s3 = account.client("s3")
    for bucket in ("keep", "gone"):
        s3.create_bucket(Bucket=bucket)
    engine.scan(request(account, store), plugins)
    s3.delete_bucket(Bucket="gone")
    calls.clear()
    engine.scan(
        request(account, store, events_file(tmp_path, cloudtrail("s3", "DeleteBucket", {"bucketName": "gone"}))),
        plugins,
    )
    assert not [k for k in calls if k.startswith("s3.")]
    with open_store(str(store)) as history:
        latest = history.latest()
        assert history.item_versions("gone")[-1][1].deleted
        assert {i.resourceId for i in history.state(latest).configurationItems} == {"keep"}
        assert {e.resourceId for e in history.evaluations(latest)} == {"keep"}
        assert latest.snapshot["causes"][0]["resources"][0][-1] == "deleted"


def test_a_burst_of_1000_events_over_100_buckets_reads_each_bucket_once(account, calls, plugins, tmp_path):
    store = tmp_path / "history.db"
    s3 = account.client("s3")
    names = [f"bucket-{n:03}" for n in range(100)]
    for name in names:
        s3.create_bucket(Bucket=name)
    engine.scan(request(account, store), plugins)
    burst = [
        put_bucket_versioning(names[n % 100], event_id=f"ev-{n}", time=f"2026-12-03T09:{n // 100:02}:00Z")
        for n in range(1000)
    ]
    calls.clear()
    outcome = engine.scan(request(account, store, events_file(tmp_path, *burst)), plugins)
    assert calls["s3.ListBuckets"] == 100 and calls["s3.GetBucketVersioning"] == 100
    assert outcome.incremental.reads == 100
    assert len(outcome.result.evaluations) == 100
