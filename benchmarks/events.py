"""Change-triggered evaluation benchmark: requests and seconds from a change event to its
recorded verdict, and a burst of events coalesced to one read per resource.

In moto (in process, us-east-1): N buckets without versioning, one recorded scan of
s3-bucket-versioning-enabled; then PutBucketVersioning on one bucket and ``scan --event`` with
the matching EventBridge event; then a burst of E events over the N buckets. For each it prints
the requests per API (counted by a botocore before-call handler), the seconds from the event
files to the recorded verdict, and what flipped.

    python benchmarks/events.py
    python benchmarks/events.py --buckets 100 --events 1000

Needs moto (the test extra). Figures go to stdout; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compliance import engine  # noqa: E402
from compliance.collect.session import AwsSession  # noqa: E402
from compliance.plugins import load_plugins  # noqa: E402
from compliance.request import (  # noqa: E402
    CollectionSettings,
    EventScope,
    Recording,
    RuleSelection,
    ScanRequest,
    Source,
)
from compliance.testing import simulate_account  # noqa: E402
from tests.events.records import eventbridge, put_bucket_versioning  # noqa: E402

RULE = "s3-bucket-versioning-enabled"


def _request(session, store: str, events: EventScope | None = None) -> ScanRequest:
    return ScanRequest(
        source=Source.from_session(AwsSession(boto_session=session)),
        selection=RuleSelection(rules=(RULE,)),
        collection=CollectionSettings(services=("s3",), regions=("us-east-1",)),
        recording=Recording(store_url=store),
        events=events,
    )


def _event_scan(session, plugins, store: str, events: list[dict], folder: Path, calls: Counter) -> tuple[float, object]:
    path = folder / f"events-{len(events)}.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in events) + "\n")
    calls.clear()
    started = time.perf_counter()
    outcome = engine.scan(_request(session, store, EventScope.from_files([str(path)])), plugins)
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buckets", type=int, default=100)
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    plugins = load_plugins(entry_points_enabled=False)
    with tempfile.TemporaryDirectory() as tmp, simulate_account() as account:
        folder, store = Path(tmp), str(Path(tmp) / "history.db")
        session = account.session
        calls: Counter[str] = Counter()
        session.events.register("before-call", lambda model, **_: calls.update([model.name]))
        s3 = session.client("s3")
        names = [f"bench-bucket-{n:04}" for n in range(args.buckets)]
        for name in names:
            s3.create_bucket(Bucket=name)
        calls.clear()
        started = time.perf_counter()
        engine.scan(_request(session, store), plugins)
        print(
            f"full scan of {args.buckets} buckets: {sum(calls.values())} requests,"
            f" {time.perf_counter() - started:.2f} s"
        )

        s3.put_bucket_versioning(Bucket=names[0], VersioningConfiguration={"Status": "Enabled"})
        seconds, outcome = _event_scan(
            session, plugins, store, [eventbridge(put_bucket_versioning(names[0]))], folder, calls
        )
        flips = [
            (c.resourceId, p.complianceType.value if p else None, c.complianceType.value) for p, c in outcome.changes
        ]
        print(
            f"one PutBucketVersioning event: {sum(calls.values())} requests {dict(calls)},"
            f" {seconds:.3f} s to the recorded verdict"
        )
        print(f"  flipped: {flips}; recorded as scan {outcome.recorded.scan.scanId} ({outcome.recorded.scan.kind})")

        burst = [
            put_bucket_versioning(
                names[n % args.buckets], event_id=f"ev-{n}", time=f"2026-12-03T09:{n // args.buckets % 60:02}:00Z"
            )
            for n in range(args.events)
        ]
        seconds, outcome = _event_scan(session, plugins, store, [eventbridge(e) for e in burst], folder, calls)
        print(
            f"burst of {args.events} events over {args.buckets} buckets: {outcome.incremental.reads} resource reads,"
            f" {sum(calls.values())} requests {dict(calls)}, {seconds:.2f} s,"
            f" {len(outcome.result.evaluations)} evaluations"
        )


if __name__ == "__main__":
    main()
