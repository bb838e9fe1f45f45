"""Demo S3 directory buckets (S3 Express One Zone), in the first region: a log bucket expiring objects after
30 days and a scratch bucket with no lifecycle rule (S3.25).

moto 5.2.5 has no directory buckets: the seed answers ListDirectoryBuckets and, for its own directory buckets only,
GetBucketLifecycleConfiguration, as S3 Express would (every other bucket's read goes to the simulator)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

CREATED = datetime(2026, 9, 14, tzinfo=UTC)
RULES = {
    "ingest-logs--use1-az4--x-s3": [
        {"ID": "expire-after-30-days", "Status": "Enabled", "Expiration": {"Days": 30}, "Filter": {"Prefix": ""}}
    ],
    "ml-scratch--use1-az4--x-s3": None,  # no lifecycle configuration
}


class _Reply:
    headers: dict[str, str] = {}

    def __init__(self, status: int) -> None:
        self.status_code = status


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    listed = [{"Name": name, "CreationDate": CREATED, "BucketRegion": region} for name in RULES]

    def buckets(request_signer: Any, **_: Any) -> tuple[Any, dict[str, Any]]:
        here = listed if request_signer._region_name == region else []
        return _Reply(200), {"Buckets": here, "ResponseMetadata": {"HTTPStatusCode": 200}}

    def lifecycle(params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]] | None:
        bucket = urlsplit(str(params.get("url", ""))).path.strip("/")
        if bucket not in RULES:
            return None  # a general purpose bucket: the simulator answers
        if RULES[bucket] is None:
            error = {"Code": "NoSuchLifecycleConfiguration", "Message": "The lifecycle configuration does not exist"}
            return _Reply(404), {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 404}}
        return _Reply(200), {"Rules": RULES[bucket], "ResponseMetadata": {"HTTPStatusCode": 200}}

    session.events.register("before-call.s3.ListDirectoryBuckets", buckets)
    session.events.register("before-call.s3.GetBucketLifecycleConfiguration", lifecycle)
